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
  const order = preferred ? 'Exim tries IPv6 first' : 'Exim tries them when IPv4 fails';
  // when DNS did not say, the IPv6 attempts are only possible ones: do not claim the addresses exist
  const message = known > 0
    ? `${a.domain}'s mail hosts have IPv6 addresses (${v6.length} IPv6 attempt${v6.length === 1 ? '' : 's'}: ${hosts.slice(0, 3).join(', ')}${hosts.length > 3 ? ', …' : ''}) and ${order}, but no ip6tables data was supplied: an IPv4-only restriction does not stop mail over IPv6.`
    : `The addresses of ${hosts.slice(0, 3).join(', ')}${hosts.length > 3 ? ', …' : ''} are not known, and no ip6tables data was supplied: if they have AAAA records, ${order}, and an IPv4-only restriction does not stop mail over IPv6.`;
  const evidence = v6.slice(0, 3).map((x) => ({ origin: 'delivery plan', note: `attempt ${x.order}: ${x.host} [${x.address ?? '?'}]:${x.port}`, family: 6 as const }));
  const fix = {
    summary: 'Supply the IPv6 firewall so it can be checked (or stop Exim using IPv6: `disable_ipv6 = true`).',
    lines: ['ip6tables-save -c', 'ip6tables -L -n -v --line-numbers', 'ip6tables -t nat -L -n -v --line-numbers'],
  };
  return [makeFinding('ipv6-unknown', message, evidence, fix)];
}
