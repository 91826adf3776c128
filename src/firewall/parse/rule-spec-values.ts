// Value syntax of iptables(8) and iptables-extensions(8) options as written in save text and
// on command lines: ports and port lists, addresses, TCP flags, ICMP types, id ranges. Each
// parser returns undefined for text it does not understand; the caller keeps it as unknown.
import type { AddressSpec } from '../address.js';
import { familyBits, parseCidr, parseIp } from '../address.js';
import type { ConnState, Family, Range } from '../model.js';
import { portNumber } from './names.js';

export interface PortList {
  ranges: Range[];
  /** service names as written, when any were used */
  names?: string[];
  /** true when a name could not be turned into a number (then ranges is empty) */
  unresolved: boolean;
}

/** `25`, `smtp`, `1024:65535`, `:1023`, `1024:` (tcp/udp --sport/--dport, iptables-extensions(8)). */
function parsePortRange(text: string, names: string[]): Range | 'unresolved' | undefined {
  // only `:` separates a range (libxt_tcp.c parse_tcp_ports); `-` belongs to names like ftp-data
  const sep = text.includes(':') ? ':' : undefined;
  const [a = '', b, extra] = sep ? text.split(sep) : [text];
  if (extra !== undefined) return undefined;
  const one = (part: string, dflt: number): number | 'unresolved' | undefined => {
    if (part === '') return sep ? dflt : undefined;
    const n = portNumber(part);
    if (n !== undefined) {
      if (!/^\d+$/.test(part)) names.push(part);
      return n;
    }
    if (/^[A-Za-z][\w.+-]*$/.test(part)) { names.push(part); return 'unresolved'; }
    return undefined;
  };
  const from = one(a, 0);
  const to = sep ? one(b ?? '', 65535) : from;
  if (from === undefined || to === undefined) return undefined;
  if (from === 'unresolved' || to === 'unresolved') return 'unresolved';
  return from <= to ? { from, to } : { from: to, to: from };
}

/** One port or range, or a comma list (multiport, at most 15 entries in the kernel). */
export function parsePortList(text: string): PortList | undefined {
  const names: string[] = [];
  const ranges: Range[] = [];
  let unresolved = false;
  for (const part of text.split(',')) {
    const r = parsePortRange(part, names);
    if (r === undefined) return undefined;
    if (r === 'unresolved') unresolved = true;
    else ranges.push(r);
  }
  return { ranges: unresolved ? [] : ranges, ...(names.length ? { names } : {}), unresolved };
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?$/;

/**
 * An address as `-s`/`-d` take it: `a.b.c.d[/len|/mask]`, IPv6, `0/0`, or a host name (which
 * iptables resolves once, when the rule is inserted). Undefined for anything else.
 */
export function parseAddress(text: string, family: Family | undefined): AddressSpec | undefined {
  const cidr = parseCidr(text);
  if (cidr) return cidr;
  const [addr = '', len, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  // `0/0`, `0`: inet_aton-style shorthand people write for "anywhere"
  if (/^0+$/.test(addr) && (len === undefined || /^0+$/.test(len))) {
    const f = family ?? 4;
    return { type: 'cidr', family: f, network: f === 4 ? '0.0.0.0' : '::', prefix: 0 };
  }
  if (!HOST_NAME.test(addr) || /^[\d.]+$/.test(addr)) return undefined;
  if (len === undefined) return { type: 'hostname', name: addr };
  return /^\d{1,3}$/.test(len) ? { type: 'hostname', name: addr, prefix: Number(len) } : undefined;
}

/** A single address for iprange/NAT: always a host (/32, /128). */
export function parseHost(text: string): AddressSpec | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  const spec = parseCidr(text);
  return spec && spec.type === 'cidr' && spec.prefix === familyBits(ip.family) ? spec : undefined;
}

/** `A-B` address range (iprange, NAT); the second half defaults to the first. */
export function parseHostRange(text: string): { from: AddressSpec; to: AddressSpec } | undefined {
  const dash = text.indexOf('-');
  const from = parseHost(dash < 0 ? text : text.slice(0, dash));
  const to = parseHost(dash < 0 ? text : text.slice(dash + 1));
  if (!from || !to || from.type !== 'cidr' || to.type !== 'cidr' || from.family !== to.family) return undefined;
  return { from, to };
}

const TCP_FLAG_BITS: Record<string, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ALL: 0x3f, NONE: 0 };

/** `FIN,SYN,RST,ACK` → bit mask (libxt_tcp.c parse_tcp_flag). */
export function parseTcpFlags(text: string): number | undefined {
  let bits = 0;
  for (const name of text.toUpperCase().split(',')) {
    const b = TCP_FLAG_BITS[name];
    if (b === undefined) return undefined;
    bits |= b;
  }
  return bits;
}

/** `N` or `A-B` / `A:B` for uid/gid (libxt_owner.c accepts `-`). Names are returned as a name. */
export function parseIdRange(text: string): Range | { name: string } | undefined {
  const m = /^(\d+)(?:[-:](\d+))?$/.exec(text);
  if (m) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    return from <= to ? { from, to } : undefined;
  }
  if (text === 'root') return { from: 0, to: 0 };
  return /^[A-Za-z_][\w.-]*\$?$/.test(text) ? { name: text } : undefined;
}

const CONN_STATES = new Set<ConnState>(['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT']);

export function parseConnStates(text: string, allowVirtual: boolean): ConnState[] | undefined {
  const states: ConnState[] = [];
  for (const s of text.toUpperCase().split(',')) {
    if (!CONN_STATES.has(s as ConnState)) return undefined;
    if (!allowVirtual && (s === 'SNAT' || s === 'DNAT')) return undefined;
    states.push(s as ConnState);
  }
  return states;
}

/** Counters as `-c P B` (iptables -S -v) or `[P:B]` (iptables-save -c): exact numbers. */
export function parseCounterPair(packets: string, bytes: string): { packets: number; bytes: number } | undefined {
  if (!/^\d+$/.test(packets) || !/^\d+$/.test(bytes)) return undefined;
  return { packets: Number(packets), bytes: Number(bytes) };
}
