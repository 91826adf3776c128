// A large nft set of addresses (`ip6 daddr @blocked6` with 100,000 elements) is looked up by hash,
// as the kernel's set lookup does, instead of testing each element. Host elements (/32, /128) are
// kept under their network text when it is in the one canonical form formatIp prints (RFC 5952
// for IPv6, dotted decimal without leading zeros for IPv4), so equal text is equal address and
// no element is parsed to a BigInt; every other element (a prefix, a mask, a name, text in
// another form) is still tested one by one. The answer is testAnyOf's: match if any element
// matches, else maybe if any is maybe, else no-match (BENCHMARKS.md §5).
import { formatIp } from '../address.js';
import { isCanonicalIpv4, isCanonicalIpv6 } from '../address-canonical.js';
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
