// The connection falls through every rule and the builtin chain's ACCEPT policy lets it out; for
// a native nft base chain, its policy accept (nft(8) CHAINS: a base chain without `policy` accepts).
import { findChain, findTable } from '../../../firewall/model.js';
import type { TableName } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { findChainIn, isNativeTableName, nftPlace } from './native.js';
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
    const decided = a.attempts.filter((x) => x.family === family && x.verdict === 'ACCEPT' && x.decidedBy?.policy === true && !isNativeTableName(a, x.decidedBy.table));
    const maybe = a.attempts.filter((x) => x.family === family && x.verdict === 'UNKNOWN' && x.trace?.possible.includes('ACCEPT'));
    if (decided.length === 0 && maybe.length === 0) continue;
    findings.push(makeFinding('policy-accept', { family, decided: decided.length, chain: name }, [chainEvidence(family, output, 'policy ACCEPT')]));
  }
  return [...findings, ...nativePolicyAccept(a)];
}

/** Attempts a native base chain's policy accept lets out, once per chain (an inet chain for both families). */
function nativePolicyAccept(a: Analysis): Finding[] {
  if (a.container) return [];
  const byChain = new Map<string, { table: TableName; chain: string; families: Set<4 | 6>; decided: number }>();
  for (const x of a.attempts) {
    const by = x.decidedBy;
    if (x.verdict !== 'ACCEPT' || !x.leavesHost || by?.policy !== true || !isNativeTableName(a, by.table)) continue;
    const key = `${by.table} ${by.chain}`;
    const entry = byChain.get(key) ?? { table: by.table, chain: by.chain, families: new Set(), decided: 0 };
    entry.families.add(x.family);
    entry.decided++;
    byChain.set(key, entry);
  }
  return [...byChain.values()].flatMap((e) => {
    const family = e.families.size === 2 ? 'both' as const : [...e.families][0]!;
    const chain = findChainIn(a, family === 'both' ? 4 : family, e.table, e.chain);
    if (!chain) return [];
    return [makeFinding('policy-accept', { family, decided: e.decided, nft: nftPlace(e.table, e.chain) }, [chainEvidence(family === 'both' ? 6 : family, chain, `${e.table} ${e.chain} policy accept`)])];
  });
}
