// `-g CHAIN` from a builtin chain: when CHAIN falls through (or RETURNs), processing does not
// come back after the goto but ends the builtin chain, so its policy decides (iptables(8) --goto).
import type { Analysis } from '../types.js';
import { findChainIn } from './native.js';
import { allRules, chainEvidence, isBuiltin, pathRules, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectGotoPolicy(a: Analysis): Finding[] {
  const visited = new Set(pathRules(a).filter((r) => r.step.result !== 'no-match').map((r) => `${r.family}:${r.table}:${r.chain.name}:${r.rule.position}`));
  const anyTrace = a.attempts.some((x) => x.trace !== null);
  return allRules(a)
    .filter((ref) => ref.rule.target.kind === 'goto' && isBuiltin(ref.table, ref.chain.name) && ref.chain.policy !== undefined)
    .filter((ref) => !anyTrace || visited.has(`${ref.family}:${ref.table}:${ref.chain.name}:${ref.rule.position}`))
    .map((ref) => {
      const to = ref.rule.target.kind === 'goto' ? ref.rule.target.chain : '';
      const target = findChainIn(a, ref.family, ref.table, to);
      return makeFinding('goto-policy',
        { chain: ref.chain.name, rule: ref.rule.position, to, policy: ref.chain.policy },
        [ruleEvidence(ref, `goto ${to}`), chainEvidence(ref.family, ref.chain, `policy ${ref.chain.policy}`), ...(target?.loc ? [chainEvidence(ref.family, target)] : [])]);
    });
}
