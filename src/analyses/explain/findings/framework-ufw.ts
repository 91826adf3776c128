// ufw: recognised by its ufw-*/ufw6-* chains or ufw commands; advice as ufw commands.
// `ufw deny 25` is INBOUND only (ufw(8): rules default to "in"): it blocks nothing outgoing.
import type { Analysis } from '../types.js';
import { allowedAddresses } from '../fixes.js';
import { nativeOnly, nftTables } from './native.js';
import { chainNameEvidence, chainNames, rulesetEntries } from './rules.js';
import { makeFinding, type Evidence, type Finding, type FindingArgs } from './types.js';

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
  // on an nft backend ufw writes through iptables-nft: its chains are in `table ip filter`, and
  // native tables beside them filter too without ufw knowing
  const tables = nftTables(a).filter((t) => t.table.chains.some((c) => /^ufw6?-/.test(c.name))).map((t) => t.table.name);
  const others = nativeOnly(a).filter((t) => t.table.chains.some((c) => c.base)).map((t) => t.table.name);
  const args: FindingArgs<'framework-ufw'> = { chains: [...new Set(chains)], inboundOnly: inboundOnly.length > 0, allowed: [...mx[4], ...mx[6]] };
  if (tables.length > 0 || others.length > 0) args.nft = { tables, others };
  return [makeFinding('framework-ufw', args, evidence)];
}
