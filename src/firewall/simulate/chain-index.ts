// An index per chain for many probes over big rulesets (a CSF deny list of 50,000 `-d` rules):
// which rules *can* match a packet with this destination address, protocol and port. A rule
// left out is one whose own matches would certainly evaluate to no-match (a non-negated
// `-d`, `-p` or `--dport` that the packet does not satisfy: evaluateMatches stops at the first
// no-match whatever the other matches say), so skipping it changes nothing but the work done.
// The walk still counts and records the skipped rules as no-match steps (chain-walk.ts).
import type { AddressSpec } from '../address.js';
import { parseIpv4Number } from '../address.js';
import type { Chain, Family, Range, Rule } from '../model.js';
import { specPrefix } from './address-match.js';
import { hasPorts } from './match-parts.js';
import type { TraceStep } from './types.js';
import type { PacketView } from './view.js';

/** Chains shorter than this are walked rule by rule: an index would not pay for itself. */
export const MIN_INDEXED_RULES = 64;
/** Candidate lists kept per chain (one per destination, port and protocol probed). */
const MAX_CACHED_LISTS = 4096;

interface PrefixTable {
  /** the prefix lengths present, longest first */
  lengths: number[];
  /** per prefix length: network (networkKey) → positions (0-based, ascending) of the rules that need it */
  byLength: Map<number, Map<number | string, number[]>>;
}

export interface ChainIndex {
  /** rules that no destination rules out (no usable `-d`), ascending */
  anyDestination: number[];
  prefixes: Record<Family, PrefixTable>;
  /** per rule: the protocol it requires (-1: any) */
  protocol: Int32Array;
  /** per rule: the destination ports it requires, when a non-negated --dport says so */
  dports: (Range[] | undefined)[];
  cache: Map<string, Int32Array>;
  /** no-match steps of the rules, per nesting depth, shared by the traces that skip them */
  skippedSteps: Map<number, TraceStep[]>;
}

const indexes = new WeakMap<Chain, ChainIndex | null>();

function emptyPrefixTable(): PrefixTable {
  return { lengths: [], byLength: new Map() };
}

/**
 * Map key of a network: a number for IPv4, hex text for IPv6 (V8 hashes a BigInt by its low
 * bits, so /64 networks with zero host bits would all collide).
 */
function networkKey(family: Family, network: bigint): number | string {
  return family === 4 ? Number(network) : network.toString(16);
}

function addPrefix(table: PrefixTable, prefix: number, key: number | string, position: number): void {
  let byNetwork = table.byLength.get(prefix);
  if (!byNetwork) {
    byNetwork = new Map();
    table.byLength.set(prefix, byNetwork);
    table.lengths.push(prefix);
  }
  const list = byNetwork.get(key);
  if (list) list.push(position);
  else byNetwork.set(key, [position]);
}

/**
 * The key of an IPv4 CIDR straight from its text (networkKey of specPrefix's network): the
 * rules of a 100k-line deny list are indexed without compiling each spec to BigInts.
 */
function ipv4CidrKey(spec: AddressSpec): number | undefined {
  if (spec.type !== 'cidr' || spec.family !== 4) return undefined;
  const value = parseIpv4Number(spec.network);
  if (value === undefined) return undefined;
  return spec.prefix === 0 ? 0 : (value & (0xffffffff << (32 - spec.prefix))) >>> 0;
}

