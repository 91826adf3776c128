// Statements (ir.ts) → the model: one Table per nft table, named as nft prints it ("inet
// filter"); base chains keep their hook, priority and type; every rule keeps its position as
// listed. A verdict map becomes one model rule per entry at the same position: its keys are
// disjoint, so at most one entry matches, as in the kernel's lookup.
import type { Diagnostic } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import { parseCidr } from '../address.js';
import type { Chain, Counters, Match, Rule, Ruleset, Table, Target } from '../model.js';
import type { NftChainIr, NftRuleIr, NftSetIr, NftTableIr, Statement, Value, Verdict } from './ir.js';
import { dependency, matchesOf, type SetLookup } from './match.js';

function natTarget(v: Extract<Verdict, { kind: 'nat' }>): Target {
  const text = v.to === undefined ? '' : `to ${v.to}`;
  const target: Extract<Target, { kind: 'nat' }> = { kind: 'nat', action: v.action, text };
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+)(?:-(\d+))?)?$/.exec(v.to ?? '');
  if (m) {
    const addr = m[1] ?? m[2];
    const spec = addr ? parseCidr(addr) : undefined;
    if (spec) target.toAddress = spec;
    if (m[3]) target.toPorts = { from: Number(m[3]), to: Number(m[4] ?? m[3]) };
  }
  return target;
}

export function targetOf(v: Verdict): Target {
  switch (v.kind) {
    case 'accept':
      return { kind: 'accept' };
    case 'drop':
      return { kind: 'drop' };
    case 'return':
      return { kind: 'return' };
    case 'continue':
      return { kind: 'none' };
    case 'jump':
    case 'goto':
      return { kind: v.kind, chain: v.chain };
    case 'reject':
      return v.with ? { kind: 'reject', with: v.with } : { kind: 'reject' };
    case 'nat':
      return natTarget(v);
    case 'other':
      // nft `notrack` is a statement: the packet goes on, untracked if conntrack has not seen it yet
      if (v.name === 'notrack') return { kind: 'non-terminal', name: 'NOTRACK', text: 'notrack' };
      return { kind: 'unknown', name: v.name, text: v.name };
  }
}

interface Built {
  matches: Match[];
  target: Target;
  counters?: Counters;
  /** verdict map entries: each adds its key match and replaces the target */
  vmap?: { matches: Match[]; target: Target }[];
}

function unknown(text: string): Match {
  return { kind: 'unknown', module: 'nft', text };
}

function buildRule(statements: Statement[], sets: SetLookup, maps: (name: string) => [Value, Verdict][] | undefined, warn: (d: Diagnostic) => void): Built {
  const out: Built = { matches: [], target: { kind: 'none' } };
  for (const s of statements) {
    switch (s.kind) {
      case 'match': {
        if (s.right.kind === 'named' && !sets(s.right.name)) warn(diagnostic('nft-set-missing', { name: s.right.name }));
        out.matches.push(...(matchesOf(s.left, s.op, s.right, s.text, sets) ?? [...dependency(s.left), unknown(s.text)]));
        break;
      }
      case 'counter':
        out.counters = { packets: s.packets, bytes: s.bytes, approx: false, text: `packets ${s.packets} bytes ${s.bytes}` };
        break;
      case 'verdict':
        out.target = targetOf(s.verdict);
        break;
      case 'vmap': {
        const entries = 'named' in s.entries ? maps(s.entries.named) : s.entries;
        if (!entries) {
          out.matches.push(unknown(s.text));
          out.target = { kind: 'unknown', name: 'vmap', text: s.text };
          break;
        }
        out.vmap = entries.map(([key, verdict]) => ({ matches: matchesOf(s.key, '==', key, s.text, sets) ?? [unknown(s.text)], target: targetOf(verdict) }));
        break;
      }
      case 'comment':
        out.matches.push({ kind: 'comment', text: s.text });
        break;
      case 'log':
        if (out.target.kind === 'none') out.target = { kind: 'non-terminal', name: s.text.split(' ')[0]!, text: s.text };
        break;
      case 'stateful':
        out.matches.push({ kind: 'stateful', module: s.text.split(' ')[0]!, text: s.text, reason: 'depends on rates or amounts seen before' });
        break;
      case 'unknown':
        out.matches.push(unknown(s.text));
        break;
    }
  }
  return out;
}

function buildChain(ir: NftChainIr, sets: SetLookup, maps: (name: string) => [Value, Verdict][] | undefined, diagnostics: Diagnostic[]): Chain {
  const rules: Rule[] = [];
  ir.rules.forEach((r: NftRuleIr, k) => {
    const b = buildRule(r.statements, sets, maps, (d) => diagnostics.push({ ...d, loc: r.loc }));
    const base = { position: k + 1, loc: r.loc, ...(b.counters ? { counters: b.counters } : {}) };
    if (!b.vmap) rules.push({ ...base, matches: b.matches, target: b.target });
    else for (const e of b.vmap) rules.push({ ...base, matches: [...b.matches, ...e.matches], target: e.target });
  });
  const chain: Chain = { name: ir.name, builtin: ir.base !== undefined, bodyKnown: true, rules, loc: ir.loc };
  if (ir.base) {
    chain.base = { type: ir.base.type, hook: ir.base.hook, priority: ir.base.priority };
    // a base chain without `policy` accepts (nft(8) CHAINS: "policy … default accept")
    chain.policy = ir.base.policy === 'drop' ? 'DROP' : 'ACCEPT';
  }
  return chain;
}

function buildTable(ir: NftTableIr, diagnostics: Diagnostic[]): Table {
  const byName = new Map<string, NftSetIr>(ir.sets.map((s) => [s.name, s]));
  const sets: SetLookup = (name) => byName.get(name)?.elems;
  const maps = (name: string) => byName.get(name)?.verdicts;
  const table: Table = { name: `${ir.family} ${ir.name}`, chains: ir.chains.map((c) => buildChain(c, sets, maps, diagnostics)) };
  if (ir.managedBy) table.managedBy = ir.managedBy;
  return table;
}

export function buildNftRuleset(tables: NftTableIr[], origin: string, diagnostics: Diagnostic[]): Ruleset {
  const out: Diagnostic[] = [...diagnostics];
  return { format: 'nft', origin, tables: tables.map((t) => buildTable(t, out)), interfacesKnown: true, tool: 'nft', diagnostics: out };
}
