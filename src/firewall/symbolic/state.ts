// What one egress evaluation shares: the atoms, the packet every cell stands for, the
// per-cell outcomes, and the tables of deciding rules, reasons and rewrites they point into.
import type { IpAddress } from '../address.js';
import type { NetfilterModel } from '../hooks.js';
import type { Chain, Family, Rule, Ruleset, TableName } from '../model.js';
import type { DecidedBy, Packet, Uncertainty } from '../simulate/types.js';
import type { ChainsByTable } from '../simulate/branch.js';
import { afterRouting, atConntrackStage, createView, rewriteDestination, untrackView, type PacketView } from '../simulate/view.js';
import type { AddressAtoms, PortAtoms } from './atoms.js';
import type { FlowAttrs } from './region.js';
import { attrsKey } from './region.js';
import { uncertaintyKey } from '../simulate/uncertainty.js';

export const V_NONE = 0;
export const V_ACCEPT = 1;
export const V_DROP = 2;
export const V_REJECT = 3;
export const V_UNDETERMINED = 4;

export interface Rewrite {
  address?: IpAddress;
  port?: number;
  by: DecidedBy;
}

/** Per-cell outcomes of the branch that takes every undecided rule as not matching (the simulator's first path). */
export interface CellOutcomes {
  verdict: Uint8Array;
  /** decider index for DROP/REJECT, reason index for UNDETERMINED */
  decider: Int32Array;
  filterAccept: Int32Array;
  lastRuleAccept: Int32Array;
  lastAccept: Int32Array;
  rewrite: Int32Array;
  /** verdicts the forks reached: bit 1 << V_* */
  forkBits: Uint8Array;
  /** the first undecided rule (or missing part) a cell's answer depends on */
  forkReason: Int32Array;
}

export interface EvalState {
  /** the first ruleset of the model (its origin names the input in messages) */
  ruleset: Ruleset;
  model: NetfilterModel;
  family: Family;
  /** chain lookup per ruleset of the model (BaseChain.source) */
  chains: readonly ChainsByTable[];
  atoms: AddressAtoms;
  ports: PortAtoms;
  /** atom-index pieces where the kernel's address classes change */
  specialPieces: [number, number][];
  packet: Omit<Packet, 'dst' | 'dport'>;
  localAddresses: IpAddress[];
  cells: CellOutcomes;
  deciders: DecidedBy[];
  deciderIndex: Map<string, number>;
  ruleDeciders: Map<Rule, number>;
  /** ruleDeciderId by chain and position */
  chainDeciders: Map<Chain, Int32Array>;
  reasons: Uncertainty[];
  reasonIndex: Map<string, number>;
  rewrites: Rewrite[];
  /** one rewrite per nat rule */
  rewriteIndex: Map<Rule, number>;
  notes: Set<string>;
  views: Map<string, Map<number, PacketView>>;
  /** rule evaluations left for forked flows before they are given up as UNKNOWN */
  forkBudget: number;
}

export function createCellOutcomes(size: number): CellOutcomes {
  const minus = (): Int32Array => new Int32Array(size).fill(-1);
  return {
    verdict: new Uint8Array(size),
    decider: minus(),
    filterAccept: minus(),
    lastRuleAccept: minus(),
    lastAccept: minus(),
    rewrite: minus(),
    forkBits: new Uint8Array(size),
    forkReason: minus(),
  };
}

export function deciderId(s: EvalState, by: DecidedBy): number {
  const key = `${'policy' in by ? `${by.table}:${by.chain}:P` : `${by.table}:${by.chain}:${by.rule}`}${by.backend === 'legacy' ? ':legacy' : ''}`;
  let id = s.deciderIndex.get(key);
  if (id === undefined) {
    id = s.deciders.length;
    s.deciders.push(by);
    s.deciderIndex.set(key, id);
  }
  return id;
}

/** deciderId for a rule, cached per rule (a long chain asks for each of its rules). */
export function ruleDeciderId(s: EvalState, rule: Rule, by: DecidedBy, chain?: Chain): number {
  // by position in its chain when the rule is where its position says (a Map keyed by 100,000s
  // of rule objects cost more than the walk around it)
  let ids: Int32Array | undefined;
  const at = rule.position - 1;
  if (chain && chain.rules[at] === rule) {
    ids = s.chainDeciders.get(chain);
    if (!ids) s.chainDeciders.set(chain, (ids = new Int32Array(chain.rules.length).fill(-1)));
    if (ids[at]! >= 0) return ids[at]!;
  }
  let id = ids ? undefined : s.ruleDeciders.get(rule);
  if (id === undefined) {
    // one rule, one decider: no need for the text key deciderId builds
    id = s.deciders.length;
    s.deciders.push(by);
    if (ids) ids[at] = id;
    else s.ruleDeciders.set(rule, id);
  }
  return id;
}

export function reasonId(s: EvalState, u: Uncertainty): number {
  const key = uncertaintyKey(u);
  let id = s.reasonIndex.get(key);
  if (id === undefined) {
    id = s.reasons.length;
    s.reasons.push(u);
    s.reasonIndex.set(key, id);
  }
  return id;
}

/**
 * The simulator's view of the packet to the first address of atom `a`, port atom `p`, after
 * what the flow did to it — built with the simulator's own view functions, in the order the
 * packet meets them (raw NOTRACK, nat OUTPUT rewrite, the re-route POSTROUTING sees).
 */
export function viewOf(s: EvalState, attrs: FlowAttrs, a: number, p: number, key = attrsKey(attrs)): PacketView {
  let cache = s.views.get(key);
  if (!cache) s.views.set(key, (cache = new Map()));
  const cell = a * s.ports.ranges.length + p;
  let view = cache.get(cell);
  if (view) return view;
  const packet: Packet = { ...s.packet, dst: { family: s.family, value: s.atoms.starts[a]! }, dport: s.ports.ranges[p]!.from };
  view = createView(packet, s.localAddresses);
  if (attrs.untracked) view = untrackView(view);
  view = atConntrackStage(view, attrs.conntrack);
  const rw = attrs.rewrite >= 0 ? s.rewrites[attrs.rewrite]! : undefined;
  if (rw) view = rewriteDestination(view, rw.address ?? view.dst, rw.port ?? view.dport);
  if (attrs.post) view = afterRouting(view);
  cache.set(cell, view);
  return view;
}
