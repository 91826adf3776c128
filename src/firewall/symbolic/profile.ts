// How one rule answers over destination space for one flow: a tri-state for the fixed context,
// a piecewise tri-state over address atoms and one per port atom. The shapes (where an answer
// can change) come from the atoms; every answer itself comes from the simulator's evaluateMatch
// on a representative packet, so the two can never disagree on what a match means.
import type { Match, Rule } from '../model.js';
import type { Tri } from '../tri.js';
import { evaluateMatch } from '../simulate/match-eval.js';
import type { PacketView } from '../simulate/view.js';
import { atomOf, rangeInterval, specIntervals, type Interval } from './atoms.js';
import { attrsKey, type FlowAttrs } from './region.js';
import { viewOf, type EvalState } from './state.js';

/** atoms from..to (inclusive) answer `tri` */
export interface Piece {
  from: number;
  to: number;
  tri: Tri;
}

export interface RuleProfile {
  context: Tri;
  /** covers every atom, in order */
  pieces: Piece[];
  /** one per port atom */
  ports: Tri[];
}

type Dependence = 'context' | 'address' | 'special' | 'port';

function dependenceOf(m: Match, s: EvalState, attrs: FlowAttrs): Dependence {
  const rw = attrs.rewrite >= 0 ? s.rewrites[attrs.rewrite] : undefined;
  const fixedAddress = rw?.address !== undefined;
  switch (m.kind) {
    case 'address':
    case 'iprange':
      return m.dir === 'dst' && !fixedAddress ? 'address' : 'context';
    case 'addrtype':
      return m.dir === 'dst' && !fixedAddress ? 'special' : 'context';
    case 'interface':
      // the out-interface is `lo` for a local destination (before and after a rewrite)
      return m.dir === 'out' ? 'special' : 'context';
    case 'port':
      return m.dir !== 'src' && rw?.port === undefined ? 'port' : 'context';
    case 'any-of': {
      // a set holds elements of one kind: they depend on what that kind depends on
      const kinds = new Set(m.matches.map((x) => dependenceOf(x, s, attrs)));
      return kinds.size === 1 ? [...kinds][0]! : 'context';
    }
    case 'family':
    case 'protocol':
    case 'interface-unknown':
    case 'tcp-flags':
    case 'tcp-option':
    case 'fragment':
    case 'state':
    case 'owner':
    case 'icmp':
    case 'comment':
    case 'stateful':
    case 'unknown':
      return 'context';
  }
}

export function triAnd2(a: Tri, b: Tri): Tri {
  if (a === 'no-match' || b === 'no-match') return 'no-match';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'match';
}

/** The atom ranges a destination match draws; undefined: no shape (one answer everywhere). */
function ownIntervals(m: Match): Interval[] | undefined {
  if (m.kind === 'address') return specIntervals(m.address);
  if (m.kind === 'iprange') {
    const r = rangeInterval(m.from, m.to);
    return r ? [r] : undefined;
  }
  if (m.kind === 'any-of') {
    const all = m.matches.map(ownIntervals);
    if (all.some((i) => !i)) return undefined;
    return mergeIntervals(all.flatMap((i) => i!));
  }
  return undefined;
}

/** Sorted and joined where they overlap or touch, as shapeFrom needs them. */
function mergeIntervals(intervals: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of [...intervals].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0))) {
    const last = out[out.length - 1];
    if (last && i.lo <= last.hi + 1n) {
      if (i.hi > last.hi) last.hi = i.hi;
    } else out.push({ ...i });
  }
  return out;
}

/** Cuts [0, atoms) at the given atom ranges: the pieces inside and between them. */
function shapeFrom(s: EvalState, intervals: Interval[] | undefined): [number, number][] {
  const last = s.atoms.starts.length - 1;
  if (!intervals || intervals.length === 0) return [[0, last]];
  const out: [number, number][] = [];
  let next = 0;
  for (const i of intervals) {
    if (i.hi < i.lo) continue;
    const from = atomOf(s.atoms, i.lo);
    const to = i.hi === i.lo ? from : atomOf(s.atoms, i.hi);
    if (from < next) continue; // overlapping intervals do not occur for one spec
    if (from > next) out.push([next, from - 1]);
    out.push([from, to]);
    next = to + 1;
  }
  if (next <= last) out.push([next, last]);
  return out;
}

function andPieces(a: Piece[], b: Piece[]): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const pa = a[i]!;
    const pb = b[j]!;
    const from = Math.max(pa.from, pb.from);
    const to = Math.min(pa.to, pb.to);
    const tri = triAnd2(pa.tri, pb.tri);
    const prev = out[out.length - 1];
    if (prev && prev.tri === tri && prev.to + 1 === from) prev.to = to;
    else out.push({ from, to, tri });
    if (pa.to === to) i++;
    if (pb.to === to) j++;
  }
  return out;
}

/**
 * The base view with only the destination changed: address and iprange matches read nothing
 * else (testAddress/testRange), and a full view per atom would cost a routing decision each.
 */
function destinationView(s: EvalState, base: PacketView, a: number): PacketView {
  const value = s.atoms.starts[a]!;
  return { ...base, dst: { family: s.family, value }, dst4: s.family === 4 ? Number(value) : -1 };
}

/** `key`: attrsKey(attrs), which the caller (walkChain) already has. */
export function profileRule(s: EvalState, rule: Rule, attrs: FlowAttrs, key = attrsKey(attrs)): RuleProfile {
  const P = s.ports.ranges.length;
  const base = viewOf(s, attrs, 0, 0, key);
  let context: Tri = 'match';
  let pieces: Piece[] | undefined;
  let ports: Tri[] | undefined;
  for (const m of rule.matches) {
    switch (dependenceOf(m, s, attrs)) {
      case 'context':
        context = triAnd2(context, evaluateMatch(m, base));
        if (context === 'no-match') return { context, pieces: [], ports: [] };
        break;
      case 'address':
      case 'special': {
        const own = dependenceOf(m, s, attrs) === 'address';
        const intervals = own ? ownIntervals(m) : undefined;
        // a mask with too many holes to draw: undecided here rather than guessed
        const tooComplex = own && m.kind === 'address' && m.address.type === 'mask' && !intervals;
        const shape = own ? shapeFrom(s, intervals) : s.specialPieces;
        const mine = shape.map(([from, to]) => ({ from, to, tri: tooComplex ? 'maybe' as Tri : evaluateMatch(m, own ? destinationView(s, base, from) : viewOf(s, attrs, from, 0, key)) }));
        pieces = pieces ? andPieces(pieces, mine) : mine;
        break;
      }
      case 'port': {
        const mine: Tri[] = [];
        for (let p = 0; p < P; p++) mine.push(evaluateMatch(m, viewOf(s, attrs, 0, p, key)));
        ports = ports ? ports.map((t, p) => triAnd2(t, mine[p]!)) : mine;
        break;
      }
    }
  }
  return {
    context,
    pieces: pieces ?? [{ from: 0, to: s.atoms.starts.length - 1, tri: 'match' }],
    ports: ports ?? new Array<Tri>(P).fill('match'),
  };
}
