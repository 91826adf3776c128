// The elementary pieces of destination space: every address and port boundary any rule (or the
// kernel's own address classes) draws, so that inside one atom every destination match of the
// ruleset answers the same. Evaluating one representative per atom is then exact.
import type { AddressSpec, IpAddress } from '../address.js';
import { familyBits, parseIp, prefixMask } from '../address.js';
import type { Family, Match, Range, Ruleset } from '../model.js';

export interface AddressAtoms {
  family: Family;
  /** sorted starts: atom i is [starts[i], starts[i+1] - 1], the last one up to the top address */
  starts: bigint[];
  top: bigint;
  /**
   * Number(starts[i] >> shift) for each atom, not decreasing: atomOf compares these doubles and
   * BigInts only among equal keys (a BigInt comparison is a runtime call; a deny list of 100,000
   * IPv6 hosts asks for 200,000 atoms, each by a binary search over as many starts)
   */
  keys: Float64Array;
  shift: bigint;
}

/** The top 64 bits of an IPv6 value (top 53 exact): random hosts differ there. */
const V6_KEY_SHIFT = 64n;

function withKeys(family: Family, starts: bigint[], top: bigint): AddressAtoms {
  const shift = family === 4 ? 0n : V6_KEY_SHIFT;
  const keys = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i++) keys[i] = Number(starts[i]! >> shift);
  return { family, starts, top, keys, shift };
}

export interface PortAtoms {
  /** the asked ports split at every port boundary of the ruleset */
  ranges: Range[];
}

export interface Interval {
  lo: bigint;
  hi: bigint;
}

/** A non-contiguous mask with more free bits than this is not expanded (its rule becomes UNKNOWN). */
export const MAX_MASK_FREE_BITS = 12;

const intervalCache = new WeakMap<AddressSpec, Interval[] | undefined>();

/** The addresses a spec denotes as intervals; undefined when none can be drawn (host names). */
export function specIntervals(spec: AddressSpec): Interval[] | undefined {
  if (intervalCache.has(spec)) return intervalCache.get(spec);
  const out = computeIntervals(spec);
  intervalCache.set(spec, out);
  return out;
}

function computeIntervals(spec: AddressSpec): Interval[] | undefined {
  switch (spec.type) {
    case 'cidr':
    case 'redacted': {
      const net = parseIp(spec.network);
      if (!net) return undefined;
      const mask = prefixMask(spec.family, spec.prefix);
      const lo = net.value & mask;
      return [{ lo, hi: lo | (((1n << BigInt(familyBits(spec.family))) - 1n) ^ mask) }];
    }
    case 'mask': {
      const net = parseIp(spec.network);
      const mask = parseIp(spec.mask);
      if (!net || !mask) return undefined;
      return maskIntervals(spec.family, net.value & mask.value, mask.value);
    }
    case 'hostname':
      return undefined;
  }
}

/** `addr/255.255.0.255`: one interval per combination of the free bits above the host part. */
function maskIntervals(family: Family, network: bigint, mask: bigint): Interval[] | undefined {
  const bits = familyBits(family);
  let low = 0;
  while (low < bits && ((mask >> BigInt(low)) & 1n) === 0n) low++;
  const free: number[] = [];
  for (let b = low; b < bits; b++) if (((mask >> BigInt(b)) & 1n) === 0n) free.push(b);
  if (free.length > MAX_MASK_FREE_BITS) return undefined;
  const out: Interval[] = [];
  const host = (1n << BigInt(low)) - 1n;
  for (let combo = 0; combo < 1 << free.length; combo++) {
    let lo = network;
    free.forEach((b, i) => { if ((combo >> i) & 1) lo |= 1n << BigInt(b); });
    out.push({ lo, hi: lo | host });
  }
  return out.sort((a, b) => (a.lo < b.lo ? -1 : 1));
}

/** iprange(8) `from-to`, as the simulator reads it (the end of a CIDR `to` is its last address). */
export function rangeInterval(from: AddressSpec, to: AddressSpec): Interval | undefined {
  if ((from.type !== 'cidr' && from.type !== 'mask') || (to.type !== 'cidr' && to.type !== 'mask')) return undefined;
  const a = parseIp(from.network);
  const b = parseIp(to.network);
  if (!a || !b || a.family !== b.family) return undefined;
  const hi = to.type === 'cidr' ? b.value | ((1n << BigInt(familyBits(to.family) - to.prefix)) - 1n) : b.value;
  return { lo: a.value, hi };
}

function cidrInterval(family: Family, text: string, prefix: number): Interval {
  const v = parseIp(text)!.value;
  const host = (1n << BigInt(familyBits(family) - prefix)) - 1n;
  return { lo: v & ~host, hi: v | host };
}

