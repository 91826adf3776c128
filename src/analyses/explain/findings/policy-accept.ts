// The connection falls through every rule and the builtin chain's ACCEPT policy lets it out.
import { findChain, findTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { chainEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectPolicyAccept(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  for (const family of [4, 6] as const) {
    const ruleset = a.rulesets[family];
    if (!ruleset) continue;
    // a containerised MTA's mail is forwarded: FORWARD's policy is the one it falls to
    const name = a.container ? 'FORWARD' : 'OUTPUT';
    const output = findChain(findTable(ruleset, 'filter'), name);
    if (output?.policy !== 'ACCEPT') continue;
    const decided = a.attempts.filter((x) => x.family === family && x.verdict === 'ACCEPT' && x.decidedBy?.policy === true);
    const maybe = a.attempts.filter((x) => x.family === family && x.verdict === 'UNKNOWN' && x.trace?.possible.includes('ACCEPT'));
    if (decided.length === 0 && maybe.length === 0) continue;
    findings.push(makeFinding('policy-accept', { family, decided: decided.length, chain: name }, [chainEvidence(family, output, 'policy ACCEPT')]));
  }
  return findings;
}
