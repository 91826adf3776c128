// Applies one iptables(8) command to a draft ruleset, as the kernel table would change:
// -A appends, -I inserts at a position (default 1), -D deletes by number or by an equal rule,
// -R replaces, -N/-X create/delete chains, -F flushes, -P sets a policy, -E renames.
import type { DiagnosticArgs, DiagnosticCode, Severity, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { Counters, Family, IptablesTable as TableName } from '../model.js';
import type { IptablesCommand } from './commands-argv.js';
import { parseRuleSpec } from './rule-spec.js';
import type { Draft, DraftChain, DraftRule } from './ruleset-draft.js';
import { ensureChain, findDraftChain, isBuiltinChain, sameRule, tableChains } from './ruleset-draft.js';
import type { ShellWord } from './shell-words.js';

export interface ApplyContext {
  loc: SourceLoc;
  family?: Family;
  /** save text declares chains before using them: a missing one is worth a warning */
  declaredChainsOnly: boolean;
  /** counters printed before the rule (`[p:b] -A …`) */
  counters?: Counters;
}

function note<C extends DiagnosticCode>(draft: Draft, ctx: ApplyContext, code: C, args: DiagnosticArgs<C>, severity?: Severity): void {
  draft.diagnostics.push(diagnostic(code, args, ctx.loc, severity));
}

/** The chain a rule goes to; a user chain nobody created is created, with a note. */
export function chainForRule(draft: Draft, table: TableName, name: string, ctx: ApplyContext): DraftChain {
  const existing = findDraftChain(draft, table, name);
  if (existing) return existing;
  if (!isBuiltinChain(table, name) || ctx.declaredChainsOnly) {
    note(draft, ctx, 'chain-not-declared', { chain: name, table }, ctx.declaredChainsOnly ? 'warning' : 'info');
  }
  // iptables-restore refuses -A to an undeclared user chain, so in save text the name is most
  // likely damaged (redacted, cut): the rule may belong to any chain of the table
  if (ctx.declaredChainsOnly && !isBuiltinChain(table, name)) {
    for (const chain of tableChains(draft, table).values()) {
      chain.rules.push({ matches: [{ kind: 'unknown', text: ctx.loc.text }], target: { kind: 'unknown', name: name, text: ctx.loc.text }, loc: ctx.loc });
    }
  }
  return ensureChain(draft, table, name);
}

function buildRules(draft: Draft, table: TableName, spec: readonly ShellWord[], ctx: ApplyContext): DraftRule[] {
  const parsed = parseRuleSpec(spec, { loc: ctx.loc, ...(ctx.family ? { family: ctx.family } : {}) });
  for (const d of parsed.diagnostics) draft.diagnostics.push(d);
  if (parsed.familyHint) draft.familyHint ??= parsed.familyHint;
  const counters = ctx.counters ?? parsed.counters;
  let target = parsed.target;
  if (target.kind === 'nat' && table !== 'nat') {
    // iptables-extensions(8): the NAT targets are "only valid in the nat table"; iptables refuses the rule
    note(draft, ctx, 'target-wrong-table', { action: target.action, table });
    target = { kind: 'unknown', name: target.action, text: target.text };
  }
  // literals of fixed keys, not a conditional spread: one hidden class for every rule (BENCHMARKS.md §4)
  return parsed.variants.map((matches): DraftRule => (counters ? { matches, target, counters, loc: ctx.loc } : { matches, target, loc: ctx.loc }));
}

function deleteRules(draft: Draft, chain: DraftChain, rules: DraftRule[], ctx: ApplyContext): void {
  for (const rule of rules) {
    const at = chain.rules.findIndex((r) => sameRule(r, rule));
    if (at < 0) note(draft, ctx, 'delete-no-match', { chain: chain.name });
    else chain.rules.splice(at, 1);
  }
}

function renameChain(draft: Draft, table: TableName, from: string, to: string, ctx: ApplyContext): void {
  const chains = tableChains(draft, table);
  if (!chains.has(from)) { note(draft, ctx, 'unknown-chain', { op: '-E', chain: from }); return; }
  const renamed = new Map([...chains].map(([name, c]) => (name === from ? [to, { ...c, name: to }] : [name, c])));
  chains.clear();
  for (const [name, c] of renamed) {
    c.rules = c.rules.map((r) => ((r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === from ? { ...r, target: { ...r.target, chain: to } } : r));
    chains.set(name, c);
  }
}

export function applyCommand(draft: Draft, table: TableName, command: IptablesCommand, spec: readonly ShellWord[], ctx: ApplyContext): void {
  switch (command.op) {
    case 'append': {
      // a loop, not push(...): a comma list of 200,000 addresses makes that many rules, too many arguments for a call
      const chain = chainForRule(draft, table, command.chain, ctx);
      for (const rule of buildRules(draft, table, spec, ctx)) chain.rules.push(rule);
      return;
    }
    case 'insert': {
      const chain = chainForRule(draft, table, command.chain, ctx);
      if (command.position < 1 || command.position > chain.rules.length + 1) {
        note(draft, ctx, 'bad-rule-number', { op: '-I', chain: command.chain, position: command.position });
        return;
      }
      // each expanded rule is inserted at the same number, so the last ends up first (iptables.c insert_entry)
      // (done in one pass: a splice per rule is quadratic for a list of 100,000 addresses)
      const rules = buildRules(draft, table, spec, ctx).reverse();
      const after = chain.rules.splice(command.position - 1);
      for (const rule of rules) chain.rules.push(rule);
      for (const rule of after) chain.rules.push(rule);
      return;
    }
    case 'delete': {
      const chain = findDraftChain(draft, table, command.chain);
      if (!chain) { note(draft, ctx, 'unknown-chain', { op: '-D', chain: command.chain, table }); return; }
      if (command.position === undefined) { deleteRules(draft, chain, buildRules(draft, table, spec, ctx), ctx); return; }
      if (command.position < 1 || command.position > chain.rules.length) note(draft, ctx, 'bad-rule-number', { op: '-D', chain: command.chain, position: command.position });
      else chain.rules.splice(command.position - 1, 1);
      return;
    }
    case 'replace': {
      const chain = chainForRule(draft, table, command.chain, ctx);
      const rules = buildRules(draft, table, spec, ctx);
      if (command.position < 1 || command.position > chain.rules.length || rules.length !== 1) {
        note(draft, ctx, 'bad-rule-number', { op: '-R', chain: command.chain, position: command.position });
        return;
      }
      chain.rules[command.position - 1] = rules[0]!;
      return;
    }
    case 'new-chain':
      if (findDraftChain(draft, table, command.chain)) note(draft, ctx, 'chain-exists', { chain: command.chain });
      ensureChain(draft, table, command.chain, ctx.loc);
      return;
    case 'delete-chain': {
      const chains = tableChains(draft, table);
      const names = command.chain ? [command.chain] : [...chains.values()].filter((c) => !c.builtin).map((c) => c.name);
      for (const name of names) {
        const c = chains.get(name);
        if (!c || c.builtin) { note(draft, ctx, 'unknown-chain', { op: '-X', chain: name }); continue; }
        if (c.rules.length) { note(draft, ctx, 'chain-not-empty', { chain: name }); continue; }
        chains.delete(name);
      }
      return;
    }
    case 'flush':
      for (const c of tableChains(draft, table).values()) if (!command.chain || c.name === command.chain) c.rules = [];
      return;
    case 'policy': {
      if (!isBuiltinChain(table, command.chain)) { note(draft, ctx, 'bad-policy', { problem: 'not-builtin', chain: command.chain, table }); return; }
      if (command.policy !== 'ACCEPT' && command.policy !== 'DROP') { note(draft, ctx, 'bad-policy', { problem: 'not-accept-drop', chain: command.chain, policy: command.policy }); return; }
      const chain = ensureChain(draft, table, command.chain, ctx.loc);
      chain.policy = command.policy;
      chain.loc = ctx.loc;
      // -S -v prints `-P INPUT DROP -c P B`
      const counters = ctx.counters ?? parseRuleSpec(spec, { loc: ctx.loc }).counters;
      if (counters) chain.policyCounters = counters;
      return;
    }
    case 'rename':
      renameChain(draft, table, command.chain, command.newName, ctx);
      return;
    case 'list':
    case 'other':
      return;
  }
}
