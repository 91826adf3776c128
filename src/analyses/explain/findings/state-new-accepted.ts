// A rule accepting NEW (often written NEW,ESTABLISHED "to allow replies") also admits the
// first packet of any new outgoing connection it otherwise matches.
import type { Analysis } from '../types.js';
import { pathRules, ruleEvidence, stateMatch, uniqueRules } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectStateNewAccepted(a: Analysis): Finding[] {
  return uniqueRules(pathRules(a))
    .filter((ref) => ref.rule.target.kind === 'accept' && ref.step.result !== 'no-match' && stateMatch(ref.rule)?.states.includes('NEW') === true)
    .map((ref) => makeFinding('state-new-accepted',
      { chain: ref.chain.name, rule: ref.rule.position, states: [...stateMatch(ref.rule)!.states], certain: ref.step.result === 'match', host: ref.attempt.host, address: ref.attempt.address, port: ref.attempt.port, family: ref.family, mta: a.mta },
      [ruleEvidence(ref, ref.step.result === 'match' ? 'matches the NEW packet' : 'may match the NEW packet')]));
}
