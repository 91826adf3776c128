// One evaluation per Match kind (iptables(8) and iptables-extensions(8)), three-valued: what
// the packet description cannot decide is 'maybe', never a guess. `undecidedMatch` says why, and
// is only called for the few matches that came out maybe (no strings built on the hot path).
import type { ConnState, Match } from '../model.js';
import type { Tri } from '../tri.js';
import { triFromBool, triNegate } from '../tri.js';
import { testAddress, testRange, testUnknownAddress } from './address-match.js';
import { testAddrtype, testInterface, testOwner, testPort } from './match-parts.js';
import { testAddressSet } from './set-lookup.js';
import type { UncertaintyCause, UndecidedMatch } from './uncertainty.js';
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

/**
 * Before conntrack there is no entry: the state is INVALID, or UNTRACKED once notrack set the
 * template (nft_ct_get_eval; xt_conntrack/xt_state likewise); virtual DNAT/SNAT need an entry.
 */
function testStateBeforeConntrack(states: readonly ConnState[], view: PacketView): Tri {
  return triFromBool(states.includes(view.state === 'UNTRACKED' ? 'UNTRACKED' : 'INVALID'));
}

function testStates(states: readonly ConnState[], view: PacketView): Tri {
  if (view.conntrack === 'before') return testStateBeforeConntrack(states, view);
  if (view.conntrack === 'tie') {
    const before = testStateBeforeConntrack(states, view);
    return before === testStates(states, { ...view, conntrack: 'after' }) ? before : 'maybe';
  }
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
    case 'family':
      return triNegate(triFromBool(packet.family === m.family), m.negated);
    case 'any-of':
      // `meta skuid != { 0, 104 }` on a forwarded packet: the lookup never happens (no socket)
      if (view.packet.origin?.kind === 'forwarded' && m.matches.some((x) => x.kind === 'owner' && x.noSocket === 'no-match')) return 'no-match';
      return triNegate(testAddressSet(m.matches, view, (rest) => testAnyOf(rest, view)) ?? testAnyOf(m.matches, view), m.negated);
    case 'stateful':
      return 'maybe';
    case 'unknown':
      return 'maybe';
  }
}

/** Why a match evaluated to maybe, as data (worded in uncertainty-text.ts); names the option that would decide it. */
export function undecidedMatch(m: Match, view: PacketView): UndecidedMatch {
  const packet = view.packet;
  switch (m.kind) {
    case 'protocol':
      return { why: 'protocol', text: m.text };
    case 'address':
      if (m.address.type === 'hostname') return { why: 'host-name', dir: m.dir, name: m.address.name };
      if (m.address.type === 'redacted') return { why: 'redacted', dir: m.dir, text: m.address.text };
      return { why: 'source-unknown', test: '-s', negated: m.negated, address: m.address };
    case 'interface':
      return { why: 'interface-unknown', dir: m.dir, negated: m.negated, name: m.name };
    case 'interface-unknown':
      return { why: 'no-interface-columns' };
    case 'port':
      if (m.ranges.length === 0) return { why: 'service-name', names: m.names };
      return { why: 'source-port', sport: packet.sport, dir: m.dir, negated: m.negated, ranges: m.ranges };
    case 'tcp-flags':
      return { why: 'tcp-flags' };
    case 'tcp-option':
      return { why: 'tcp-option', option: m.option };
    case 'fragment':
      return { why: 'fragment' };
    case 'state':
      if (view.conntrack === 'tie') return { why: 'conntrack-order' };
      return view.state === 'ESTABLISHED' ? { why: 'snat-state' } : { why: 'state' };
    case 'owner': {
      const name = m.uid?.name ?? m.gid?.name;
      if (name !== undefined) return { why: 'owner-name', name };
      return m.uid && packet.uid === undefined ? { why: 'uid-unknown' } : { why: 'gid-unknown' };
    }
    case 'iprange':
      return m.dir === 'src' && !packet.src ? { why: 'source-unknown', test: '--src-range' } : { why: 'range-unreadable' };
    case 'icmp':
      return { why: 'icmp-type' };
    case 'addrtype':
      return m.dir === 'src' && !packet.src ? { why: 'source-unknown', test: '--src-type' } : { why: 'limit-iface-out' };
    case 'comment':
      return { why: 'comment' };
    case 'family':
      return { why: 'not-understood', module: undefined, text: m.family === 4 ? 'meta nfproto ipv4' : 'meta nfproto ipv6' };
    case 'any-of': {
      const open = m.matches.find((x) => evaluateMatch(x, view) === 'maybe');
      return open ? undecidedMatch(open, view) : { why: 'not-understood', module: undefined, text: m.text };
    }
    case 'stateful':
      return { why: 'stateful', reason: m.reason };
    case 'unknown':
      return { why: 'not-understood', module: m.module, text: m.text };
  }
}

/** An nft set: one element holds. */
function testAnyOf(matches: readonly Match[], view: PacketView): Tri {
  let result: Tri = 'no-match';
  for (const m of matches) {
    const t = evaluateMatch(m, view);
    if (t === 'match') return 'match';
    if (t === 'maybe') result = 'maybe';
  }
  return result;
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

/** Why a rule evaluated to maybe: each undecided match, as data. */
export function undecidedRule(matches: readonly Match[], view: PacketView): UncertaintyCause {
  return { code: 'rule-undecided', matches: matches.filter((m) => evaluateMatch(m, view) === 'maybe').map((m) => undecidedMatch(m, view)) };
}
