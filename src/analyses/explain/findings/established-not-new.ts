// An ESTABLISHED/RELATED accept is what users suspect lets mail out; it does not: the SYN
// that opens Exim's connection is NEW (iptables-extensions(8) conntrack --ctstate).
import type { Analysis } from '../types.js';
import { pathRules, ruleEvidence, stateMatch, uniqueRules } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectEstablishedNotNew(a: Analysis): Finding[] {
  return uniqueRules(pathRules(a))
    .filter((ref) => {
      const s = stateMatch(ref.rule);
      return ref.rule.target.kind === 'accept' && s !== undefined && !s.states.includes('NEW') && (s.states.includes('ESTABLISHED') || s.states.includes('RELATED')) && ref.step.result === 'no-match';
    })
    .map((ref) => makeFinding('established-not-new',
      { chain: ref.chain.name, rule: ref.rule.position, states: [...stateMatch(ref.rule)!.states], ...(ref.rule.counters ? { counters: ref.rule.counters.text } : {}) },
      [ruleEvidence(ref, 'does not match the NEW packet')]));
}
