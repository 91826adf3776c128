// What nat and raw do to a packet on its path, and how tables and targets are named to the
// user. The path itself (hooks, base chains, priorities) is the model in ../hooks.ts.
import type { IpAddress } from '../address.js';
import { parseIp } from '../address.js';
import type { BaseChain, HookName } from '../hooks.js';
import { conntrackStage } from '../hooks.js';
import type { Family, Rule, TableName, Target } from '../model.js';
import { isIptablesTable } from '../model.js';
import type { PacketView } from './view.js';
import { rewriteDestination } from './view.js';

/** The command that lists one chain, e.g. `ip6tables -t nat -L OUTPUT -n -v --line-numbers`. */
export function listCommand(family: Family, table: TableName, chain: string): string {
  if (!isIptablesTable(table)) return `nft -a list chain ${table} ${chain}`;
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  return `${tool}${table === 'filter' ? '' : ` -t ${table}`} -L ${chain} -n -v --line-numbers`;
}

/** iptables-extensions(8) CT `--notrack` and the older NOTRACK target: "disables connection tracking for this packet". */
export function isNotrack(target: Target): boolean {
  return target.kind === 'non-terminal' && (target.name === 'NOTRACK' || (target.name === 'CT' && /--notrack|\bnotrack\b/.test(target.text)));
}

/**
 * NOTRACK (iptables raw, nft `notrack`) marks a packet untracked only before conntrack has seen
 * it (nft_notrack_eval: "Previously seen (loopback or untracked)? Ignore."): iptables' raw
 * table, or an nft base chain at a priority below -200.
 */
export function untracks(hook: Pick<BaseChain, 'hook' | 'priority'>, target: Target): boolean {
  return isNotrack(target) && conntrackStage(hook) === 'before';
}

/** The label a trace shows for a target: ACCEPT, the chain jumped to, DNAT … (empty for a counting rule). */
export function targetLabel(target: Target): string | undefined {
  switch (target.kind) {
    case 'accept':
      return 'ACCEPT';
    case 'drop':
      return 'DROP';
    case 'reject':
      return 'REJECT';
    case 'return':
      return 'RETURN';
    case 'jump':
    case 'goto':
      return target.chain;
    case 'none':
      return undefined;
    case 'nat':
      return target.action;
    case 'non-terminal':
    case 'unknown':
      return target.name;
  }
}

export interface NatEffect {
  view: PacketView;
  /** set when the rewrite had to pick one of several addresses or ports */
  approximation?: string;
}

const LOCALHOST: Record<Family, IpAddress> = { 4: parseIp('127.0.0.1')!, 6: parseIp('::1')! };

/**
 * What a nat target does to the packet the later tables see. iptables-extensions(8): DNAT
 * "specifies that the destination address of the packet should be modified"; REDIRECT "redirects
 * the packet to the machine itself by changing the destination IP to the primary address of the
 * incoming interface (locally generated packets are mapped to the localhost address, 127.0.0.1
 * for IPv4 and ::1 for IPv6)"; NETMAP maps the network part 1:1. SNAT and MASQUERADE act in
 * POSTROUTING (and INPUT), after every hook that matches on the packet's fields: nothing later sees them.
 */
export function applyNat(rule: Rule, view: PacketView, hook: HookName = 'output'): NatEffect {
  const target = rule.target;
  if (target.kind !== 'nat') return { view };
  const family = view.packet.family;
  const port = target.toPorts ? target.toPorts.from : view.dport;
  const portNote = target.toPorts && target.toPorts.from !== target.toPorts.to ? `ports ${target.toPorts.from}-${target.toPorts.to}: the first is assumed` : undefined;
  switch (target.action) {
    case 'REDIRECT':
      if (hook === 'prerouting') return { view: rewriteDestination(view, LOCALHOST[family], port), approximation: `REDIRECT ${target.text}: to the in-interface's own address, which is not known (shown as ${family === 4 ? '127.0.0.1' : '::1'}); the packet is delivered to this host` };
      return withNote(rewriteDestination(view, LOCALHOST[family], port), portNote);
    case 'DNAT': {
      const to = target.toAddress;
      if (!to) return withNote(rewriteDestination(view, view.dst, port), portNote);
      const address = to.type === 'cidr' || to.type === 'mask' ? parseIp(to.network) : undefined;
      if (!address || address.family !== family) return { view, approximation: `DNAT to ${target.text}: destination not understood, assumed unchanged` };
      const many = to.type !== 'cidr' || to.prefix < (family === 4 ? 32 : 128);
      return withNote(rewriteDestination(view, address, port), many ? `DNAT to a range (${target.text}): the first address is assumed` : portNote);
    }
    case 'NETMAP': {
      const to = target.toAddress;
      if (!to || to.type !== 'cidr' || to.family !== family) return { view, approximation: `NETMAP ${target.text}: not understood, destination assumed unchanged` };
      const bits = BigInt(family === 4 ? 32 : 128);
      const host = (1n << (bits - BigInt(to.prefix))) - 1n;
      const net = parseIp(to.network)!.value & ~host;
      return { view: rewriteDestination(view, { family, value: net | (view.dst.value & host) }, view.dport) };
    }
    case 'SNAT':
    case 'MASQUERADE':
      return { view };
  }
}

function withNote(view: PacketView, approximation: string | undefined): NatEffect {
  return approximation ? { view, approximation } : { view };
}
