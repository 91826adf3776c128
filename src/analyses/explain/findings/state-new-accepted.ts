// A rule accepting NEW (often written NEW,ESTABLISHED "to allow replies") also admits the
// first packet of any new outgoing connection it otherwise matches.
import type { Analysis } from '../types.js';
import { pathRules, ruleEvidence, stateMatch, tool, uniqueRules } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectStateNewAccepted(a: Analysis): Finding[] {
  return uniqueRules(pathRules(a))
    .filter((ref) => ref.rule.target.kind === 'accept' && ref.step.result !== 'no-match' && stateMatch(ref.rule)?.states.includes('NEW') === true)
    .map((ref) => makeFinding('state-new-accepted',
      `${ref.chain.name} rule ${ref.rule.position} accepts state ${stateMatch(ref.rule)!.states.join(',')}: NEW admits the first packet of a new connection, so ${ref.step.result === 'match' ? 'it lets' : 'it may let'} Exim's connection to ${ref.attempt.host} [${ref.attempt.address}]:${ref.attempt.port} out.`,
      [ruleEvidence(ref, ref.step.result === 'match' ? 'matches the NEW packet' : 'may match the NEW packet')],
      { summary: 'If the rule is meant for replies only, drop NEW from it; if it is meant to allow new connections, restrict its destination or port.', lines: [`${tool(ref.family)} -R ${ref.chain.name} ${ref.rule.position} … -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT   (the rule's other conditions unchanged)`] }));
}
