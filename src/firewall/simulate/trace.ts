// PLACEHOLDER — being written: the packet simulator (raw → mangle → nat → filter OUTPUT, three-valued).
import type { Ruleset } from '../model.js';
import type { Packet, TraceResult } from './types.js';

export interface TraceOptions {
  /** the chain to start from in each table; default OUTPUT (locally generated packets) */
  hook?: 'OUTPUT';
}

export function tracePacket(ruleset: Ruleset, packet: Packet, _options: TraceOptions = {}): TraceResult {
  void ruleset; void packet;
  return { verdict: 'UNKNOWN', decidedBy: null, path: [], uncertain: [], possible: [], notes: ['simulator not written yet'] };
}
