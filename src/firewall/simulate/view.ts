// The packet as the rules see it at one point of its path. A Packet is what the user asked
// about; a PacketView adds what the kernel derives (tcp flags, conntrack state, the route's
// out-interface) and changes when nat rewrites the destination or raw untracks it.
import type { IpAddress } from '../address.js';
import { isLoopback } from '../address.js';
import type { ConntrackStage } from '../hooks.js';
import type { Packet } from './types.js';

/** TCP header flag bits (RFC 9293), as `--tcp-flags` masks use them. */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export type ViewState = 'NEW' | 'ESTABLISHED' | 'UNTRACKED';

export interface PacketView {
  readonly packet: Packet;
  readonly dst: IpAddress;
  /** the IPv4 destination as a number for fast comparison; -1 for IPv6 */
  readonly dst4: number;
  readonly dport: number;
  /** the conntrack state the state/conntrack matches see */
  readonly state: ViewState;
  /** the current base chain runs before conntrack (no entry: state INVALID unless untracked), after it, or in an unspecified order */
  readonly conntrack: ConntrackStage;
  /** flags of the TCP segment: SYN alone opens a connection, ACK carries the rest */
  readonly tcpFlags: number;
  /**
   * in-interface: '' for a local packet (the kernel compares the empty name), the given one for
   * a forwarded packet; undefined = unknown
   */
  readonly iif: string | undefined;
  /**
   * out-interface when known: given by the user, or `lo` for a local destination; '' before a
   * forwarded packet is routed (PREROUTING has no out-device)
   */
  readonly oif: string | undefined;
  /**
   * out-interface POSTROUTING sees. After a nat OUTPUT rewrite the kernel re-routes the packet,
   * but the rest of the OUTPUT hook keeps the device it was called with (state->out): only
   * POSTROUTING sees the new route (`lo` after REDIRECT). Checked against the kernel tier.
   */
  readonly postroutingOif: string | undefined;
  /** the destination is this host (loopback, or an address given as local): routed via lo */
  readonly dstLocal: boolean;
  /** conntrack's virtual DNAT state: the original destination was rewritten (ctstate DNAT) */
  readonly dnat: boolean;
  /** the host's own addresses beyond loopback, for addrtype LOCAL */
  readonly localAddresses: readonly IpAddress[];
  /** canonical text of the mutable parts, so that equal states can be recognised */
  readonly key: string;
}

export function isLocalAddress(address: IpAddress, localAddresses: readonly IpAddress[]): boolean {
  return isLoopback(address) || localAddresses.some((a) => a.family === address.family && a.value === address.value);
}

function viewKey(v: Omit<PacketView, 'key' | 'dst4'>): string {
  return `${v.dst.value}:${v.dport}:${v.state}${v.conntrack === 'after' ? '' : v.conntrack}:${v.tcpFlags}:${v.oif ?? '?'}:${v.postroutingOif ?? '?'}:${v.dnat ? 'D' : ''}`;
}

function makeView(fields: Omit<PacketView, 'key' | 'dst4'>): PacketView {
  return { ...fields, dst4: fields.dst.family === 4 ? Number(fields.dst.value) : -1, key: viewKey(fields) };
}

export function createView(packet: Packet, localAddresses: readonly IpAddress[] = []): PacketView {
  const forwarded = packet.origin?.kind === 'forwarded';
  // a local packet's source is one of this host's addresses; a forwarded one's is the sender's
  const locals = packet.src && !forwarded ? [...localAddresses, packet.src] : localAddresses;
  const dstLocal = isLocalAddress(packet.dst, locals);
  // a destination on this host is routed through lo whatever the user guessed
  const routed = dstLocal ? 'lo' : packet.oif;
  return makeView({
    packet,
    dst: packet.dst,
    dport: packet.dport,
    state: packet.state,
    conntrack: 'after',
    tcpFlags: packet.state === 'NEW' ? TCP_SYN : TCP_ACK,
    iif: packet.origin?.kind === 'forwarded' ? packet.origin.iif : '',
    // a forwarded packet is routed after PREROUTING, a local one before OUTPUT
    oif: forwarded ? '' : routed,
    postroutingOif: routed,
    dstLocal,
    dnat: false,
    localAddresses: locals,
  });
}

/**
 * The view after nat OUTPUT changed the destination. The kernel re-routes the packet
 * (ip_route_me_harder): POSTROUTING sees `lo` for a local destination and otherwise a route we
 * do not know; filter and security OUTPUT still see the original out-interface.
 */
export function rewriteDestination(view: PacketView, dst: IpAddress, dport: number): PacketView {
  const dstLocal = isLocalAddress(dst, view.localAddresses);
  const sameRoute = dst.value === view.dst.value;
  const postroutingOif = dstLocal ? 'lo' : sameRoute ? view.postroutingOif : undefined;
  return makeView({ ...view, dst, dport, dstLocal, dnat: true, postroutingOif });
}

/**
 * Entering a hook after the routing decision (hooks.ts seesRoute): the out-interface is now the
 * one of the (re-)routed packet — POSTROUTING for a local packet, FORWARD on for a forwarded one.
 */
export function afterRouting(view: PacketView): PacketView {
  return view.oif === view.postroutingOif ? view : makeView({ ...view, oif: view.postroutingOif });
}

/** Entering a base chain: where it runs relative to conntrack (hooks.ts conntrackStage). */
export function atConntrackStage(view: PacketView, conntrack: ConntrackStage): PacketView {
  return view.conntrack === conntrack ? view : makeView({ ...view, conntrack });
}

/** raw `CT --notrack` / `NOTRACK`: later state matches see UNTRACKED and nat is skipped. */
export function untrackView(view: PacketView): PacketView {
  return makeView({ ...view, state: 'UNTRACKED' });
}

/**
 * nat is consulted only for a connection's first packet; its mapping then applies to every
 * later packet. For an ESTABLISHED packet we therefore evaluate nat as its SYN saw it.
 */
export function asFirstPacket(view: PacketView): PacketView {
  return view.state === 'ESTABLISHED' ? makeView({ ...view, state: 'NEW', tcpFlags: TCP_SYN }) : view;
}

/** Back to the packet's own state after nat was evaluated as for the first packet. */
export function withStateOf(view: PacketView, original: PacketView): PacketView {
  return view.state === original.state ? view : makeView({ ...view, state: original.state, tcpFlags: original.tcpFlags });
}
