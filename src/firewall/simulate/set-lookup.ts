// A large nft set of addresses (`ip6 daddr @blocked6` with 100,000 elements) is looked up by hash,
// as the kernel's set lookup does, instead of testing each element. Host elements (/32, /128) are
// kept under their network text when it is in the one canonical form formatIp prints (RFC 5952
// for IPv6, dotted decimal without leading zeros for IPv4), so equal text is equal address and
// no element is parsed to a BigInt; every other element (a prefix, a mask, a name, text in
// another form) is still tested one by one. The answer is testAnyOf's: match if any element
// matches, else maybe if any is maybe, else no-match (BENCHMARKS.md §5).
import { formatIp } from '../address.js';
import type { Family, Match } from '../model.js';
import type { Tri } from '../tri.js';
import type { PacketView } from './view.js';

/** Sets smaller than this are tested element by element: a hash would not pay for itself. */
export const MIN_HASHED_ELEMENTS = 64;

interface SetIndex {
  dir: 'src' | 'dst';
  hosts: Record<Family, Set<string>>;
  /** the elements not in `hosts`, tested one by one */
  rest: Match[];
}

const indexes = new WeakMap<readonly Match[], SetIndex | null>();

function isCanonicalIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** Is this exactly what formatIp prints for some IPv6 address? */
export function isCanonicalIpv6(text: string): boolean {
  if (!/^[0-9a-f:]+$/.test(text)) return false;
  const double = text.indexOf('::');
  if (double >= 0 && text.indexOf('::', double + 1) >= 0) return false;
  const head = double < 0 ? text : text.slice(0, double);
  const tail = double < 0 ? '' : text.slice(double + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  if (![...headGroups, ...tailGroups].every((g) => /^(?:0|[1-9a-f][0-9a-f]{0,3})$/.test(g))) return false;
  const explicit = headGroups.length + tailGroups.length;
  if (double < 0 ? explicit !== 8 : explicit > 6) return false;
  // the compressed run is the first longest run of two or more zero groups (RFC 5952 §4.2)
  const run = double < 0 ? 0 : 8 - explicit;
  const longestZeros = (groups: string[]): number => {
    let best = 0;
    let n = 0;
    for (const g of groups) { n = g === '0' ? n + 1 : 0; best = Math.max(best, n); }
    return best;
  };
  if (double < 0) return longestZeros(headGroups) < 2;
  return headGroups.at(-1) !== '0' && tailGroups[0] !== '0' && longestZeros(headGroups) < run && longestZeros(tailGroups) <= run;
}

function buildIndex(matches: readonly Match[]): SetIndex | null {
  const first = matches[0];
  if (matches.length < MIN_HASHED_ELEMENTS || first?.kind !== 'address') return null;
  const index: SetIndex = { dir: first.dir, hosts: { 4: new Set(), 6: new Set() }, rest: [] };
  for (const m of matches) {
    if (m.kind !== 'address' || m.dir !== index.dir || m.negated) return null;
    const a = m.address;
    const host = a.type === 'cidr' && a.prefix === (a.family === 4 ? 32 : 128) && (a.family === 4 ? isCanonicalIpv4(a.network) : isCanonicalIpv6(a.network));
    if (host) index.hosts[a.family].add(a.network);
    else index.rest.push(m);
  }
  return index;
}

/**
 * testAnyOf by hash for a large set of addresses; undefined when the set is not one (or the
 * address it tests is not known), and the caller tests element by element.
 */
export function testAddressSet(matches: readonly Match[], view: PacketView, testEach: (rest: readonly Match[]) => Tri): Tri | undefined {
  let index = indexes.get(matches);
  if (index === undefined) {
    index = buildIndex(matches);
    indexes.set(matches, index);
  }
  // an unknown source: each element decides as testUnknownAddress says
  const address = index?.dir === 'dst' ? view.dst : view.packet.src;
  if (!index || !address) return undefined;
  if (index.hosts[address.family].has(formatIp(address))) return 'match';
  return testEach(index.rest);
}
