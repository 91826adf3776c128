// The host's routing table as `ip route` / `ip -6 route` print it (the main table), and the
// route the kernel picks for a destination: the out-interface a forwarded packet leaves by,
// which Docker's `! -o docker0` / `-o br-…` rules test. The lookup is the kernel's (fib): the
// longest matching prefix, then the lowest metric (ip-route(8)). Whatever the text cannot settle
// — no table for the family, no matching route, an unreachable/blackhole/prohibit/throw route,
// multipath over several devices, equal routes on different devices, source- or TOS-selected
// routes — is an unknown out-interface, never a guess.
import { familyBits, parseIp, prefixMask, type Family, type IpAddress } from './address.js';

export interface RouteEntry {
  family: Family;
  /** the network, as a number and prefix length (`default` is prefix 0) */
  network: bigint;
  prefix: number;
  /** unicast routes name their device(s); the others (unreachable, blackhole, …) send nothing */
  type: string;
  devices: string[];
  metric: number;
  /** `from`, `tos`/`dsfield`: the route is chosen by more than the destination */
  selective: boolean;
  /** the line as printed, for evidence */
  text: string;
}

export interface RouteTable {
  family: Family;
  routes: RouteEntry[];
}

export type RouteLookup = { kind: 'device'; oif: string; route: string } | { kind: 'unknown'; reason: string };

/** Types that route nothing out (ip-route(8) ROUTE TYPES); local/broadcast/multicast/anycast live in other tables. */
const NOT_SENT = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);
const OTHER_TYPES = new Set(['local', 'broadcast', 'multicast', 'anycast', 'nat']);
const KEYWORDS_WITH_VALUE = new Set(['via', 'dev', 'metric', 'proto', 'scope', 'src', 'table', 'from', 'tos', 'dsfield', 'mtu', 'advmss', 'weight', 'pref', 'expires', 'realm', 'realms', 'initcwnd', 'initrwnd', 'hoplimit', 'congctl', 'features', 'quickack', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'window', 'lock', 'nhid', 'encap', 'fastopen_no_cookie']);

function parseDestination(word: string, family: Family | undefined): { family: Family; network: bigint; prefix: number } | undefined {
  if (word === 'default') return family === undefined ? undefined : { family, network: 0n, prefix: 0 };
  const [addr, len] = word.split('/');
  const ip = parseIp(addr ?? '');
  if (!ip) return undefined;
  const bits = familyBits(ip.family);
  const prefix = len === undefined ? bits : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits || (len !== undefined && !/^\d+$/.test(len))) return undefined;
  return { family: ip.family, network: ip.value & prefixMask(ip.family, prefix), prefix };
}

/** The family of a `default` line: its gateway's, else the one declared, else the text's first address's. */
function defaultFamily(words: readonly string[], fallback: Family | undefined): Family | undefined {
  const via = words.indexOf('via');
  const gateway = via >= 0 ? parseIp(words[via + 1] ?? '') : undefined;
  return gateway?.family ?? fallback;
}

function firstFamily(text: string): Family | undefined {
  for (const word of text.split(/\s+/)) {
    const ip = parseIp(word.split('/')[0] ?? '');
    if (ip) return ip.family;
  }
  return undefined;
}

/**
 * Reads `ip route` / `ip -6 route` text (also both pasted together, `ip -o route`, `ip route show
 * table all`) into one table per family; lines it does not understand are skipped.
 */
