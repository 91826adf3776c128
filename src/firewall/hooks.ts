// The netfilter model the simulator and the symbolic evaluator walk: each hook as the base
// chains registered on it, in ascending priority, whatever table or backend they belong to.
// nft(8) "OVERALL EVALUATION OF THE RULESET": every base chain on a hook runs in priority order
// "regardless of the table to which they belong"; an accept ends only the current base chain,
// a drop (or reject) ends the whole evaluation. iptables tables are such base chains at their
// standard priorities (include/uapi/linux/netfilter_ipv4.h NF_IP_PRI_*); iptables-legacy and
// iptables-nft tables can be registered side by side.
import type { Family, HookName, IptablesTable, NftBaseChain, Ruleset, TableName } from './model.js';
import { BUILTIN_CHAINS, TABLE_NAMES } from './model.js';

export type { HookName } from './model.js';
export const HOOK_NAMES: readonly HookName[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];

/** Which x_tables implementation registered a table; undefined when the input did not say. */
export type Backend = 'legacy' | 'nft';

/** One base chain: where the kernel calls into a table's chain, and when. */
export interface BaseChain {
  hook: HookName;
  /** lower runs first; equal priorities run in an undefined order (nft(8)) */
  priority: number;
  /** the family of the ruleset it belongs to; undefined when the input did not say */
  family?: Family;
  table: TableName;
  /** the chain the hook enters, e.g. OUTPUT */
  chain: string;
  backend?: Backend;
  /** an nftables chain type (nat chains see only a connection's first packet, like iptables nat) */
  type?: NftBaseChain['type'];
  /** index of its ruleset in NetfilterModel.rulesets: jumps stay inside that ruleset's table */
  source: number;
}

export interface HookChains {
  hook: HookName;
  /** ascending priority */
  chains: BaseChain[];
}

export interface NetfilterModel {
  rulesets: readonly Ruleset[];
  /** every hook, in HOOK_NAMES order, each with its base chains (possibly none) */
  hooks: HookChains[];
}

/** Where a packet comes from: the origin decides which hooks it crosses. */
export type PacketOrigin =
  /** a process on this host: routed first, then OUTPUT → POSTROUTING; uid/gid are the socket's */
  | { kind: 'local' }
  /** routed through this host (a container behind a bridge): PREROUTING → FORWARD → POSTROUTING; no socket, no uid/gid */
  | { kind: 'forwarded'; iif?: string };

export const LOCAL_ORIGIN: PacketOrigin = { kind: 'local' };

/** iptables chain names per hook (iptables(8) TABLES). */
export const IPTABLES_CHAIN: Record<HookName, string> = {
  prerouting: 'PREROUTING',
  input: 'INPUT',
  forward: 'FORWARD',
  output: 'OUTPUT',
  postrouting: 'POSTROUTING',
};

/**
 * NF_IP_PRI_RAW -300, NF_IP_PRI_MANGLE -150, NF_IP_PRI_NAT_DST -100 (PREROUTING, OUTPUT),
 * NF_IP_PRI_FILTER 0, NF_IP_PRI_SECURITY 50, NF_IP_PRI_NAT_SRC 100 (INPUT, POSTROUTING); the
 * same numbers for IPv6 (netfilter_ipv6.h) and as nft's names raw, mangle, dstnat, filter,
 * security, srcnat.
 */
export function iptablesPriority(table: IptablesTable, hook: HookName): number {
  switch (table) {
    case 'raw':
      return -300;
    case 'mangle':
      return -150;
    case 'nat':
      return hook === 'prerouting' || hook === 'output' ? -100 : 100;
    case 'filter':
      return 0;
    case 'security':
      return 50;
  }
}

/** What the save header or prompt says about the backend: `iptables-nft-save v1.8.9`, `iptables-legacy`. */
export function backendOf(ruleset: Ruleset): Backend | undefined {
  if (ruleset.backend) return ruleset.backend;
  const tool = ruleset.tool ?? '';
  if (/\bnf_tables\b|-nft\b/.test(tool)) return 'nft';
  if (/\blegacy\b/.test(tool)) return 'legacy';
  return undefined;
}

const HOOK_OF_CHAIN = new Map(HOOK_NAMES.map((h) => [IPTABLES_CHAIN[h], h]));

/**
 * Every base chain each ruleset registers. An iptables ruleset brings every builtin chain of
 * every iptables table: a table absent from the input either has no rules (iptables-save prints
 * every table in use) or was not supplied (a listing shows one table per command) — the walkers
 * tell the two apart with the messages the user knows, so the chain stays in the model.
 */