/** Where the kernel's own address classes change: loopback, 0/8, multicast, broadcast (addrtype, routing via lo). */
export function specialIntervals(family: Family, locals: readonly IpAddress[]): Interval[] {
  const own = locals.filter((a) => a.family === family).map((a) => ({ lo: a.value, hi: a.value }));
  if (family === 4) {
    return [cidrInterval(4, '0.0.0.0', 8), cidrInterval(4, '127.0.0.0', 8), cidrInterval(4, '224.0.0.0', 4), cidrInterval(4, '255.255.255.255', 32), ...own];
  }
  return [cidrInterval(6, '::1', 128), cidrInterval(6, 'ff00::', 8), ...own];
}

/** Every destination interval the ruleset tests, plus nat targets (their /32 decides the re-route). */
export function rulesetIntervals(ruleset: Ruleset, family: Family): Interval[] {
  const out: Interval[] = [];
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        for (const x of rule.matches) {
          if (x.kind === 'any-of') for (const m of x.matches) addDestinationIntervals(m, out);
          else addDestinationIntervals(x, out);
        }
        const t = rule.target;
        if (t.kind === 'nat' && t.toAddress && (t.toAddress.type === 'cidr' || t.toAddress.type === 'mask')) {
          const to = parseIp(t.toAddress.network);
          if (to && to.family === family) out.push({ lo: to.value, hi: to.value });
        }
      }
    }
  }
  return out;
}

function addDestinationIntervals(m: Match, out: Interval[]): void {
  if (m.kind === 'address' && m.dir === 'dst') {
    const intervals = specIntervals(m.address);
    if (intervals) for (const i of intervals) out.push(i);
  } else if (m.kind === 'iprange' && m.dir === 'dst') {
    const r = rangeInterval(m.from, m.to);
    if (r) out.push(r);
  }
}

export function buildAddressAtoms(family: Family, intervals: readonly Interval[]): AddressAtoms {
  const top = (1n << BigInt(familyBits(family))) - 1n;
  if (family === 4) {
    // IPv4 fits a double exactly: a typed-array sort is many times faster than sorting bigints
    const cuts = new Float64Array(intervals.length * 2 + 1);
    let n = 1;
    for (const i of intervals) {
      if (i.lo < 0n || i.hi > top || i.lo > i.hi) continue;
      cuts[n++] = Number(i.lo);
      if (i.hi < top) cuts[n++] = Number(i.hi) + 1;
    }
    const sorted = cuts.subarray(0, n).sort();
    const starts: bigint[] = [];
    for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) starts.push(BigInt(sorted[k]!));
    return withKeys(family, starts, top);
  }
  // IPv6: fixed-width hex text sorts like the numbers, natively (a Set of bigints is no help:
  // V8 hashes a BigInt by its low digit, and every /64 has the same one)
  const cuts: string[] = ['0'.padStart(32, '0')];
  for (const i of intervals) {
    if (i.lo < 0n || i.hi > top || i.lo > i.hi) continue;
    cuts.push(i.lo.toString(16).padStart(32, '0'));
    if (i.hi < top) cuts.push((i.hi + 1n).toString(16).padStart(32, '0'));
  }
  cuts.sort();
  const starts: bigint[] = [];
  for (let k = 0; k < cuts.length; k++) if (k === 0 || cuts[k] !== cuts[k - 1]) starts.push(BigInt(`0x${cuts[k]}`));
  return withKeys(family, starts, top);
}

/** The atom holding `value`: the last start at or below it. */
export function atomOf(atoms: AddressAtoms, value: bigint): number {
  const s = atoms.starts;
  const keys = atoms.keys;
  // Number() rounds monotonically: a start whose key is below the value's is below the value,
  // one whose key is above is above it; only starts with an equal key need a BigInt comparison
  const key = Number(value >> atoms.shift);
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keys[mid]! < key) lo = mid;
    else hi = mid - 1;
  }
  // lo: the last start with a smaller key (or 0); the answer is lo or a start with the value's key
  // (many starts with one key, e.g. hosts of one /64: a BigInt search over the rest)
  hi = lo;
  while (hi + 1 < s.length && keys[hi + 1] === key && hi - lo < 64) hi++;
  if (hi + 1 < s.length && keys[hi + 1] === key) hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function atomEnd(atoms: AddressAtoms, index: number): bigint {
  return index + 1 < atoms.starts.length ? atoms.starts[index + 1]! - 1n : atoms.top;
}

/** The asked ports cut at every boundary of a destination-port match. */
export function buildPortAtoms(ruleset: Ruleset, asked: readonly Range[]): PortAtoms {
  const cuts = new Set<number>();
  const add = (m: Match): void => {
    if (m.kind !== 'port' || m.dir === 'src') return;
    for (const r of m.ranges) {
      cuts.add(r.from);
      cuts.add(r.to + 1);
    }
  };
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        for (const x of rule.matches) {
          if (x.kind === 'any-of') for (const m of x.matches) add(m);
          else add(x);
        }
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const ranges: Range[] = [];
  for (const r of mergeRanges(asked)) {
    let from = r.from;
    for (const c of sorted) {
      if (c > from && c <= r.to) {
        ranges.push({ from, to: c - 1 });
        from = c;
      }
    }
    ranges.push({ from, to: r.to });
  }
  return { ranges };
}

/** Sorted, with overlapping or touching ranges joined. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}