export function parseRouteTables(text: string, declared?: Family): Partial<Record<Family, RouteTable>> {
  const fallback = declared ?? firstFamily(text);
  const out: Partial<Record<Family, RouteTable>> = {};
  let last: RouteEntry | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s*\\\s*/g, ' ').trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    // a multipath route's next hops: "nexthop via 192.0.2.1 dev eth0 weight 1" under the route
    if (words[0] === 'nexthop') {
      const dev = words.indexOf('dev');
      if (last && dev >= 0 && words[dev + 1] !== undefined && !last.devices.includes(words[dev + 1]!)) last.devices.push(words[dev + 1]!);
      continue;
    }
    last = undefined;
    let at = 0;
    let type = 'unicast';
    if (NOT_SENT.has(words[0]!) || OTHER_TYPES.has(words[0]!) || words[0] === 'unicast') type = words[at++]!;
    const dst = parseDestination(words[at] ?? '', words[at] === 'default' ? defaultFamily(words, fallback) : undefined);
    if (!dst) continue;
    const entry: RouteEntry = { ...dst, type, devices: [], metric: 0, selective: false, text: line };
    let table: string | undefined;
    for (let i = at + 1; i < words.length; i++) {
      const word = words[i]!;
      const value = words[i + 1];
      if (word === 'dev' && value !== undefined) entry.devices.push(value);
      else if (word === 'metric' && value !== undefined && /^\d+$/.test(value)) entry.metric = Number(value);
      else if (word === 'table' && value !== undefined) table = value;
      else if ((word === 'from' && value !== undefined && !/^(?:::|0\.0\.0\.0)\/0$/.test(value)) || ((word === 'tos' || word === 'dsfield') && value !== undefined && value !== '0')) entry.selective = true;
      if (KEYWORDS_WITH_VALUE.has(word)) i++;
    }
    // `ip route show table all` prints the local table too: only the main table routes out
    if (table !== undefined && table !== 'main' && table !== '254') continue;
    (out[entry.family] ??= { family: entry.family, routes: [] }).routes.push(entry);
    last = entry;
  }
  return out;
}

function covers(route: RouteEntry, dst: IpAddress): boolean {
  return (dst.value & prefixMask(dst.family, route.prefix)) === route.network;
}

/** The out-interface the main table gives `dst`, or why it is not known. */
export function lookupRoute(table: RouteTable | undefined, dst: IpAddress): RouteLookup {
  if (!table || table.family !== dst.family) return { kind: 'unknown', reason: `no IPv${dst.family} routing table was supplied` };
  const candidates = table.routes.filter((r) => r.type !== 'local' && r.type !== 'broadcast' && r.type !== 'multicast' && r.type !== 'anycast' && r.type !== 'nat' && covers(r, dst));
  if (candidates.some((r) => r.selective)) return { kind: 'unknown', reason: 'a route for it is chosen by source address or TOS as well' };
  if (candidates.length === 0) return { kind: 'unknown', reason: 'no route in the table matches it' };
  const longest = Math.max(...candidates.map((r) => r.prefix));
  const best = candidates.filter((r) => r.prefix === longest);
  const metric = Math.min(...best.map((r) => r.metric));
  const chosen = best.filter((r) => r.metric === metric);
  const first = chosen[0]!;
  if (NOT_SENT.has(first.type)) return { kind: 'unknown', reason: `its route is '${first.type}': ${first.text}` };
  const devices = [...new Set(chosen.flatMap((r) => r.devices))];
  if (devices.length !== 1 || chosen.some((r) => r.type !== first.type)) return { kind: 'unknown', reason: devices.length === 0 ? `its route names no device: ${first.text}` : `its route spreads over ${devices.join(', ')}` };
  return { kind: 'device', oif: devices[0]!, route: first.text };
}

export interface RouteInterval {
  /** inclusive bounds of a run of destinations the main table treats alike */
  from: bigint;
  to: bigint;
  lookup: RouteLookup;
}

/**
 * The destination space of the table's family cut where the kernel's answer can change (every
 * route's first and last address): within each interval the longest-prefix match, and so the
 * out-interface, is the same. Neighbouring intervals with the same answer are joined.
 */
export function routeIntervals(table: RouteTable): RouteInterval[] {
  const bits = familyBits(table.family);
  const end = 1n << BigInt(bits);
  const cuts = new Set<bigint>([0n, end]);
  for (const r of table.routes) {
    cuts.add(r.network);
    cuts.add(r.network + (1n << BigInt(bits - r.prefix)));
  }
  const points = [...cuts].filter((p) => p <= end).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: RouteInterval[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]! - 1n;
    const lookup = lookupRoute(table, { family: table.family, value: from });
    const last = out[out.length - 1];
    if (last && last.to + 1n === from && sameLookup(last.lookup, lookup)) last.to = to;
    else out.push({ from, to, lookup });
  }
  return out;
}

function sameLookup(a: RouteLookup, b: RouteLookup): boolean {
  return a.kind === 'device' && b.kind === 'device' ? a.oif === b.oif && a.route === b.route : a.kind === 'unknown' && b.kind === 'unknown' && a.reason === b.reason;
}
