// collapseTrace: runs of non-matching rules become one entry; what decides, every maybe, every
// jump taken and the policy stay visible; expanding the runs gives back the recorded path.
import { describe, expect, it } from 'vitest';
import type { Match, Target } from '../../../src/firewall/model.js';
import type { TraceEntry } from '../../../src/firewall/simulate/collapse.js';
import { collapseTrace, MIN_COLLAPSED_RUN } from '../../../src/firewall/simulate/collapse.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import type { TraceResult, TraceStep } from '../../../src/firewall/simulate/types.js';
import * as b from './build.js';

/** `count` rules that drop one documentation address each (198.51.100.1, .2, …). */
function denyRules(count: number): [Match[], Target][] {
  return Array.from({ length: count }, (_, i): [Match[], Target] => [[b.dst(`198.51.100.${(i % 250) + 1}`)], b.DROP]);
}

/** The path back from the entries: each run stands for `count` no-match steps from..to. */
function expand(entries: TraceEntry[], full: readonly TraceStep[]): TraceStep[] {
  const out: TraceStep[] = [];
  for (const e of entries) {
    if (e.kind === 'step') {
      out.push(e.step);
      continue;
    }
    const start = full.findIndex((s, i) => i >= out.length && s.chain === e.chain && s.rule === e.from && s.depth === e.depth);
    const slice = full.slice(start, start + e.count);
    expect(slice.map((s) => [s.table, s.chain, s.rule, s.result])).toEqual(Array.from({ length: e.count }, (_, i) => [e.table, e.chain, e.from + i, 'no-match']));
    expect(e.to - e.from + 1).toBe(e.count);
    out.push(...slice);
  }
  return out;
}

const ruleset = b.ruleset({
  filter: {
    OUTPUT: { policy: 'DROP', rules: [...denyRules(30), [[], b.jump('DENYOUT')], [[b.dport(25)], b.ACCEPT]] },
    // lines 33-98: 40 no-match, an owner rule that is a maybe without --uid, 25 no-match
    DENYOUT: { rules: [...denyRules(40), [[b.uidOwner(0)], b.REJECT], ...denyRules(25)] },
  },
});
const packet = b.packet({ to: '203.0.113.25', port: 25 });

describe('collapseTrace', () => {
  const result = tracePacket(ruleset, packet);
  const entries = collapseTrace(result);

  it('folds each long run of one chain into one entry, keeping the jump, the maybe and the deciding rule', () => {
    const shape = entries.map((e) => (e.kind === 'step' ? `${e.step.chain}:${e.step.rule ?? 'policy'}:${e.step.result}` : `${e.chain}:${e.from}-${e.to}(${e.count})`));
    expect(shape).toEqual([
      'OUTPUT:1-30(30)',
      'OUTPUT:31:match',
      'DENYOUT:1-40(40)',
      'DENYOUT:41:maybe',
      'DENYOUT:42-66(25)',
      'OUTPUT:32:match',
    ]);
    expect(result.decidedBy).toBeNull();
    expect(result.possible).toEqual(['ACCEPT', 'REJECT']);
    const run = entries[2]!;
    expect(run).toMatchObject({ kind: 'no-match-run', table: 'filter', chain: 'DENYOUT', depth: 1, firstLine: 33, lastLine: 72 });
  });

  it('loses nothing: expanding the runs gives back the recorded path', () => {
    expect(expand(entries, result.path)).toEqual(result.path);
    expect(result.path).toHaveLength(30 + 1 + 66 + 1);
  });

  it('leaves runs shorter than the threshold rule by rule, and every rule with minRun Infinity', () => {
    const short = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [...denyRules(MIN_COLLAPSED_RUN - 1), [[b.dport(25)], b.ACCEPT]] } } });
    const r = tracePacket(short, packet);
    expect(collapseTrace(r).every((e) => e.kind === 'step')).toBe(true);
    expect(collapseTrace(r, { minRun: 5 }).map((e) => e.kind)).toEqual(['no-match-run', 'step']);
    expect(collapseTrace(result, { minRun: Number.POSITIVE_INFINITY }).map((e) => (e.kind === 'step' ? e.step : e))).toEqual(result.path);
  });

  it('never folds a rule the result names, even one the primary path passed without a match', () => {
    // a decider met on another branch (e.g. after a nat rewrite) is a no-match step here
    const pinned: TraceResult = { ...result, verdict: 'DROP', decidedBy: { table: 'filter', chain: 'DENYOUT', rule: 20 }, uncertain: [] };
    const shape = collapseTrace(pinned).filter((e) => e.kind === 'no-match-run' || e.step.chain === 'DENYOUT').map((e) => (e.kind === 'step' ? `${e.step.rule}` : `${e.from}-${e.to}`));
    // rules 1-19 (19 < threshold) stay visible, 20 is the decider, 21-40 (20 rules) fold
    expect(shape).toEqual(['1-30', ...Array.from({ length: 19 }, (_, i) => `${i + 1}`), '20', '21-40', '41', '42-66']);
  });

  it('does not join runs of different chains, depths or non-consecutive rules', () => {
    const step = (chain: string, rule: number, depth = 0): TraceStep => ({ table: 'filter', chain, rule, result: 'no-match', depth });
    const path = [...Array.from({ length: 3 }, (_, i) => step('A', i + 1)), ...Array.from({ length: 3 }, (_, i) => step('B', i + 4)), step('B', 8), step('B', 9, 1)];
    const r: TraceResult = { verdict: 'UNKNOWN', decidedBy: null, path, uncertain: [], possible: ['ACCEPT'], notes: [] };
    expect(collapseTrace(r, { minRun: 2 }).map((e) => (e.kind === 'step' ? `${e.step.chain}${e.step.rule}` : `${e.chain}${e.from}-${e.to}`))).toEqual(['A1-3', 'B4-6', 'B8', 'B9']);
  });
});
