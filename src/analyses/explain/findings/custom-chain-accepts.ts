// The ACCEPT that lets the mail out sits in a user-defined chain (often a framework's), not in
// OUTPUT where the admin looked.
import { findChain, findTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { isBuiltin, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectCustomChainAccepts(a: Analysis): Finding[] {
  // for a containerised MTA, container-forward names the FORWARD-side chain that decides
  if (a.container) return [];
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const attempt of a.attempts) {
    const by = attempt.decidedBy;
    const ruleset = a.rulesets[attempt.family];
    if (attempt.verdict !== 'ACCEPT' || !by || by.policy || !ruleset || isBuiltin(by.table, by.chain)) continue;
    const key = `${attempt.family}:${by.table}:${by.chain}:${by.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const chain = findChain(findTable(ruleset, by.table), by.chain);
    const rule = chain?.rules.find((r) => r.position === by.rule);
    if (!chain || !rule) continue;
    const ref = { family: attempt.family, table: by.table, chain, rule };
    findings.push(makeFinding('custom-chain-accepts',
      { chain: chain.name, rule: rule.position, host: attempt.host, address: attempt.address, port: attempt.port, family: attempt.family },
      [ruleEvidence(ref, `${chain.name} rule ${rule.position} accepts`)]));
  }
  return findings;
}