/** What one rule requires of the destination, protocol and port, read from its own matches. */
function indexRule(index: ChainIndex, rule: Rule, position: number): void {
  let keyed = false;
  for (const m of rule.matches) {
    if ('negated' in m && m.negated) continue;
    if (m.kind === 'address' && m.dir === 'dst' && !keyed) {
      const key4 = ipv4CidrKey(m.address);
      if (key4 !== undefined) {
        addPrefix(index.prefixes[4], m.address.type === 'cidr' ? m.address.prefix : 32, key4, position);
        keyed = true;
        continue;
      }
      const p = specPrefix(m.address);
      if (p) {
        addPrefix(index.prefixes[p.family], p.prefix, networkKey(p.family, p.network), position);
        keyed = true;
      }
    } else if (m.kind === 'protocol' && typeof m.protocol === 'number' && m.protocol !== 0) {
      index.protocol[position] = m.protocol;
    } else if (m.kind === 'port' && m.dir === 'dst' && m.ranges.length > 0 && !index.dports[position]) {
      index.dports[position] = m.ranges;
    }
  }
  if (!keyed) index.anyDestination.push(position);
}

/** The chain's index, built on first use; null for a chain walked rule by rule. */
export function chainIndex(chain: Chain): ChainIndex | null {
  let index = indexes.get(chain);
  if (index !== undefined) return index;
  index = null;
  if (chain.rules.length >= MIN_INDEXED_RULES) {
    const built: ChainIndex = {
      anyDestination: [],
      prefixes: { 4: emptyPrefixTable(), 6: emptyPrefixTable() },
      protocol: new Int32Array(chain.rules.length).fill(-1),
      dports: new Array<Range[] | undefined>(chain.rules.length),
      cache: new Map(),
      skippedSteps: new Map(),
    };
    chain.rules.forEach((rule, i) => indexRule(built, rule, i));
    for (const t of [built.prefixes[4], built.prefixes[6]]) t.lengths.sort((a, b) => b - a);
    // worth it only when most rules can be ruled out by their destination
    if (built.anyDestination.length * 2 < chain.rules.length) index = built;
  }
  indexes.set(chain, index);
  return index;
}

function portIn(port: number, ranges: readonly Range[]): boolean {
  for (const r of ranges) if (port >= r.from && port <= r.to) return true;
  return false;
}

/** A rule whose own protocol or --dport rules the packet out (testPort: no ports → no-match). */
function ruledOutByPort(index: ChainIndex, position: number, protocol: number, dport: number): boolean {
  const p = index.protocol[position]!;
  if (p !== -1 && p !== protocol) return true;
  const ranges = index.dports[position];
  if (!ranges) return false;
  return !hasPorts(protocol) || !portIn(dport, ranges);
}

function mask(family: Family, prefix: number): bigint {
  const bits = family === 4 ? 32n : 128n;
  return prefix === 0 ? 0n : ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

function computeCandidates(index: ChainIndex, view: PacketView): Int32Array {
  const table = index.prefixes[view.dst.family];
  const sources: number[][] = [index.anyDestination];
  for (const prefix of table.lengths) {
    const list = table.byLength.get(prefix)!.get(networkKey(view.dst.family, view.dst.value & mask(view.dst.family, prefix)));
    if (list) sources.push(list);
  }
  const protocol = view.packet.protocol;
  let count = 0;
  for (const s of sources) count += s.length;
  const all = new Int32Array(count);
  let n = 0;
  for (const s of sources) for (const position of s) if (!ruledOutByPort(index, position, protocol, view.dport)) all[n++] = position;
  const candidates = all.subarray(0, n);
  if (sources.length > 1) candidates.sort();
  return candidates;
}

/** Positions (0-based, ascending) of the rules of the chain that may match this view. */
export function candidatesFor(index: ChainIndex, view: PacketView): Int32Array {
  const key = `${view.dst.family}:${view.dst.value}:${view.dport}:${view.packet.protocol}`;
  let list = index.cache.get(key);
  if (!list) {
    list = computeCandidates(index, view);
    if (index.cache.size >= MAX_CACHED_LISTS) index.cache.clear();
    index.cache.set(key, list);
  }
  return list;
}

/** The first candidate position at or after `from` (binary search); `end` when there is none. */
export function nextCandidate(candidates: Int32Array, from: number, end: number): number {
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candidates[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < candidates.length ? candidates[lo]! : end;
}
