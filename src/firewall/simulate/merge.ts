// Several inputs of one family (a filter listing plus `iptables -t nat -L`, or two files)
// become one ruleset, table by table. A chain given twice with different rules is a conflict:
// the first one is kept and the conflict is diagnosed, never silently mixed.
import type { Diagnostic } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { Chain, Rule, Ruleset, Table, TableName } from '../model.js';
import { TABLE_NAMES } from '../model.js';

function ruleSignature(rule: Rule): string {
  return JSON.stringify([rule.matches, rule.target]);
}

function sameRules(a: Chain, b: Chain): boolean {
  if (a.rules.length !== b.rules.length) return false;
  return a.rules.every((r, i) => ruleSignature(r) === ruleSignature(b.rules[i]!));
}

/** Combines two descriptions of one chain; undefined when they disagree. */
function mergeChain(kept: Chain, other: Chain): Chain | undefined {
  if (!other.bodyKnown) return kept.policy || !other.policy ? kept : { ...kept, policy: other.policy };
  if (!kept.bodyKnown) return kept.policy && !other.policy ? { ...other, policy: kept.policy } : other;
  if (!sameRules(kept, other)) return undefined;
  if (kept.policy && other.policy && kept.policy !== other.policy) return undefined;
  return kept.policy ? kept : { ...kept, policy: other.policy };
}

function mergeFormats(rulesets: readonly Ruleset[]): Ruleset['format'] {
  const formats = new Set(rulesets.map((r) => r.format));
  if (formats.size === 1) return rulesets[0]!.format;
  // a listing shows one table per command: absent tables then mean "not supplied"
  return formats.has('listing') ? 'listing' : formats.has('rules') ? 'rules' : rulesets[0]!.format;
}

export function mergeRulesets(rulesets: readonly Ruleset[]): Ruleset {
  if (rulesets.length === 0) return { format: 'listing', origin: '', tables: [], interfacesKnown: true, diagnostics: [] };
  if (rulesets.length === 1) return rulesets[0]!;
  const diagnostics: Diagnostic[] = rulesets.flatMap((r) => r.diagnostics);
  const families = [...new Set(rulesets.map((r) => r.family).filter((f) => f !== undefined))];
  if (families.length > 1) {
    diagnostics.push(diagnostic('merge-family-conflict', { inputs: rulesets.map((r) => ({ origin: r.origin, ...(r.family ? { family: r.family } : {}) })) }));
  }
  const chains = new Map<TableName, Map<string, { chain: Chain; origin: string }>>();
  for (const ruleset of rulesets) {
    for (const table of ruleset.tables) {
      let known = chains.get(table.name);
      if (!known) chains.set(table.name, (known = new Map()));
      for (const chain of table.chains) {
        const prior = known.get(chain.name);
        if (!prior) {
          known.set(chain.name, { chain, origin: ruleset.origin });
          continue;
        }
        const merged = mergeChain(prior.chain, chain);
        if (merged) known.set(chain.name, { chain: merged, origin: prior.origin });
        else diagnostics.push(diagnostic('merge-chain-conflict', { table: table.name, chain: chain.name, kept: prior.origin, dropped: ruleset.origin }, chain.loc));
      }
    }
  }
  const tables: Table[] = TABLE_NAMES.filter((name) => chains.has(name)).map((name) => ({ name, chains: [...chains.get(name)!.values()].map((c) => c.chain) }));
  const listed = rulesets.map((r) => r.listedChains);
  const merged: Ruleset = {
    format: mergeFormats(rulesets),
    origin: rulesets.map((r) => r.origin).join(', '),
    tables,
    interfacesKnown: rulesets.every((r) => r.interfacesKnown),
    diagnostics,
  };
  if (families[0] !== undefined) merged.family = families[0];
  if (listed.every((l) => l !== undefined)) merged.listedChains = [...new Set(listed.flat() as string[])];
  const tool = rulesets.find((r) => r.tool)?.tool;
  if (tool) merged.tool = tool;
  if (rulesets.every((r) => r.noTablesLoaded)) merged.noTablesLoaded = true;
  return merged;
}
