// A ruleset being built line by line by the save and command parsers: tables and chains in
// the order the text names them. `finishDraft` numbers the rules and turns jumps to chains
// the text never defined into chains whose body is unknown.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { Chain, Family, Rule, Ruleset, RulesetFormat, IptablesTable as TableName } from '../model.js';
import { BUILTIN_CHAINS, TABLE_NAMES } from '../model.js';

export type DraftRule = Omit<Rule, 'position'>;

export interface DraftChain extends Omit<Chain, 'rules'> {
  rules: DraftRule[];
}

export interface Draft {
  tables: Map<TableName, Map<string, DraftChain>>;
  diagnostics: Diagnostic[];
  /** the family the rules themselves show (addresses, icmp6), first one seen */
  familyHint?: Family;
}

export function createDraft(): Draft {
  return { tables: new Map(), diagnostics: [] };
}

export function isTableName(name: string): name is TableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}

export function isBuiltinChain(table: TableName, name: string): boolean {
  return BUILTIN_CHAINS[table].includes(name);
}

export function tableChains(draft: Draft, table: TableName): Map<string, DraftChain> {
  let chains = draft.tables.get(table);
  if (!chains) {
    chains = new Map();
    draft.tables.set(table, chains);
  }
  return chains;
}

export function findDraftChain(draft: Draft, table: TableName, name: string): DraftChain | undefined {
  return draft.tables.get(table)?.get(name);
}

/** The chain, created (body known, no policy) when the text has not named it before. */
export function ensureChain(draft: Draft, table: TableName, name: string, loc?: SourceLoc): DraftChain {
  const chains = tableChains(draft, table);
  let chain = chains.get(name);
  if (!chain) {
    chain = { name, builtin: isBuiltinChain(table, name), bodyKnown: true, rules: [], ...(loc ? { loc } : {}) };
    chains.set(name, chain);
  }
  return chain;
}

/** Rules are the same for `-D CHAIN spec` when their matches and target are (iptables compares the entry). */
export function sameRule(a: Pick<DraftRule, 'matches' | 'target'>, b: Pick<DraftRule, 'matches' | 'target'>): boolean {
  // `-p 6` and `-p tcp` are the same entry: compare protocols by number only
  const key = (r: Pick<DraftRule, 'matches' | 'target'>): string =>
    JSON.stringify([r.matches.map((m) => (m.kind === 'protocol' ? { ...m, text: '' } : m)), r.target]);
  return key(a) === key(b);
}

export interface FinishOptions {
  format: RulesetFormat;
  origin: string;
  family?: Family;
  tool?: string;
  listedChains?: string[];
  /** save text defines every chain it jumps to, so a missing one is worth a warning there */
  missingChainSeverity: 'warning' | 'info';
}

function numberRules(chain: DraftChain): Chain {
  return { ...chain, rules: chain.rules.map((r, i) => numberRule(r, i + 1)) };
}

/**
 * The rule with its position, its keys written out in one order: `{ ...r, position }` gave each
 * rule a hidden class of its own (≈200 bytes a rule of a 100,000-rule deny list, BENCHMARKS.md §4).
 */
function numberRule(r: DraftRule, position: number): Rule {
  return r.counters ? { matches: r.matches, target: r.target, counters: r.counters, loc: r.loc, position } : { matches: r.matches, target: r.target, loc: r.loc, position };
}

export function finishDraft(draft: Draft, options: FinishOptions): Ruleset {
  const diagnostics = [...draft.diagnostics];
  for (const [table, chains] of draft.tables) {
    for (const chain of [...chains.values()]) {
      for (const rule of chain.rules) {
        const t = rule.target;
        if ((t.kind !== 'jump' && t.kind !== 'goto') || chains.has(t.chain)) continue;
        chains.set(t.chain, { name: t.chain, builtin: false, bodyKnown: false, rules: [] });
        diagnostics.push(diagnostic('chain-body-unknown', { chain: t.chain, table }, rule.loc, options.missingChainSeverity));
      }
    }
  }
  const tables = [...draft.tables].map(([name, chains]) => ({ name, chains: [...chains.values()].map(numberRules) }));
  const family = options.family ?? draft.familyHint;
  return {
    ...(family ? { family } : {}),
    format: options.format,
    origin: options.origin,
    tables,
    interfacesKnown: true,
    ...(options.listedChains ? { listedChains: options.listedChains } : {}),
    ...(options.tool ? { tool: options.tool } : {}),
    diagnostics,
  };
}
