// One evaluation per Match kind (iptables(8) and iptables-extensions(8)), three-valued: what
// the packet description cannot decide is 'maybe', never a guess. `explainMaybe` says why, and
// is only called for the few matches that came out maybe (no strings built on the hot path).
import { formatAddressSpec } from '../address.js';
import type { ConnState, Match } from '../model.js';
import type { Tri } from '../tri.js';
import { triFromBool, triNegate } from '../tri.js';
import { testAddress, testRange, testUnknownAddress } from './address-match.js';
import { testAddrtype, testInterface, testOwner, testPort } from './match-parts.js';
import type { PacketView } from './view.js';

/** conntrack states as the state/conntrack matches see a locally generated TCP/UDP packet. */
function testConnState(state: ConnState, view: PacketView): Tri {
  switch (state) {
    case 'NEW':
    case 'ESTABLISHED':
    case 'UNTRACKED':
      return triFromBool(view.state === state);
    // our packets open or continue a connection: never related to another, never invalid
    case 'RELATED':
    case 'INVALID':
      return 'no-match';
    // virtual states (iptables-extensions(8) conntrack): the original destination differs
    // from the reply source once nat OUTPUT rewrote it
    case 'DNAT':
      return triFromBool(view.dnat);
    // SNAT happens in nat POSTROUTING, after every hook that could test the first packet;
    // later packets carry it if the first packet was source-NATed
    case 'SNAT':
      return view.state === 'ESTABLISHED' ? 'maybe' : 'no-match';
  }
}

function testStates(states: readonly ConnState[], view: PacketView): Tri {
  let result: Tri = 'no-match';
  for (const s of states) {
    const t = testConnState(s, view);
    if (t === 'match') return 'match';
    if (t === 'maybe') result = 'maybe';
  }
  return result;
}

export function evaluateMatch(m: Match, view: PacketView): Tri {
  const packet = view.packet;
  switch (m.kind) {
    case 'protocol':
      return triNegate(triFromBool(m.protocol === 'all' || m.protocol === 0 || m.protocol === packet.protocol), m.negated);
    case 'address':
      if (m.dir === 'dst') return triNegate(testAddress(view.dst, m.address, view.dst4), m.negated);
      return triNegate(packet.src ? testAddress(packet.src, m.address) : testUnknownAddress(packet.family, m.address), m.negated);
    case 'interface':
      return testInterface(m, view);
    case 'interface-unknown':
      return 'maybe';
    case 'port':
      return testPort(m, view);
    case 'tcp-flags':
      if (packet.protocol !== 6) return 'no-match';
      return triNegate(triFromBool((view.tcpFlags & m.mask) === m.comparison), m.negated);
    case 'tcp-option':
      // which options a segment carries depends on the sender's sysctls (timestamps, SACK …)
      return packet.protocol === 6 ? 'maybe' : 'no-match';
    case 'fragment':
      // `-f` matches second and later fragments; our packet is a whole (or first) one
      return triNegate('no-match', m.negated);
    case 'state':
      return triNegate(testStates(m.states, view), m.negated);
    case 'owner':
      return testOwner(m, view);
    case 'iprange':
      return triNegate(testRange(m.dir === 'dst' ? view.dst : packet.src, packet.family, m.from, m.to), m.negated);
    case 'icmp': {
      const icmpProtocol = m.family === 4 ? 1 : 58;
      if (m.family !== packet.family || packet.protocol !== icmpProtocol) return 'no-match';
      return m.type === 'any' ? triNegate('match', m.negated) : 'maybe';
    }
    case 'addrtype':
      return testAddrtype(m, view);
    case 'comment':
      return 'match';
    case 'stateful':
      return 'maybe';
    case 'unknown':
      return 'maybe';
  }
}

/** Why a match evaluated to maybe, for the user; names the option that would decide it. */
export function explainMaybe(m: Match, view: PacketView): string {
  const packet = view.packet;
  switch (m.kind) {
    case 'protocol':
      return `protocol ${m.text} not decided`;
    case 'address':
      if (m.address.type === 'hostname') return `${m.dir === 'src' ? 'source' : 'destination'} "${m.address.name}" is a host name: its addresses are not known (list with -n)`;
      if (m.address.type === 'redacted') return `${m.dir === 'src' ? 'source' : 'destination'} ${m.address.text} is redacted: it may or may not be ${m.dir === 'dst' ? 'this destination' : 'the source'}`;
      return `the source address is not known (give --src): the rule tests ${m.negated ? '! ' : ''}-s ${formatAddressSpec(m.address)}`;
    case 'interface':
      if (m.dir === 'in') return `the in-interface is not known: the rule tests ${m.negated ? '! ' : ''}-i ${m.name}`;
      return `the out-interface is not known (give --oif): the rule tests ${m.negated ? '! ' : ''}-o ${m.name}`;
    case 'interface-unknown':
      return 'the listing has no interface columns (list with -v): the rule may test an interface';
    case 'port':
      if (m.ranges.length === 0) return `port ${m.names?.join(',') ?? '?'} is a service name we could not resolve`;
      return `the source port is any of ${packet.sport.from}-${packet.sport.to} (give --sport): the rule tests ${m.dir === 'any' ? 'ports' : 'spt'} ${m.negated ? '! ' : ''}${m.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`)).join(',')}`;
    case 'tcp-flags':
      return 'tcp flags not decided';
    case 'tcp-option':
      return `whether the segment carries TCP option ${m.option} depends on the sender`;
    case 'fragment':
      return 'fragment not decided';
    case 'state':
      return view.state === 'ESTABLISHED'
        ? 'conntrack SNAT: depends on whether nat POSTROUTING source-NATed the connection\'s first packet'
        : 'connection state not decided';
    case 'owner': {
      if (m.uid?.name !== undefined || m.gid?.name !== undefined) return `owner ${m.uid?.name ?? m.gid?.name}: a name we could not turn into a number (list with -n)`;
      if (m.uid && packet.uid === undefined) return 'the sending process\'s uid is not known (give --uid): the rule tests --uid-owner';
      return 'the sending process\'s gid is not known (give --gid): the rule tests --gid-owner';
    }
    case 'iprange':
      return m.dir === 'src' && !packet.src ? 'the source address is not known (give --src): the rule tests --src-range' : 'the address range could not be read';
    case 'icmp':
      return 'the ICMP type of the packet is not known';
    case 'addrtype':
      return m.dir === 'src' && !packet.src
        ? 'the source address is not known (give --src): the rule tests --src-type'
        : '--limit-iface-out: the out-interface\'s own addresses are not known';
    case 'comment':
      return 'a comment always matches';
    case 'stateful':
      return m.reason;
    case 'unknown':
      return `not understood${m.module ? ` (-m ${m.module})` : ''}: ${m.text}`;
  }
}

/** All matches of a rule must hold (a rule without matches matches every packet). */
export function evaluateMatches(matches: readonly Match[], view: PacketView): Tri {
  let result: Tri = 'match';
  for (let i = 0; i < matches.length; i++) {
    const t = evaluateMatch(matches[i]!, view);
    if (t === 'no-match') return 'no-match';
    if (t === 'maybe') result = 'maybe';
  }
  return result;
}

/** Why a rule evaluated to maybe: the explanation of each undecided match. */
export function explainRuleMaybe(matches: readonly Match[], view: PacketView): string {
  return matches.filter((m) => evaluateMatch(m, view) === 'maybe').map((m) => explainMaybe(m, view)).join('; ');
}
