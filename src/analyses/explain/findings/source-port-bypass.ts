// `ACCEPT … spt:53` meant for DNS replies matches any packet with source port 53: any process
// that binds port 53 (root, or CAP_NET_BIND_SERVICE) reaches any destination port, 25 included.
// The same in a native table (`udp sport 53 accept` in a chain the output hook reaches).
// Flagged even when it does not decide the mail's packet.
import { isIptablesTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { chainsOnHook, isNativeTableName, nftPlace, nftTables } from './native.js';
import { allRules, portMatches, ruleEvidence, stateMatch, uniqueRules, type RuleRef } from './rules.js';
import { makeFinding, type Finding } from './types.js';

/** iptables' filter chains other than INPUT/FORWARD; a native table's chains the output hook reaches. */
function onOutputPath(a: Analysis, ref: RuleRef): boolean {
  if (isIptablesTable(ref.table)) return ref.table === 'filter' && !ref.chain.name.startsWith('INPUT') && ref.chain.name !== 'FORWARD';
  const table = nftTables(a).find((t) => t.table.name === ref.table)?.table;
  return table !== undefined && chainsOnHook(table, 'output', 'filter').has(ref.chain.name);
}

export function detectSourcePortBypass(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  // an inet table is in both families' rulesets: its rule is said once (under IPv4)
  const candidates = uniqueRules(allRules(a)).filter((ref) => {
    if (ref.rule.target.kind !== 'accept' || !onOutputPath(a, ref)) return false;
    const src = portMatches(ref.rule, 'src').filter((m) => !m.negated);
    if (src.length === 0 || portMatches(ref.rule, 'dst').length > 0 || portMatches(ref.rule, 'any').length > 0) return false;
    if (ref.rule.matches.some((m) => m.kind === 'owner')) return false;
    const state = stateMatch(ref.rule);
    return !state || state.states.includes('NEW');
  });
  for (const family of [4, 6] as const) {
    const bypasses = candidates.filter((r) => r.family === family);
    if (bypasses.length === 0) continue;
    findings.push(makeFinding('source-port-bypass',
      { family, rules: bypasses.map((r) => ({ chain: r.chain.name, rule: r.rule.position, ...(!isNativeTableName(a, r.table) ? {} : { nft: nftPlace(r.table, r.chain.name, r.rule) }) })) },
      bypasses.map((r) => ruleEvidence(r, `source port ${portMatches(r.rule, 'src').map((m) => m.ranges.map((x) => (x.from === x.to ? x.from : `${x.from}:${x.to}`)).join(',')).join(' ')} only`))));
  }
  return findings;
}
