// Writing outcomes into the per-cell arrays. The branch that takes every undecided rule as not
// matching (the simulator's first path) owns the verdict and the deciding rule; forks only add
// the verdicts they reach, which turn a cell UNKNOWN when they differ.
import type { TableName } from '../model.js';
import type { DecidedBy, Uncertainty } from '../simulate/types.js';
import type { Flow } from './region.js';
import { deciderId, reasonId, V_ACCEPT, V_UNDETERMINED, type EvalState } from './state.js';

function forEachCell(s: EvalState, flow: Flow, visit: (cell: number) => void): void {
  const P = s.ports.ranges.length;
  flow.region.forEach((a, p) => visit(a * P + p));
}

/** A final verdict (DROP/REJECT by a rule or policy, ACCEPT after the last hook). */
export function recordVerdict(s: EvalState, flow: Flow, verdict: number, decider: number): void {
  const c = s.cells;
  if (flow.attrs.fork) {
    forEachCell(s, flow, (cell) => { c.forkBits[cell]! |= 1 << verdict; });
    return;
  }
  forEachCell(s, flow, (cell) => {
    c.verdict[cell] = verdict;
    if (verdict !== V_ACCEPT) c.decider[cell] = decider;
    c.rewrite[cell] = flow.attrs.rewrite;
  });
}

/** The branch ends without a verdict (a jump loop, a policy not shown, …). */
export function recordUndetermined(s: EvalState, flow: Flow, u: Uncertainty): void {
  const reason = reasonId(s, u);
  if (flow.attrs.fork) {
    forEachCell(s, flow, (cell) => { s.cells.forkBits[cell]! |= 1 << V_UNDETERMINED; });
    return;
  }
  recordVerdict(s, flow, V_UNDETERMINED, reason);
}

/** Something not supplied could decide, while the branch goes on (the simulator's extra UNDETERMINED outcome). */
export function recordSideUnknown(s: EvalState, flow: Flow, u: Uncertainty): void {
  const reason = reasonId(s, u);
  const c = s.cells;
  forEachCell(s, flow, (cell) => {
    c.forkBits[cell]! |= 1 << V_UNDETERMINED;
    if (c.forkReason[cell]! < 0) c.forkReason[cell] = reason;
  });
}

/** A table accepted (rule, nat target or policy): the deciding rule is picked at the end, as the simulator does. */
export function recordAccept(s: EvalState, flow: Flow, table: TableName, by: DecidedBy, id = deciderId(s, by)): void {
  if (flow.attrs.fork) return;
  const c = s.cells;
  const isRule = 'rule' in by;
  forEachCell(s, flow, (cell) => {
    // the first filter base chain's, as the simulator picks (several with both backends)
    if (table === 'filter' && c.filterAccept[cell]! < 0) c.filterAccept[cell] = id;
    if (isRule) c.lastRuleAccept[cell] = id;
    c.lastAccept[cell] = id;
  });
}

/** Marks where a fork starts: the first undecided rule a cell's answer depends on. */
export function markForkReason(s: EvalState, flow: Flow, reason: number): void {
  if (flow.attrs.fork) return;
  const c = s.cells;
  forEachCell(s, flow, (cell) => { if (c.forkReason[cell]! < 0) c.forkReason[cell] = reason; });
}
