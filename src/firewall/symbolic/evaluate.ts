// The symbolic evaluator: every destination cell of one family walks the base chains of the
// hooks its origin crosses (../hooks.ts) at once — for a local sender raw, mangle, nat, filter
// and security OUTPUT, then mangle and nat POSTROUTING — the same path, the same three-valued
// rules and the same forks as tracePacket, for all destinations together.
import type { IpAddress } from '../address.js';
import { buildNetfilterModel, LOCAL_ORIGIN, type NetfilterModel } from '../hooks.js';
import type { Chain, Ruleset, TableName } from '../model.js';
import { listCommand } from '../simulate/tables.js';
import { EPHEMERAL_PORTS, type Packet } from '../simulate/types.js';
import { atomOf, buildAddressAtoms, buildPortAtoms, rulesetIntervals, specialIntervals, type AddressAtoms, type PortAtoms } from './atoms.js';
import { walkOrigin } from './path.js';
import { recordUndetermined, recordVerdict } from './record.js';
import { FlowSet, Region, type Flow } from './region.js';
import { createCellOutcomes, V_ACCEPT, type EvalState } from './state.js';
import type { EgressContext } from './types.js';

/** Rule evaluations allowed to forked flows (the simulator allows 10,000 per packet). */
export const FORK_BUDGET = 2_000_000;

function localsOf(context: EgressContext): IpAddress[] {
  const locals = [...(context.localAddresses ?? [])];
  // a local sender's source is this host's; a forwarded packet's is the sender's own
  if (context.src && context.origin?.kind !== 'forwarded') locals.push(context.src);
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
  return evaluateModelCells(buildNetfilterModel([ruleset]), context, shared);
}

/** The atoms where any ruleset of the model can change its answer. */
export function buildModelAtoms(model: NetfilterModel, context: EgressContext): ReturnType<typeof buildAtoms> {
  const first = model.rulesets[0]!;
  return buildAtoms(model.rulesets.length === 1 ? first : { ...first, tables: model.rulesets.flatMap((r) => r.tables) }, context);
}

/** The cells of every ruleset of the model at once (iptables-legacy and iptables-nft side by side). */
export function evaluateModelCells(model: NetfilterModel, context: EgressContext, shared = buildModelAtoms(model, context)): EvalState {
  const ruleset = model.rulesets[0]!;
  const origin = context.origin ?? LOCAL_ORIGIN;
  const packet: Omit<Packet, 'dst' | 'dport'> = { family: context.family, protocol: 6, sport: context.sport ?? EPHEMERAL_PORTS, state: 'NEW' };
  if (context.origin) packet.origin = context.origin;
  if (context.uid !== undefined) packet.uid = context.uid;
  if (context.gid !== undefined) packet.gid = context.gid;
  if (context.oif !== undefined) packet.oif = context.oif;
  if (context.src !== undefined) packet.src = context.src;
  const A = shared.atoms.starts.length;
  const P = shared.ports.ranges.length;
  const s: EvalState = {
    ruleset,
    model,
    family: context.family,
    chains: model.rulesets.map(indexChains),
    atoms: shared.atoms,
    ports: shared.ports,
    specialPieces: shared.special,
    packet,
    localAddresses: context.localAddresses ?? [],
    cells: createCellOutcomes(A * P),
    deciders: [],
    deciderIndex: new Map(),
    ruleDeciders: new Map(),
    chainDeciders: new Map(),
    reasons: [],
    reasonIndex: new Map(),
    rewrites: [],
    rewriteIndex: new Map(),
    notes: new Set(),
    views: new Map(),
    forkBudget: FORK_BUDGET,
  };
  const everything: Flow = { attrs: { fork: false, untracked: false, rewrite: -1, post: false, conntrack: 'after' }, region: Region.full(A, P) };
  if (P === 0) return s;
  const tool = context.family === 6 ? 'ip6tables' : 'iptables';
  const filterChain = origin.kind === 'local' ? 'OUTPUT' : 'FORWARD';
  const other = model.rulesets.find((r) => r.family !== undefined && r.family !== context.family);
  if (other) {
    recordUndetermined(s, everything, { table: 'filter', chain: filterChain, cause: { code: 'ruleset-other-family', ruleset: other.family!, asked: context.family, about: 'destinations' }, command: listCommand(context.family, 'filter', filterChain) });
    return s;
  }
  // an empty *-save (noTablesLoaded): no hook is registered, every flow passes every table below
  if (model.rulesets.every((r) => r.tables.length === 0) && !model.rulesets.every((r) => r.noTablesLoaded)) {
    const ruleset = model.rulesets.find((r) => !r.noTablesLoaded);
    recordUndetermined(s, everything, { table: 'filter', chain: filterChain, cause: { code: 'no-table', origin: ruleset?.origin ?? '' }, command: `${tool}-save -c` });
    return s;
  }
  const entering = new FlowSet(P);
  entering.add(everything);
  for (const f of walkOrigin(s, model, origin, entering).flows.values()) recordVerdict(s, f, V_ACCEPT, -1);
  return s;
}
