// ufw: recognised by its ufw-*/ufw6-* chains or ufw commands; advice as ufw commands.
// `ufw deny 25` is INBOUND only (ufw(8): rules default to "in"): it blocks nothing outgoing.
import type { Analysis } from '../types.js';
import { allowedAddresses } from '../fixes.js';
import { chainNameEvidence, chainNames, rulesetEntries } from './rules.js';
import { makeFinding, type Evidence, type Finding } from './types.js';

export function detectFrameworkUfw(a: Analysis): Finding[] {
  const chains = rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]).filter((c) => /^ufw6?-/.test(c));
  const commands = a.otherTexts.flatMap((t) => t.text.split('\n').map((line, i) => ({ line, n: t.firstLine + i, origin: t.origin })).filter((l) => /^\s*(sudo\s+)?ufw\s/.test(l.line)));
  if (chains.length === 0 && commands.length === 0) return [];
  const inboundOnly = commands.filter((c) => /\bufw\s+(deny|reject)\s+(?!out\b)/.test(c.line));
  const evidence: Evidence[] = [
    ...[...new Set(chains)].slice(0, 4).map((c) => chainNameEvidence(a, c)),
    ...commands.slice(0, 4).map((c) => ({ origin: c.origin, line: c.n, text: c.line, note: inboundOnly.includes(c) ? 'inbound only: no `out`' : 'ufw command' })),
  ];
  const mx = allowedAddresses(a);
  const allows = [...mx[4], ...mx[6]];
  return [makeFinding('framework-ufw',
    `These rules are managed by ufw${chains.length > 0 ? ` (chains ${[...new Set(chains)].slice(0, 3).join(', ')}…)` : ''}. Change them with ufw commands, not iptables, or they are lost on reload.${inboundOnly.length > 0 ? ' `ufw deny PORT` without `out` applies to incoming connections only: it does not stop outgoing mail.' : ''}`,
    evidence,
    { summary: 'With ufw: deny outgoing SMTP, allow only the permitted MX addresses (ufw applies both families when IPV6=yes in /etc/default/ufw).', lines: [
      ...(allows.length > 0 ? allows : ['MX_ADDRESS']).map((ip, i) => `ufw insert ${i + 1} allow out to ${ip} port 25 proto tcp`),
      'ufw deny out 25/tcp', 'ufw deny out 465/tcp', 'ufw deny out 587/tcp', 'ufw status numbered',
    ] })];
}
