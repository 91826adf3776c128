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
      `${ref.chain.name} rule ${ref.rule.position} accepts only ${stateMatch(ref.rule)!.states.join(',')} packets: it does not admit the first packet (state NEW) of a new SMTP connection, so it is not what lets mail out${ref.rule.counters ? ` (its ${ref.rule.counters.text.split(/\s+/)[0]} packets are replies and the rest of connections already let through)` : ''}.`,
      [ruleEvidence(ref, 'does not match the NEW packet')],
      null));
}
