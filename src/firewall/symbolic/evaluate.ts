// The symbolic evaluator: every destination cell of one family walks raw, mangle, nat, filter
// and security OUTPUT, then mangle and nat POSTROUTING, at once — the same path, the same
// three-valued rules and the same forks as tracePacket, for all destinations together.
import type { IpAddress } from '../address.js';
import type { Chain, Family, Ruleset, TableName } from '../model.js';
import { LOCAL_OUTPUT_PATH, listCommand } from '../simulate/tables.js';
import { EPHEMERAL_PORTS, type Packet } from '../simulate/types.js';
import { atomOf, buildAddressAtoms, buildPortAtoms, rulesetIntervals, specialIntervals, type AddressAtoms, type PortAtoms } from './atoms.js';
import { recordAccept, recordSideUnknown, recordUndetermined, recordVerdict } from './record.js';
import { FlowSet, Region, type Flow } from './region.js';
import { createCellOutcomes, deciderId, V_ACCEPT, V_DROP, type EvalState } from './state.js';
import type { EgressContext } from './types.js';
import { walkChain, type Walk } from './walk.js';

/** Rule evaluations allowed to forked flows (the simulator allows 10,000 per packet). */
export const FORK_BUDGET = 2_000_000;

function localsOf(context: EgressContext): IpAddress[] {
  const locals = [...(context.localAddresses ?? [])];
  if (context.src) locals.push(context.src);
  return locals;
}

/** The atoms of one ruleset and context; several principals can share them (same rows). */
export function buildAtoms(ruleset: Ruleset, context: EgressContext): { atoms: AddressAtoms; ports: PortAtoms; special: [number, number][] } {
  const specials = specialIntervals(context.family, localsOf(context));
  const atoms = buildAddressAtoms(context.family, [...rulesetIntervals(ruleset, context.family), ...specials]);
  const special = buildAddressAtoms(context.family, specials).starts.map((start, i, all): [number, number] => [
    atomOf(atoms, start),
    i + 1 < all.length ? atomOf(atoms, all[i + 1]!) - 1 : atoms.starts.length - 1,
  ]);
  return { atoms, ports: buildPortAtoms(ruleset, context.ports), special };
}

function indexChains(ruleset: Ruleset): Map<TableName, Map<string, Chain>> {
  return new Map(ruleset.tables.map((t) => [t.name, new Map(t.chains.map((c) => [c.name, c]))]));
}

export function evaluateEgressCells(ruleset: Ruleset, context: EgressContext, shared = buildAtoms(ruleset, context)): EvalState {
  const packet: Omit<Packet, 'dst' | 'dport'> = { family: context.family, protocol: 6, sport: context.sport ?? EPHEMERAL_PORTS, state: 'NEW' };
  if (context.uid !== undefined) packet.uid = context.uid;
  if (context.gid !== undefined) packet.gid = context.gid;
  if (context.oif !== undefined) packet.oif = context.oif;
  if (context.src !== undefined) packet.src = context.src;
  const A = shared.atoms.starts.length;
  const P = shared.ports.ranges.length;
  const s: EvalState = {
    ruleset,
    family: context.family,
    chains: indexChains(ruleset),
    atoms: shared.atoms,
    ports: shared.ports,
    specialPieces: shared.special,
    packet,
    localAddresses: context.localAddresses ?? [],
    cells: createCellOutcomes(A * P),
    deciders: [],
    deciderIndex: new Map(),
    ruleDeciders: new Map(),
    reasons: [],
    reasonIndex: new Map(),
    rewrites: [],
    rewriteIndex: new Map(),
    notes: new Set(),
    views: new Map(),
    forkBudget: FORK_BUDGET,
  };
  const everything: Flow = { attrs: { fork: false, untracked: false, rewrite: -1, post: false }, region: Region.full(A, P) };
  if (P === 0) return s;
  const tool = context.family === 6 ? 'ip6tables' : 'iptables';
  if (ruleset.family !== undefined && ruleset.family !== context.family) {
    recordUndetermined(s, everything, { table: 'filter', chain: 'OUTPUT', reason: `the ruleset is for IPv${ruleset.family}, not IPv${context.family}`, command: listCommand(context.family, 'filter', 'OUTPUT') });
    return s;
  }
  // an empty *-save (noTablesLoaded): no hook is registered, every flow passes every table below
  if (ruleset.tables.length === 0 && !ruleset.noTablesLoaded) {
    recordUndetermined(s, everything, { table: 'filter', chain: 'OUTPUT', reason: `no table was found in ${ruleset.origin || 'the input'}`, command: `${tool}-save -c` });
    return s;
  }
  let flows = new FlowSet(P);
  flows.add(everything);
  for (const hook of LOCAL_OUTPUT_PATH) {
    const next = new FlowSet(P);
    for (const entering of flows.flows.values()) {
      const flow: Flow = hook.chain === 'POSTROUTING' && !entering.attrs.post ? { attrs: { ...entering.attrs, post: true }, region: entering.region } : entering;
      const table = s.chains.get(hook.table);
      if (!table) {
        // iptables-save prints every table in use; a listing shows one table per command
        if (hook.table === 'filter' && ruleset.format !== 'save') recordSideUnknown(s, flow, { table: 'filter', chain: 'OUTPUT', reason: 'the filter table was not supplied', command: listCommand(s.family, 'filter', 'OUTPUT') });
        next.add(flow);
        continue;
      }
      // nat needs a conntrack entry: an untracked packet skips the nat table
      if (hook.table === 'nat' && flow.attrs.untracked) {
        next.add(flow);
        continue;
      }
      const chain = table.get(hook.chain);
      if (!chain || !chain.bodyKnown) {
        recordSideUnknown(s, flow, { table: hook.table, chain: hook.chain, reason: `${hook.table} ${hook.chain} was not supplied: its rules may decide`, command: listCommand(s.family, hook.table, hook.chain) });
        next.add(flow);
        continue;
      }
      const w: Walk = { s, hook, accepted: next };
      const back = walkChain(w, { chain, depth: 0, lineage: { name: chain.name, prev: undefined } }, 0, flow);
      for (const r of back.flows.values()) applyPolicy(w, chain, r);
    }
    flows = next;
  }
  for (const f of flows.flows.values()) recordVerdict(s, f, V_ACCEPT, -1);
  return s;
}

function applyPolicy(w: Walk, chain: Chain, f: Flow): void {
  const { s, hook } = w;
  const by = { table: hook.table, chain: hook.chain, policy: true as const };
  switch (chain.policy) {
    case 'ACCEPT':
      recordAccept(s, f, hook.table, by);
      w.accepted.add(f);
      return;
    case 'DROP':
      recordVerdict(s, f, V_DROP, deciderId(s, by));
      return;
    case undefined:
      recordUndetermined(s, f, { table: hook.table, chain: hook.chain, reason: `the policy of ${hook.chain} was not shown`, command: listCommand(s.family, hook.table, hook.chain) });
  }
}
