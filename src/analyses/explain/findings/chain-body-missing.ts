// A rule on the packet's path jumps to a chain whose rules were not supplied: they may accept,
// drop or return. The jump's counters show how much traffic goes through it.
import { listCommand } from '../../../firewall/simulate/tables.js';
import type { Analysis } from '../types.js';
import { findChainIn } from './native.js';
import { pathRules, ruleEvidence, uniqueRules } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectChainBodyMissing(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of uniqueRules(pathRules(a))) {
    const t = ref.rule.target;
    if ((t.kind !== 'jump' && t.kind !== 'goto') || ref.step.result === 'no-match') continue;
    const target = findChainIn(a, ref.family, ref.table, t.chain);
    if (target?.bodyKnown) continue;
    const key = `${ref.family}:${ref.table}:${t.chain}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const command = listCommand(ref.family, ref.table, t.chain);
    findings.push(makeFinding('chain-body-missing',
      { chain: ref.chain.name, rule: ref.rule.position, via: t.kind, target: t.chain, family: ref.family, ...(ref.rule.counters ? { counters: ref.rule.counters.text } : {}), command },
      [ruleEvidence(ref, `rule ${ref.rule.position} → ${t.chain}`)]));
  }
  return findings;
}
