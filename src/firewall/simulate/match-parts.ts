// Evaluators for the matches that need more than one comparison: interfaces, ports, owner and
// addrtype. Each answers three-valued for one PacketView.
import type { IpAddress } from '../address.js';
import type { Match, OwnerId, Range } from '../model.js';
import type { Tri } from '../tri.js';
import { triAnd, triFromBool, triNegate } from '../tri.js';
import type { PacketView } from './view.js';
import { isLocalAddress } from './view.js';

/** iptables(8): "If the interface name ends in a `+`, then any interface which begins with this name will match." */
export function interfaceNameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

type InterfaceMatch = Extract<Match, { kind: 'interface' }>;

export function testInterface(m: InterfaceMatch, view: PacketView): Tri {
  // A locally generated packet has no in-interface, nor has a packet out-device before it is
  // routed (PREROUTING): the kernel then compares the empty name, which only the bare wildcard
  // `-i +` / `-o +` matches (ip_packet_match in ip_tables.c). The view holds '' for those.
  if (m.dir === 'in') {
    if (view.iif !== undefined) return triNegate(triFromBool(interfaceNameMatches(m.name, view.iif)), m.negated);
    return m.name === '+' ? triNegate('match', m.negated) : 'maybe';
  }
  if (view.oif !== undefined) return triNegate(triFromBool(interfaceNameMatches(m.name, view.oif)), m.negated);
  // Unknown route, but not via lo: the destination is not local (a local one sets oif = lo).
  if (m.name === '+') return triNegate('match', m.negated);
  if (m.name === 'lo') return triNegate('no-match', m.negated);
  return 'maybe';
}

/** Protocols with port numbers that tcp/udp/multiport matches can read. */
const PORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);

export function hasPorts(protocol: number): boolean {
  return PORT_PROTOCOLS.has(protocol);
}

function portIn(port: number, ranges: readonly Range[]): boolean {
  for (const r of ranges) if (port >= r.from && port <= r.to) return true;
  return false;
}

/** Every port of `span` lies in `ranges` → match; none does → no-match; otherwise maybe. */
export function testPortSpan(span: Range, ranges: readonly Range[]): Tri {
  let overlaps = false;
  for (const r of ranges) if (r.from <= span.to && r.to >= span.from) overlaps = true;
  if (!overlaps) return 'no-match';
  let next = span.from;
  let moved = true;
  while (next <= span.to && moved) {
    moved = false;
    for (const r of ranges) {
      if (r.from <= next && r.to >= next) {
        next = r.to + 1;
        moved = true;
      }
    }
  }
  return next > span.to ? 'match' : 'maybe';
}

type PortMatch = Extract<Match, { kind: 'port' }>;

export function testPort(m: PortMatch, view: PacketView): Tri {
  if (!hasPorts(view.packet.protocol)) return 'no-match';
  // a service name the parser could not turn into a number
  if (m.ranges.length === 0) return 'maybe';
  const sport = view.packet.sport;
  switch (m.dir) {
    case 'dst':
      return triNegate(triFromBool(portIn(view.dport, m.ranges)), m.negated);
    case 'src':
      return triNegate(testPortSpan(sport, m.ranges), m.negated);
    case 'any':
      // multiport --ports: "match if either the source or destination ports are equal"
      return triNegate(portIn(view.dport, m.ranges) ? 'match' : testPortSpan(sport, m.ranges), m.negated);
  }
}

function testOwnerId(id: OwnerId | undefined, value: number | undefined): Tri {
  if (!id) return 'match';
  if (id.name !== undefined || value === undefined) return 'maybe';
  return triNegate(triFromBool(value >= id.range.from && value <= id.range.to), id.negated);
}

type OwnerMatch = Extract<Match, { kind: 'owner' }>;

/**
 * iptables-extensions(8) owner: "only valid in the OUTPUT and POSTROUTING chains". A locally
 * generated packet always has its socket, so --socket-exists matches.
 */
export function testOwner(m: OwnerMatch, view: PacketView): Tri {
  // a forwarded packet has no socket: owner_mt (xt_owner.c) then matches only when every
  // option given is negated, `(info->match ^ info->invert) == 0`
  if (view.packet.origin?.kind === 'forwarded') {
    if (m.noSocket === 'no-match') return 'no-match';
    const given = [m.uid, m.gid, m.socketExists].filter((o) => o !== undefined);
    return triFromBool(given.every((o) => o.negated));
  }
  const socket: Tri = m.socketExists ? triNegate('match', m.socketExists.negated) : 'match';
  return triAnd([testOwnerId(m.uid, view.packet.uid), testOwnerId(m.gid, view.packet.gid), socket]);
}

/**
 * The address type the kernel's local routing table gives (inet_addr_type): LOCAL for this
 * host's addresses and all of 127/8, MULTICAST for 224/4 and ff00::/8, BROADCAST for
 * 255.255.255.255 and 0/8, otherwise UNICAST. Subnet broadcast addresses (x.y.z.255 on a /24
 * of this host) are BROADCAST in the kernel; we do not know the host's subnets.
 */
export function addressTypes(address: IpAddress, localAddresses: readonly IpAddress[]): string[] {
  const local = isLocalAddress(address, localAddresses);
  if (address.family === 4) {
    if (local) return ['LOCAL'];
    const top = Number(address.value >> 24n);
    if (top >= 224 && top <= 239) return ['MULTICAST'];
    if (address.value === 0xffffffffn || top === 0) return ['BROADCAST'];
    return ['UNICAST'];
  }
  // ip6t addrtype (match_type6): every non-multicast address is UNICAST, and a local one is
  // LOCAL as well — unlike IPv4, where a local address is LOCAL only (found by the kernel tier).
  if (address.value >> 120n === 0xffn) return local ? ['MULTICAST', 'LOCAL'] : ['MULTICAST'];
  return local ? ['UNICAST', 'LOCAL'] : ['UNICAST'];
}

type AddrtypeMatch = Extract<Match, { kind: 'addrtype' }>;

export function testAddrtype(m: AddrtypeMatch, view: PacketView): Tri {
  const address = m.dir === 'dst' ? view.dst : view.packet.src;
  if (!address) return 'maybe';
  const types = addressTypes(address, view.localAddresses);
  const wanted = (t: string): boolean => m.types.some((w) => w.toUpperCase() === t);
  // --limit-iface-out narrows LOCAL to the out-interface's addresses; we do not know those, so
  // a LOCAL answer under that option stays maybe.
  if (m.limitIfaceOut && types.includes('LOCAL') && wanted('LOCAL')) return 'maybe';
  return triNegate(triFromBool(types.some(wanted)), m.negated);
}
