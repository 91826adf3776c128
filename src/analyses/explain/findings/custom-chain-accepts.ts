// The ACCEPT that lets the mail out sits in a user-defined chain (often a framework's), not in
// OUTPUT where the admin looked.
import { isIptablesTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { findChainIn } from './native.js';
import { isBaseChain, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectCustomChainAccepts(a: Analysis): Finding[] {
  // for a containerised MTA, container-forward names the FORWARD-side chain that decides
  if (a.container) return [];
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const attempt of a.attempts) {
    const by = attempt.decidedBy;
    if (attempt.verdict !== 'ACCEPT' || !by || by.policy) continue;
    // an inet table's chain is one chain for both families
    const key = `${by.table.startsWith('inet ') ? 'inet' : attempt.family}:${by.table}:${by.chain}:${by.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const chain = findChainIn(a, attempt.family, by.table, by.chain);
    const rule = chain?.rules.find((r) => r.position === by.rule);
    if (!chain || !rule || isBaseChain(by.table, chain)) continue;
    const base = isIptablesTable(by.table) ? {} : { table: by.table, ...entryOf(attempt.trace?.path ?? [], by.table) };
    const ref = { family: attempt.family, table: by.table, chain, rule };
    findings.push(makeFinding('custom-chain-accepts',
      { chain: chain.name, rule: rule.position, host: attempt.host, address: attempt.address, port: attempt.port, family: attempt.family, ...base },
      [ruleEvidence(ref, `${chain.name} rule ${rule.position} accepts`)]));
  }
  return findings;
}

/** The base chain of a native table the packet entered before jumping (the path's first step in that table). */
function entryOf(path: { table: string; chain: string; depth: number }[], table: string): { base?: string } {
  const step = path.find((s) => s.table === table && s.depth === 0);
  return step ? { base: step.chain } : {};
}
