// No ip6tables data while the plan has IPv6 attempts: the IPv6 path is unknown and, on many
// hosts, wide open. Exim tries IPv6 first unless ipv4_prefer/ipv4_only/disable_ipv6 (exim.md §3).
import type { Analysis } from '../types.js';
import { makeFinding, type Finding } from './types.js';

export function detectIpv6Unknown(a: Analysis): Finding[] {
  if (a.rulesets[6]) return [];
  const v6 = a.attempts.filter((x) => x.family === 6);
  if (v6.length === 0) return [];
  const first = a.attempts[0];
  const preferred = first?.family === 6;
  const hosts = [...new Set(v6.map((x) => x.host))];
  const known = v6.filter((x) => x.address !== undefined).length;
  const evidence = v6.slice(0, 3).map((x) => ({ origin: 'delivery plan', note: `attempt ${x.order}: ${x.host} [${x.address ?? '?'}]:${x.port}`, family: 6 as const }));
  return [makeFinding('ipv6-unknown', { domain: a.domain, attempts: v6.length, hosts, addressesKnown: known > 0, ipv6First: preferred, mta: a.mta, randomOrder: v6.some((x) => x.randomGroup !== undefined && a.attempts.some((y) => y.family === 4 && y.randomGroup === x.randomGroup)) }, evidence)];
}