export function buildNetfilterModel(rulesets: readonly Ruleset[]): NetfilterModel {
  const all: BaseChain[] = [];
  rulesets.forEach((ruleset, source) => {
    if (ruleset.format === 'nft') {
      all.push(...nftBaseChains(ruleset, source));
      return;
    }
    const backend = backendOf(ruleset);
    for (const table of TABLE_NAMES) {
      for (const chain of BUILTIN_CHAINS[table]) {
        const hook = HOOK_OF_CHAIN.get(chain)!;
        const base: BaseChain = { hook, priority: iptablesPriority(table, hook), table, chain, source };
        if (ruleset.family !== undefined) base.family = ruleset.family;
        if (backend) base.backend = backend;
        all.push(base);
      }
    }
  });
  return {
    rulesets,
    // Array.prototype.sort is stable: equal priorities keep the order the inputs were given in
    hooks: HOOK_NAMES.map((hook) => ({ hook, chains: all.filter((c) => c.hook === hook).sort((a, b) => a.priority - b.priority) })),
  };
}

/**
 * A native ruleset's base chains, each at its own priority. A table of family ip sees only IPv4
 * packets and ip6 only IPv6 (nft(8) ADDRESS FAMILIES); inet sees both (family undefined).
 */
function nftBaseChains(ruleset: Ruleset, source: number): BaseChain[] {
  const out: BaseChain[] = [];
  for (const table of ruleset.tables) {
    const family = table.name.startsWith('ip6 ') ? 6 : table.name.startsWith('ip ') ? 4 : undefined;
    for (const chain of table.chains) {
      if (!chain.base) continue;
      const base: BaseChain = { hook: chain.base.hook, priority: chain.base.priority, table: table.name, chain: chain.name, backend: 'nft', type: chain.base.type, source };
      if (family !== undefined) base.family = family;
      out.push(base);
    }
  }
  return out;
}

/** Whether the packet's family ever enters this base chain (an ip table never sees IPv6). */
export function seesFamily(chain: BaseChain, family: Family): boolean {
  return chain.family === undefined || chain.family === family;
}

/**
 * Whether conntrack has looked at the packet when a base chain runs. nf_conntrack registers on
 * PREROUTING and OUTPUT at NF_IP_PRI_CONNTRACK (-200): a base chain at a lower priority sees no
 * entry yet — `ct state` is invalid there, untracked after `notrack` (nft(8) CONNTRACK
 * EXPRESSIONS; iptables' raw table exists for this) — and one at -200 itself runs before or
 * after it in an order the kernel does not specify. The later hooks always see the entry.
 */
export type ConntrackStage = 'before' | 'after' | 'tie';

export const CONNTRACK_PRIORITY = -200;

export function conntrackStage(chain: Pick<BaseChain, 'hook' | 'priority'>): ConntrackStage {
  if (chain.hook !== 'prerouting' && chain.hook !== 'output') return 'after';
  return chain.priority < CONNTRACK_PRIORITY ? 'before' : chain.priority === CONNTRACK_PRIORITY ? 'tie' : 'after';
}

/** iptables-legacy's tables are named as such: the nf_tables backend may hold tables of the same names. */
export function legacyOf(chain: BaseChain): { backend?: 'legacy' } {
  return chain.backend === 'legacy' ? { backend: 'legacy' } : {};
}

/** A nat base chain: iptables' nat table or an nftables `type nat` chain. */
export function isNatChain(chain: BaseChain): boolean {
  return chain.table === 'nat' || chain.type === 'nat';
}

/** The hooks a packet of this origin crosses, in order (a forwarded one addressed to this host: LOCAL_DELIVERY_PATH). */
export function hookPath(origin: PacketOrigin): HookName[] {
  switch (origin.kind) {
    case 'local':
      return ['output', 'postrouting'];
    case 'forwarded':
      return ['prerouting', 'forward', 'postrouting'];
  }
}

/**
 * A forwarded packet whose destination (after PREROUTING's DNAT) is this host is delivered,
 * not forwarded: it crosses INPUT instead of FORWARD and POSTROUTING.
 */
export const LOCAL_DELIVERY_PATH: readonly HookName[] = ['prerouting', 'input'];

/** The base chains along a path of hooks, in the order the packet meets them. */
export function baseChainsAlong(model: NetfilterModel, hooks: readonly HookName[]): BaseChain[] {
  return hooks.flatMap((h) => model.hooks.find((c) => c.hook === h)!.chains);
}

/**
 * Hooks after the routing decision see the route's out-interface. A local packet is routed
 * before OUTPUT, but a nat OUTPUT rewrite re-routes it and only POSTROUTING sees the new route;
 * a forwarded packet is routed after PREROUTING. INPUT has no out-device (the kernel passes
 * none), so it keeps PREROUTING's empty one.
 */
export function seesRoute(hook: HookName): boolean {
  return hook === 'forward' || hook === 'postrouting';
}

/** nat at these hooks rewrites the destination (DNAT, REDIRECT, NETMAP); at the others the source. */
export function isDestinationNatHook(hook: HookName): boolean {
  return hook === 'prerouting' || hook === 'output';
}
