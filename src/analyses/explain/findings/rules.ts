// Small queries over rulesets and traces that several findings share.
import type { Chain, Family, Match, Rule, Ruleset, TableName } from '../../../firewall/model.js';
import { BUILTIN_CHAINS, findChain, findTable, isIptablesTable } from '../../../firewall/model.js';
import type { TraceStep } from '../../../firewall/simulate/types.js';
import type { Analysis, AttemptResult } from '../types.js';
import { familyRulesets, findChainIn } from './native.js';
import type { Evidence } from './types.js';

export const SMTP_PORTS = [25, 465, 587] as const;

export interface RuleRef {
  family: Family;
  table: TableName;
  chain: Chain;
  rule: Rule;
}

export interface PathRule extends RuleRef {
  step: TraceStep;
  attempt: AttemptResult;
}

/** Every ruleset with its family: iptables rules and the native nft tables beside them. */
export function rulesetEntries(a: Analysis): [Family, Ruleset][] {
  const out: [Family, Ruleset][] = [];
  for (const family of [4, 6] as const) for (const r of familyRulesets(a, family)) out.push([family, r]);
  return out;
}

export function allRules(a: Analysis, table?: TableName): RuleRef[] {
  const out: RuleRef[] = [];
  for (const [family, ruleset] of rulesetEntries(a)) {
    for (const t of ruleset.tables) {
      if (table && t.name !== table) continue;
      for (const chain of t.chains) for (const rule of chain.rules) out.push({ family, table: t.name, chain, rule });
    }
  }
  return out;
}

/** Every rule a traced attempt visited, with the step (result, reason) it produced. */
export function pathRules(a: Analysis, attempts: AttemptResult[] = a.attempts): PathRule[] {
  const out: PathRule[] = [];
  for (const attempt of attempts) {
    if (!attempt.trace) continue;
    for (const step of attempt.trace.path) {
      if (step.rule === undefined) continue;
      const chain = findChainIn(a, attempt.family, step.table, step.chain);
      // positions are normally dense (rule n at index n-1): a find() per step made explain
      // quadratic, minutes on a 100,000-rule deny list
      const at = chain?.rules[step.rule - 1];
      const rule = at?.position === step.rule ? at : chain?.rules.find((r) => r.position === step.rule);
      if (chain && rule) out.push({ family: attempt.family, table: step.table, chain, rule, step, attempt });
    }
  }
  return out;
}

/** One entry per rule (the first attempt that met it), in path order. */
export function uniqueRules<T extends RuleRef>(refs: T[]): T[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    // an nft inet table is in both families' rulesets: one rule, said once
    const key = `${r.table.startsWith('inet ') ? 'inet' : r.family}:${r.table}:${r.chain.name}:${r.rule.position}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function isBuiltin(table: TableName, chain: string): boolean {
  return isIptablesTable(table) && BUILTIN_CHAINS[table].includes(chain);
}

/** A chain the kernel enters from a hook: an iptables builtin chain, or an nft base chain. */
export function isBaseChain(table: TableName, chain: Chain): boolean {
  return isIptablesTable(table) ? BUILTIN_CHAINS[table].includes(chain.name) : chain.base !== undefined;
}

export function ruleEvidence(ref: RuleRef, note?: string): Evidence {
  const e: Evidence = { origin: ref.rule.loc.origin, line: ref.rule.loc.line, text: ref.rule.loc.text, family: ref.family };
  if (ref.rule.counters) e.counters = ref.rule.counters.text;
  if (note) e.note = note;
  return e;
}

export function chainEvidence(family: Family, chain: Chain, note?: string): Evidence {
  const e: Evidence = { origin: chain.loc?.origin ?? '', family };
  if (chain.loc) Object.assign(e, { line: chain.loc.line, text: chain.loc.text });
  if (chain.policyCounters) e.counters = chain.policyCounters.text;
  if (note) e.note = note;
  return e;
}

export function describeRule(ref: RuleRef): string {
  return `${ref.table === 'filter' ? '' : `${ref.table} `}${ref.chain.name} rule ${ref.rule.position}`;
}

/** The filter table's rules: iptables' filter, and native tables' rules outside nat/route base chains. */
export function filterRules(a: Analysis): RuleRef[] {
  return uniqueRules(allRules(a)).filter((ref) => (isIptablesTable(ref.table) ? ref.table === 'filter' : ref.chain.base === undefined || ref.chain.base.type === 'filter'));
}

export function tool(family: Family): string {
  return family === 6 ? 'ip6tables' : 'iptables';
}

export function stateMatch(rule: Rule): Extract<Match, { kind: 'state' }> | undefined {
  return rule.matches.find((m): m is Extract<Match, { kind: 'state' }> => m.kind === 'state' && !m.negated);
}

export function portMatches(rule: Rule, dir: 'src' | 'dst' | 'any'): Extract<Match, { kind: 'port' }>[] {
  return rule.matches.filter((m): m is Extract<Match, { kind: 'port' }> => m.kind === 'port' && m.dir === dir);
}

/** Does the rule's destination-port condition (if any) admit one of the SMTP ports? */
export function admitsSmtpPort(rule: Rule): boolean {
  const ports = [...portMatches(rule, 'dst'), ...portMatches(rule, 'any')];
  if (ports.length === 0) return true;
  return ports.every((m) => SMTP_PORTS.some((p) => m.ranges.some((r) => r.from <= p && p <= r.to) !== m.negated));
}

export function hasDestination(rule: Rule): boolean {
  return rule.matches.some((m) => (m.kind === 'address' && m.dir === 'dst' && !m.negated && !(m.address.type === 'cidr' && m.address.prefix === 0)) || (m.kind === 'iprange' && m.dir === 'dst'));
}

/** Every chain name a ruleset mentions: chains listed and targets jumped to. */
export function chainNames(ruleset: Ruleset): Set<string> {
  const names = new Set<string>();
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      names.add(chain.name);
      for (const rule of chain.rules) if (rule.target.kind === 'jump' || rule.target.kind === 'goto') names.add(rule.target.chain);
        else if (rule.target.kind === 'unknown') names.add(rule.target.name);
    }
  }
  return names;
}

/** Evidence for a chain known by name: its header line, or else the first rule jumping to it. */
export function chainNameEvidence(a: Analysis, name: string): Evidence {
  for (const [family, ruleset] of rulesetEntries(a)) {
    for (const table of ruleset.tables) {
      const chain = table.chains.find((c) => c.name === name);
      if (chain?.loc) return chainEvidence(family, chain, `chain ${name}`);
    }
  }
  const jump = allRules(a).find((r) => (r.rule.target.kind === 'jump' || r.rule.target.kind === 'goto') && r.rule.target.chain === name);
  return jump ? ruleEvidence(jump, `jumps to ${name}`) : { origin: 'ruleset', note: `chain ${name}` };
}
