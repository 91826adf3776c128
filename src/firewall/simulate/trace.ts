// The packet simulator: follows a packet through the base chains of the hooks its origin
// crosses (../hooks.ts) — a local one through raw, mangle, nat, filter and security OUTPUT, then
// mangle and nat POSTROUTING; a forwarded one through PREROUTING, FORWARD and POSTROUTING —
// three-valued. Every maybe rule that could change the answer forks the exploration; the verdict
// is definite only when every branch agrees.
import type { IpAddress } from '../address.js';
import type { NetfilterModel } from '../hooks.js';
import { baseChainsAlong, buildNetfilterModel, hookPath, LOCAL_DELIVERY_PATH, LOCAL_ORIGIN } from '../hooks.js';
import type { Chain, Ruleset, TableName } from '../model.js';
import { findTable } from '../model.js';
import type { Branch, Exploration, Outcome } from './branch.js';
import { addUncertainty } from './branch.js';
import { runBranch } from './chain-walk.js';
import { listCommand } from './tables.js';
import { createView } from './view.js';
import { combineOrders, reorderedModels, tieGroups, tieHooks } from './ties.js';
import type { Packet, TraceResult, Verdict } from './types.js';

export interface TraceOptions {
  /** this host's addresses besides loopback (addrtype LOCAL, routing via lo) */
  localAddresses?: IpAddress[];
  /** rule evaluations allowed for the forked branches, beyond the first path (default 10,000) */
  maxSteps?: number;
  /**
   * use the per-chain index to skip rules that certainly do not match (default true); the
   * result is the same either way, false exists to check exactly that
   */
  indexed?: boolean;
  /**
   * record the path (default true). Without it the result is the same except `path: []`: for
   * callers that ask many probes and show none of the paths (a walk through a 50,000-rule deny
   * list otherwise copies 50,000 steps per trace)
   */
  path?: boolean;
}

export const DEFAULT_MAX_STEPS = 10_000;

type FinalVerdict = Exclude<Verdict, 'UNKNOWN'>;
const ALL_VERDICTS: readonly FinalVerdict[] = ['ACCEPT', 'DROP', 'REJECT'];

/** The model of one ruleset, built once per ruleset (10,000 traces share it). */
const models = new WeakMap<Ruleset, NetfilterModel>();

function modelOf(ruleset: Ruleset): NetfilterModel {
  let model = models.get(ruleset);
  if (!model) models.set(ruleset, (model = buildNetfilterModel([ruleset])));
  return model;
}

/** Chain lookup by name per table, built once per ruleset (10,000 traces share it). */
const indexes = new WeakMap<Ruleset, Map<TableName, Map<string, Chain>>>();

function indexChains(ruleset: Ruleset): Map<TableName, Map<string, Chain>> {
  let index = indexes.get(ruleset);
  if (!index) {
    index = new Map();
    for (const table of ruleset.tables) index.set(table.name, new Map(table.chains.map((c) => [c.name, c])));
    indexes.set(ruleset, index);
  }
  return index;
}

/** One ruleset (one family, one backend): the common case. */
export function tracePacket(ruleset: Ruleset, packet: Packet, options: TraceOptions = {}): TraceResult {
  return traceInModel(modelOf(ruleset), packet, options);
}

/**
 * Several rulesets of one family at once (iptables-legacy and iptables-nft tables side by side,
 * native nft tables). Base chains of equal priority are tried in every order (ties.ts).
 */
export function traceInModel(model: NetfilterModel, packet: Packet, options: TraceOptions = {}): TraceResult {
  const origin = packet.origin ?? LOCAL_ORIGIN;
  const first = traceOnce(model, packet, options);
  const groups = tieGroups(model, tieHooks(origin), packet.family);
  if (groups.length === 0) return first;
  const others = reorderedModels(model, groups).map((m) => traceOnce(m, packet, { ...options, path: false }));
  return combineOrders(first, others, groups);
}

