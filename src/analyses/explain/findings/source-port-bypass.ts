// `ACCEPT … spt:53` meant for DNS replies matches any packet with source port 53: any process
// that binds port 53 (root, or CAP_NET_BIND_SERVICE) reaches any destination port, 25 included.
// Flagged even when it does not decide the mail's packet.
import type { Analysis } from '../types.js';
import { allRules, portMatches, ruleEvidence, stateMatch } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectSourcePortBypass(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  for (const family of [4, 6] as const) {
    const bypasses = allRules(a, 'filter').filter((ref) => {
      if (ref.family !== family || ref.rule.target.kind !== 'accept') return false;
      if (ref.chain.name.startsWith('INPUT') || ref.chain.name === 'INPUT' || ref.chain.name === 'FORWARD') return false;
      const src = portMatches(ref.rule, 'src').filter((m) => !m.negated);
      if (src.length === 0 || portMatches(ref.rule, 'dst').length > 0 || portMatches(ref.rule, 'any').length > 0) return false;
      if (ref.rule.matches.some((m) => m.kind === 'owner')) return false;
      const state = stateMatch(ref.rule);
      return !state || state.states.includes('NEW');
    });
    if (bypasses.length === 0) continue;
    findings.push(makeFinding('source-port-bypass',
      { family, rules: bypasses.map((r) => ({ chain: r.chain.name, rule: r.rule.position })) },
      bypasses.map((r) => ruleEvidence(r, `source port ${portMatches(r.rule, 'src').map((m) => m.ranges.map((x) => (x.from === x.to ? x.from : `${x.from}:${x.to}`)).join(',')).join(' ')} only`))));
  }
  return findings;
}
