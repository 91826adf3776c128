// The egress map: for one fixed sending context (family, tcp, state NEW, uid/gid, out-interface,
// source), every destination address × destination port is ACCEPTed, DROPped, REJECTed or
// UNKNOWN, each row with the rule that decides it. Plain data; rendering is src/report/.
import type { IpAddress } from '../address.js';
import type { PacketOrigin } from '../hooks.js';
import type { Family, Range } from '../model.js';
import type { DecidedBy, Uncertainty, Verdict } from '../simulate/types.js';

/** Everything about the SYN except where it goes. */
export interface EgressContext {
  family: Family;
  /** where the SYN comes from (default: a process on this host); a forwarded one has no uid/gid */
  origin?: PacketOrigin;
  /** the destination ports asked about (default 25, 465, 587) */
  ports: Range[];
  uid?: number;
  gid?: number;
  oif?: string;
  src?: IpAddress;
  /** the source port range (default: the Linux ephemeral range) */
  sport?: Range;
  /** this host's own addresses besides loopback */
  localAddresses?: IpAddress[];
}

/** An inclusive range of destination addresses (rangeToCidrs gives its exact CIDR cover). */
export interface AddressRange {
  from: IpAddress;
  to: IpAddress;
}

export interface EgressRow {
  verdict: Verdict;
  addresses: AddressRange;
  ports: Range[];
  /** the deciding rule or policy; null when UNKNOWN */
  decidedBy: DecidedBy | null;
  /** nat OUTPUT (or PREROUTING, for a forwarded packet) sent these packets elsewhere (DNAT/REDIRECT) */
  rewrittenTo?: { address?: IpAddress; port?: number; byRule: DecidedBy };
  /** why the verdict is UNKNOWN: the first rule (or missing part) it depends on */
  unknownBecause?: Uncertainty;
}

export interface EgressMap {
  context: EgressContext;
  rows: EgressRow[];
  /** approximations made on the way (e.g. a DNAT to a range: the first address assumed) */
  notes: string[];
}
