// Flows along the base chains of their hooks (../hooks.ts), the way the simulator's branches go:
// each base chain walks what the previous one accepted; ACCEPT ends that base chain only, DROP
// and REJECT are final (recorded where they happen); nat is skipped for an untracked packet.
import type { BaseChain, NetfilterModel } from '../hooks.js';
import { baseChainsAlong, conntrackStage, legacyOf, hookPath, isNatChain, LOCAL_DELIVERY_PATH, seesFamily, seesRoute, type PacketOrigin } from '../hooks.js';
import type { Chain } from '../model.js';
import { listCommand } from '../simulate/tables.js';
import { recordAccept, recordSideUnknown, recordUndetermined, recordVerdict } from './record.js';
import { FlowSet, Region, type Flow } from './region.js';
import { deciderId, V_DROP, viewOf, type EvalState } from './state.js';
import { walkChain, type Walk } from './walk.js';

/** The flows that every base chain of `chains` accepted, in order. */
export function walkBaseChains(s: EvalState, chains: readonly BaseChain[], entering: FlowSet): FlowSet {
  let flows = entering;
  for (const hook of chains) {
    const next = new FlowSet(s.ports.ranges.length);
    for (const arriving of flows.flows.values()) {
      if (!seesFamily(hook, s.family)) {
        next.add(arriving);
        continue;
      }
      const routed = seesRoute(hook.hook) && !arriving.attrs.post;
      const stage = conntrackStage(hook);
      const flow: Flow = routed || arriving.attrs.conntrack !== stage ? { attrs: { ...arriving.attrs, post: arriving.attrs.post || routed, conntrack: stage }, region: arriving.region } : arriving;
      const table = s.chains[hook.source]!.get(hook.table);
      if (!table) {
        // iptables-save prints every table in use; a listing shows one table per command
        if (hook.table === 'filter' && s.model.rulesets[hook.source]!.format !== 'save') recordSideUnknown(s, flow, { table: 'filter', chain: hook.chain, cause: { code: 'filter-table-missing' }, command: listCommand(s.family, 'filter', hook.chain) });
        next.add(flow);
        continue;
      }
      // nat needs a conntrack entry: an untracked packet skips the nat table
      if (isNatChain(hook) && flow.attrs.untracked) {
        next.add(flow);
        continue;
      }
      const chain = table.get(hook.chain);
      if (!chain || !chain.bodyKnown) {
        recordSideUnknown(s, flow, { table: hook.table, chain: hook.chain, cause: { code: 'base-chain-missing', table: hook.table, chain: hook.chain }, command: listCommand(s.family, hook.table, hook.chain) });
        next.add(flow);
        continue;
      }
      const w: Walk = { s, hook, accepted: next };
      const back = walkChain(w, { chain, depth: 0, lineage: { name: chain.name, prev: undefined } }, 0, flow);
      for (const r of back.flows.values()) applyPolicy(w, chain, r);
    }
    flows = next;
  }
  return flows;
}

/**
 * The flows that get through every hook the origin crosses. A forwarded packet is routed after
 * PREROUTING: the cells whose destination (after DNAT) is this host go through INPUT instead of
 * FORWARD and POSTROUTING, as in the simulator.
 */
export function walkOrigin(s: EvalState, model: NetfilterModel, origin: PacketOrigin, entering: FlowSet): FlowSet {
  const path = hookPath(origin);
  if (origin.kind === 'local') return walkBaseChains(s, baseChainsAlong(model, path), entering);
  const routed = walkBaseChains(s, baseChainsAlong(model, path.slice(0, 1)), entering);
  const forwarded = new FlowSet(s.ports.ranges.length);
  const delivered = new FlowSet(s.ports.ranges.length);
  for (const f of routed.flows.values()) {
    const local = localCells(s, f);
    if (local.count > 0) {
      local.forEach((a, p) => f.region.delete(a, p));
      delivered.add({ attrs: f.attrs, region: local });
    }
    forwarded.add(f);
  }
  const out = walkBaseChains(s, baseChainsAlong(model, path.slice(1)), forwarded);
  out.addAll(walkBaseChains(s, baseChainsAlong(model, LOCAL_DELIVERY_PATH.slice(1)), delivered));
  return out;
}

/** The cells of a flow addressed to this host; the address classes change only at the special pieces. */
function localCells(s: EvalState, f: Flow): Region {
  const local = new Region(f.region.lo, f.region.hi, s.ports.ranges.length);
  const start = s.specialPieces[0]?.[0] ?? s.atoms.starts.length;
  const all: [number, number][] = start > 0 ? [[0, start - 1], ...s.specialPieces] : s.specialPieces;
  const pieces = all.filter(([from, to]) => to >= f.region.lo && from <= f.region.hi && viewOf(s, f.attrs, from, 0).dstLocal);
  if (pieces.length === 0) return local;
  f.region.forEach((a, p) => {
    if (pieces.some(([from, to]) => a >= from && a <= to)) local.add(a, p);
  });
  return local;
}

function applyPolicy(w: Walk, chain: Chain, f: Flow): void {
  const { s, hook } = w;
  const by = { table: hook.table, chain: hook.chain, policy: true as const, ...legacyOf(hook) };
  switch (chain.policy) {
    case 'ACCEPT':
      recordAccept(s, f, hook.table, by);
      w.accepted.add(f);
      return;
    case 'DROP':
      recordVerdict(s, f, V_DROP, deciderId(s, by));
      return;
    case undefined:
      recordUndetermined(s, f, { table: hook.table, chain: hook.chain, cause: { code: 'policy-not-shown', chain: hook.chain }, command: listCommand(s.family, hook.table, hook.chain) });
  }
}
