// From per-cell outcomes to rows: each cell's final verdict (UNKNOWN when a fork reached another
// verdict, as the simulator decides), then adjacent atoms with the same answer merged into
// address ranges, and the port atoms of equal rows merged into port ranges.
import type { Range } from '../model.js';
import type { DecidedBy, Uncertainty, Verdict } from '../simulate/types.js';
import { atomEnd } from './atoms.js';
import { V_ACCEPT, V_DROP, V_REJECT, V_UNDETERMINED, type EvalState } from './state.js';
import type { AddressRange, EgressRow } from './types.js';

export interface CellAnswer {
  verdict: Verdict;
  decidedBy: DecidedBy | null;
  rewrite: number;
  reason: number;
}

const VERDICTS: Record<number, Verdict> = { [V_ACCEPT]: 'ACCEPT', [V_DROP]: 'DROP', [V_REJECT]: 'REJECT' };

/** The answer tracePacket gives for any destination in this cell. */
export function answerOf(s: EvalState, cell: number): CellAnswer {
  const c = s.cells;
  const v = c.verdict[cell]!;
  if (v === V_UNDETERMINED) return { verdict: 'UNKNOWN', decidedBy: null, rewrite: -1, reason: c.decider[cell]! };
  const verdict = VERDICTS[v];
  if (!verdict) return { verdict: 'UNKNOWN', decidedBy: null, rewrite: -1, reason: -1 };
  if ((c.forkBits[cell]! & ~(1 << v)) !== 0) return { verdict: 'UNKNOWN', decidedBy: null, rewrite: -1, reason: c.forkReason[cell]! };
  // the rule a user wants named for an accepted packet: filter's decision, else the last rule that accepted
  const id = v === V_ACCEPT ? (c.filterAccept[cell]! >= 0 ? c.filterAccept[cell]! : c.lastRuleAccept[cell]! >= 0 ? c.lastRuleAccept[cell]! : c.lastAccept[cell]!) : c.decider[cell]!;
  return { verdict, decidedBy: s.deciders[id] ?? null, rewrite: c.rewrite[cell]!, reason: -1 };
}

/** A cell's answer as numbers, for comparing neighbours without building objects. */
function codeOf(s: EvalState, cell: number, out: Int32Array, at: number): void {
  const c = s.cells;
  const v = c.verdict[cell]!;
  let verdict = v;
  let id = c.decider[cell]!;
  let rewrite = c.rewrite[cell]!;
  if (v === V_UNDETERMINED || !VERDICTS[v]) rewrite = -1;
  else if ((c.forkBits[cell]! & ~(1 << v)) !== 0) {
    verdict = V_UNDETERMINED;
    id = c.forkReason[cell]!;
    rewrite = -1;
  } else if (v === V_ACCEPT) id = c.filterAccept[cell]! >= 0 ? c.filterAccept[cell]! : c.lastRuleAccept[cell]! >= 0 ? c.lastRuleAccept[cell]! : c.lastAccept[cell]!;
  out[at] = verdict;
  out[at + 1] = id;
  out[at + 2] = rewrite;
}

/**
 * Rows over several evaluations sharing atoms: consecutive atoms whose answers agree on every
 * port (and for every evaluation) form one address range; inside it, ports with equal answers
 * form one row.
 */
export function partitionCells(states: readonly EvalState[], build: (answers: CellAnswer[], addresses: AddressRange, ports: Range[]) => void): void {
  const s0 = states[0]!;
  const A = s0.atoms.starts.length;
  const P = s0.ports.ranges.length;
  const stride = states.length * 3;
  const width = P * stride;
  const run = new Int32Array(width);
  const here = new Int32Array(width);
  let runStart = 0;
  const done = new Uint8Array(P);
  // rows share their port lists (a big map has a few): one list per set of port atoms
  const portLists = new Map<string, Range[]>();
  const family = s0.family;
  const close = (end: number): void => {
    done.fill(0);
    const addresses: AddressRange = { from: { family, value: s0.atoms.starts[runStart]! }, to: { family, value: atomEnd(s0.atoms, end) } };
    for (let p = 0; p < P; p++) {
      if (done[p]) continue;
      let key = '';
      for (let q = p; q < P; q++) {
        if (done[q] || !sameCodes(run, p * stride, q * stride, stride)) continue;
        done[q] = 1;
        key += `${q},`;
      }
      let ports = portLists.get(key);
      if (!ports) portLists.set(key, (ports = portsOf(s0.ports.ranges, key)));
      build(states.map((s) => answerOf(s, runStart * P + p)), addresses, ports);
    }
  };
  for (let a = 0; a < A; a++) {
    for (let p = 0; p < P; p++) for (let i = 0; i < states.length; i++) codeOf(states[i]!, a * P + p, here, p * stride + i * 3);
    if (a === 0) { run.set(here); continue; }
    if (!sameCodes(run, 0, 0, width, here)) {
      close(a - 1);
      runStart = a;
      run.set(here);
    }
  }
  close(A - 1);
}

/** The port atoms listed in `key` ("0,2,") as ranges, touching ones joined. */
function portsOf(atoms: readonly Range[], key: string): Range[] {
  const ports: Range[] = [];
  for (const q of key.split(',')) {
    if (q === '') continue;
    const port = atoms[Number(q)]!;
    const last = ports[ports.length - 1];
    if (last && last.to + 1 === port.from) last.to = port.to;
    else ports.push({ ...port });
  }
  return ports;
}

function sameCodes(a: Int32Array, at: number, bt: number, n: number, b: Int32Array = a): boolean {
  for (let k = 0; k < n; k++) if (a[at + k] !== b[bt + k]) return false;
  return true;
}

export function rowOf(s: EvalState, answer: CellAnswer, addresses: AddressRange, ports: Range[]): EgressRow {
  const row: EgressRow = {
    verdict: answer.verdict,
    addresses,
    ports,
    decidedBy: answer.decidedBy,
  };
  const rw = answer.rewrite >= 0 ? s.rewrites[answer.rewrite] : undefined;
  if (rw) row.rewrittenTo = { ...(rw.address ? { address: rw.address } : {}), ...(rw.port !== undefined ? { port: rw.port } : {}), byRule: rw.by };
  const because: Uncertainty | undefined = answer.reason >= 0 ? s.reasons[answer.reason] : undefined;
  if (because) row.unknownBecause = because;
  return row;
}