function traceOnce(model: NetfilterModel, packet: Packet, options: TraceOptions): TraceResult {
  const origin = packet.origin ?? LOCAL_ORIGIN;
  const path = baseChainsAlong(model, hookPath(origin));
  const x: Exploration = {
    model,
    family: packet.family,
    chains: model.rulesets.map(indexChains),
    localDelivery: origin.kind === 'forwarded' ? baseChainsAlong(model, LOCAL_DELIVERY_PATH) : undefined,
    maxSteps: Number.POSITIVE_INFINITY,
    steps: 0,
    pending: [],
    outcomes: [],
    seen: new Set(),
    uncertain: new Map(),
    notes: new Set(),
    stoppedEarly: false,
    indexed: options.indexed ?? true,
  };
  // messages about the whole trace name the filter chain on the path, as a user would list it
  const first = path.find((c) => c.table === 'filter')?.chain ?? 'OUTPUT';
  const other = model.rulesets.find((r) => r.family !== undefined && r.family !== packet.family);
  if (other) {
    addUncertainty(x, { table: 'filter', chain: first, cause: { code: 'ruleset-other-family', ruleset: other.family!, asked: packet.family, about: 'packet' }, command: listCommand(packet.family, 'filter', first) });
    return summarise(x, { verdict: 'UNDETERMINED' }, undefined);
  }
  const unsupplied = model.rulesets.every((r) => r.tables.length === 0);
  if (unsupplied && model.rulesets.every((r) => r.noTablesLoaded)) x.notes.add(`no ${packet.family === 6 ? 'ip6tables' : 'iptables'} table is loaded (its *-save printed nothing): no hook filters the packet`);
  else if (unsupplied) {
    // text with no table in it was most often not what was meant; an empty *-save is told apart by the parser
    const ruleset = model.rulesets.find((r) => !r.noTablesLoaded);
    addUncertainty(x, { table: 'filter', chain: first, cause: { code: 'no-table', origin: ruleset?.origin ?? '' }, command: `${packet.family === 6 ? 'ip6tables' : 'iptables'}-save -c` });
    return summarise(x, { verdict: 'UNDETERMINED' }, undefined);
  }
  const primary: Branch = { path, hook: 0, frames: [], view: createView(packet, options.localAddresses), viewOutsideNat: undefined, accepts: [], rewrite: undefined, record: options.path === false ? undefined : [] };
  const result = runBranch(x, primary);
  x.outcomes.push(result);
  // the first path is linear and loop-free; the budget bounds what the forks add to it
  x.maxSteps = x.steps + (options.maxSteps ?? DEFAULT_MAX_STEPS);
  while (x.pending.length > 0 && !x.stoppedEarly) x.outcomes.push(runBranch(x, x.pending.pop()!));
  if (x.stoppedEarly) {
    addUncertainty(x, { table: 'filter', chain: first, cause: { code: 'steps-exhausted', maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS } });
  }
  for (const ruleset of model.rulesets) noteMissingTables(ruleset, x);
  return summarise(x, result, primary);
}

function summarise(x: Exploration, first: Outcome, primary: Branch | undefined): TraceResult {
  // `first` is not among the outcomes when the trace could not start (no table, wrong family)
  const open = x.stoppedEarly || first.verdict === 'UNDETERMINED' || x.outcomes.some((o) => o.verdict === 'UNDETERMINED');
  const seen = new Set<FinalVerdict>();
  for (const o of x.outcomes) if (o.verdict === 'ACCEPT' || o.verdict === 'DROP' || o.verdict === 'REJECT') seen.add(o.verdict);
  const possible = ALL_VERDICTS.filter((v) => open || seen.has(v));
  const verdict: Verdict = !open && possible.length === 1 ? possible[0]! : 'UNKNOWN';
  let decidedBy = null;
  if (verdict !== 'UNKNOWN') {
    const decider = first.verdict === verdict ? first : x.outcomes.find((o) => o.verdict === verdict);
    decidedBy = decider && 'decidedBy' in decider ? decider.decidedBy : null;
  }
  const result: TraceResult = {
    verdict,
    decidedBy,
    path: primary?.record ?? [],
    // a definite verdict did not depend on the maybe steps (they stay visible in the path)
    uncertain: verdict === 'UNKNOWN' ? [...x.uncertain.values()] : [],
    possible,
    notes: [...x.notes],
  };
  if (primary?.rewrite) result.rewrittenTo = primary.rewrite;
  if (verdict === 'ACCEPT') {
    const accepted = first.verdict === 'ACCEPT' ? first : x.outcomes.find((o) => o.verdict === 'ACCEPT');
    if (accepted?.verdict === 'ACCEPT') result.acceptedBy = accepted.acceptedBy;
  }
  return result;
}

/** One note, worded for the user, when a listing gave the filter table without raw/mangle/nat. */
function noteMissingTables(ruleset: Ruleset, x: Exploration): void {
  // iptables-save and scripts show every table in use: an absent one has no rules
  if (ruleset.format === 'save' || ruleset.format === 'script' || !findTable(ruleset, 'filter')) return;
  const missing = (['raw', 'mangle', 'nat'] as const).filter((t) => !findTable(ruleset, t));
  if (missing.length === 0) return;
  const tool = x.family === 6 ? 'ip6tables' : 'iptables';
  const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  const consequence = missing.includes('nat')
    ? `a DNAT or REDIRECT in nat OUTPUT would change where this packet goes (see \`${tool} -t nat -L -n -v --line-numbers\`)`
    : `a DROP there would stop the packet before or after filter (see \`${tool} -t ${missing[0]} -L -n -v --line-numbers\`)`;
  x.notes.add(`The ${names} table${missing.length > 1 ? 's were' : ' was'} not supplied, so ${missing.length > 1 ? 'they were' : 'it was'} not checked: ${consequence}.`);
}

/** The answer when no ruleset of the packet's family was given at all: ip6tables filters IPv6 alone. */
export function traceWithoutRuleset(packet: Packet): TraceResult {
  const tool = packet.family === 6 ? 'ip6tables' : 'iptables';
  return {
    verdict: 'UNKNOWN',
    decidedBy: null,
    path: [],
    uncertain: [{ table: 'filter', chain: 'OUTPUT', cause: { code: 'ruleset-not-supplied', family: packet.family }, command: `${tool}-save -c` }],
    possible: [...ALL_VERDICTS],
    notes: [],
  };
}
