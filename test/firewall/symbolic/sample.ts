// Shared by the egress tests: points drawn from every row of a map, and the answer tracePacket
// gives for each, so that a row and the simulator can be compared point by point.
import { formatIp, type IpAddress } from '../../../src/firewall/address.js';
import type { Ruleset } from '../../../src/firewall/model.js';
import type { EgressContext, EgressRow } from '../../../src/firewall/symbolic/index.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type DecidedBy, type Packet, type TraceResult } from '../../../src/firewall/simulate/types.js';
import { describeCause } from '../../../src/firewall/simulate/uncertainty-text.js';

export interface SamplePoint {
  dst: IpAddress;
  dport: number;
}

/** The corners of the row and one point inside it (chosen by `pick`). */
export function samplePoints(row: EgressRow, pick: () => number): SamplePoint[] {
  const { from, to } = row.addresses;
  const span = to.value - from.value;
  const mid = from.value + (span === 0n ? 0n : BigInt(Math.floor(pick() * Number(span > 2n ** 52n ? 2n ** 52n : span))));
  const addresses = [from.value, to.value, mid];
  const points: SamplePoint[] = [];
  for (const r of row.ports) {
    const ports = [r.from, r.to, r.from + Math.floor(pick() * (r.to - r.from + 1))];
    for (let i = 0; i < 3; i++) points.push({ dst: { family: from.family, value: addresses[i]! }, dport: ports[i]! });
  }
  return points;
}

export function packetFor(context: EgressContext, point: SamplePoint): Packet {
  const packet: Packet = { family: context.family, protocol: 6, dst: point.dst, dport: point.dport, sport: context.sport ?? EPHEMERAL_PORTS, state: 'NEW' };
  if (context.origin !== undefined) packet.origin = context.origin;
  if (context.uid !== undefined) packet.uid = context.uid;
  if (context.gid !== undefined) packet.gid = context.gid;
  if (context.oif !== undefined) packet.oif = context.oif;
  if (context.src !== undefined) packet.src = context.src;
  return packet;
}

export function formatDecider(d: DecidedBy | null | undefined): string {
  if (!d) return 'nothing';
  return 'policy' in d ? `${d.table} ${d.chain} policy` : `${d.table} ${d.chain} #${d.rule}`;
}

const FINAL_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'DNAT', 'REDIRECT', 'SNAT', 'MASQUERADE', 'NETMAP']);

/**
 * tracePacket's first path (every undecided rule taken as not matching) can end "joined": it
 * returns into a chain position a fork reached first (a maybe RETURN), and the trace then names
 * the deciding rule of the last fork explored instead of its own. The verdict is the same;
 * egress names the first path's rule, as TraceResult documents decidedBy. Recognised by a path
 * that ends on neither a policy nor a matching final target.
 */
export const joinedTolerated = { count: 0 };

export function firstPathJoined(trace: TraceResult): boolean {
  const last = trace.path[trace.path.length - 1];
  if (!last) return false;
  return !(last.policy || (last.result === 'match' && last.target !== undefined && FINAL_TARGETS.has(last.target)));
}

/** '' when the row and tracePacket agree on this point, else what differs. */
export function compareWithTrace(ruleset: Ruleset, context: EgressContext, row: EgressRow, point: SamplePoint): string {
  const trace = tracePacket(ruleset, packetFor(context, point), { localAddresses: context.localAddresses ?? [] });
  const problems: string[] = [];
  if (trace.verdict !== row.verdict) problems.push(`verdict ${row.verdict} vs trace ${trace.verdict}`);
  const sameDecider = formatDecider(trace.decidedBy) === formatDecider(row.decidedBy);
  if (!sameDecider && trace.verdict === row.verdict && firstPathJoined(trace)) joinedTolerated.count++;
  else if (!sameDecider) problems.push(`decider ${formatDecider(row.decidedBy)} vs trace ${formatDecider(trace.decidedBy)}`);
  if (row.verdict !== 'UNKNOWN' && formatDecider(trace.rewrittenTo?.byRule) !== formatDecider(row.rewrittenTo?.byRule)) problems.push(`rewrite ${formatDecider(row.rewrittenTo?.byRule)} vs trace ${formatDecider(trace.rewrittenTo?.byRule)}`);
  if (problems.length === 0) return '';
  return `${formatIp(point.dst)} port ${point.dport}: ${problems.join(', ')}${trace.uncertain.length ? ` (trace uncertain: ${trace.uncertain.map((u) => describeCause(u.cause)).join('; ')})` : ''}`;
}
