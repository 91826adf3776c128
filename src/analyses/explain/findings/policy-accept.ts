// The connection falls through every rule and the builtin chain's ACCEPT policy lets it out.
import { findChain, findTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { chainEvidence, tool } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectPolicyAccept(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  for (const family of [4, 6] as const) {
    const ruleset = a.rulesets[family];
    if (!ruleset) continue;
    const output = findChain(findTable(ruleset, 'filter'), 'OUTPUT');
    if (output?.policy !== 'ACCEPT') continue;
    const decided = a.attempts.filter((x) => x.family === family && x.verdict === 'ACCEPT' && x.decidedBy?.policy === true);
    const maybe = a.attempts.filter((x) => x.family === family && x.verdict === 'UNKNOWN' && x.trace?.possible.includes('ACCEPT'));
    if (decided.length === 0 && maybe.length === 0) continue;
    const message = decided.length > 0
      ? `No rule in ${tool(family)} OUTPUT decides ${decided.length} SMTP attempt(s); the OUTPUT policy ACCEPT lets them out.`
      : `The ${tool(family)} OUTPUT policy is ACCEPT: whatever the undecided rules do not stop goes out.`;
    findings.push(makeFinding('policy-accept', message, [chainEvidence(family, output, 'policy ACCEPT')],
      { summary: 'Reject outgoing SMTP explicitly at the end of OUTPUT (or make the policy DROP only with every needed ACCEPT in place).', lines: [`${tool(family)} -A OUTPUT -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset`] }));
  }
  return findings;
}
