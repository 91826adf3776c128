// The packet we ask about and the trace the simulator returns. Both are plain data; drawing
// the trace is the renderer's job.
import type { IpAddress } from '../address.js';
import type { PacketOrigin } from '../hooks.js';
import type { Family, Range, TableName } from '../model.js';
import type { Tri } from '../tri.js';
import type { UncertaintyCause } from './uncertainty.js';

/** The Linux default net.ipv4.ip_local_port_range: where a connecting socket's source port comes from. */
export const EPHEMERAL_PORTS: Range = { from: 32768, to: 60999 };

export interface Packet {
  family: Family;
  /** IP protocol number: 6 tcp, 17 udp, 1 icmp, 58 ipv6-icmp */
  protocol: number;
  dst: IpAddress;
  dport: number;
  /** where the packet comes from (default: a local process); decides the hooks it crosses */
  origin?: PacketOrigin;
  /** the source address (this host's for a local packet, the sender's for a forwarded one); undefined = unknown */
  src?: IpAddress;
  /** a fixed source port, or the range it is drawn from (default: EPHEMERAL_PORTS) */
  sport: Range;
  /** conntrack state: NEW for the SYN, ESTABLISHED for the rest of the connection */
  state: 'NEW' | 'ESTABLISHED';
  /** uid/gid of the sending process (a local packet only: a forwarded one has no socket); undefined = unknown */
  uid?: number;
  gid?: number;
  /** out-interface; undefined = unknown */
  oif?: string;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT' | 'UNKNOWN';

export type DecidedBy = (
  | { table: TableName; chain: string; rule: number }
  | { table: TableName; chain: string; policy: true }
) & {
  /** an iptables-legacy table beside iptables-nft's of the same name (both run: x_tables and nf_tables hooks) */
  backend?: 'legacy';
};

/** One rule (or policy) visited, in the order the kernel would visit it. */
export interface TraceStep {
  table: TableName;
  chain: string;
  /** 1-based position as --line-numbers prints it; absent for the policy step */
  rule?: number;
  policy?: boolean;
  result: Tri;
  /** the target as written: ACCEPT, LOCALOUTPUT, DNAT, RETURN … */
  target?: string;
  /** source line number and original text, for evidence */
  line?: number;
  text?: string;
  /** why the result is maybe (or other notes such as "goto: returns to OUTPUT's caller") */
  reason?: string;
  /** nesting depth of user chains (0 = builtin chain) */
  depth: number;
  /** as DecidedBy.backend */
  backend?: 'legacy';
}

/** Something the answer depends on that was not supplied or cannot be known. */
export interface Uncertainty {
  table: TableName;
  chain: string;
  rule?: number;
  line?: number;
  /** why, as data (uncertainty.ts); worded by describeCause (uncertainty-text.ts) */
  cause: UncertaintyCause;
  /** the command that would supply the missing data, e.g. `iptables -L LOCALOUTPUT -n -v --line-numbers` */
  command?: string;
}

export interface TraceResult {
  verdict: Verdict;
  /** the deciding rule or policy; null when UNKNOWN */
  decidedBy: DecidedBy | null;
  /**
   * for ACCEPT, each base chain's accepting step in the order the packet met them (rule, policy
   * or nat mapping): an accept ends only its own base chain, so all of them had to accept
   * (nft(8) OVERALL EVALUATION OF THE RULESET)
   */
  acceptedBy?: DecidedBy[];
  /** the path assuming every maybe rule did not match, plus the maybe steps themselves */
  path: TraceStep[];
  uncertain: Uncertainty[];
  /** every verdict reachable when the uncertainties are resolved either way */
  possible: Exclude<Verdict, 'UNKNOWN'>[];
  /** destination after nat OUTPUT (DNAT/REDIRECT), when it changed */
  rewrittenTo?: { address?: IpAddress; port?: number; byRule: DecidedBy };
  /** e.g. "only the filter table was supplied: raw, mangle and nat OUTPUT not checked" */
  notes: string[];
}
