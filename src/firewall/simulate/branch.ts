// One line of exploration through the base chains: where it is (base chain, call stack), what
// the packet looks like there, and what it has decided so far. A maybe rule forks a branch in two.
import type { IpAddress } from '../address.js';
import type { BaseChain, NetfilterModel } from '../hooks.js';
import type { Chain, Family, TableName } from '../model.js';
import type { DecidedBy, TraceStep, Uncertainty } from './types.js';
import type { ChainIndex } from './chain-index.js';
import { uncertaintyKey } from './uncertainty.js';
import type { PacketView } from './view.js';

/** The chains a jump passed through, to recognise a jump back into one of them (a loop). */
export interface Lineage {
  name: string;
  prev: Lineage | undefined;
}

export interface Frame {
  chain: Chain;
  /** the next rule to evaluate (0-based) */
  index: number;
  /** user-chain nesting, 0 = the builtin chain */
  depth: number;
  lineage: Lineage | undefined;
  /** the chain's index (chain-index.ts), looked up once per frame; null: walked rule by rule */
  chainIndex?: ChainIndex | null;
  /** the rules of this chain that may match `candidatesView`, when indexed */
  candidates?: Int32Array;
  candidatesView?: PacketView;
}

export interface Branch {
  /** the base chains this branch crosses (a forwarded packet for this host takes INPUT) */
  path: readonly BaseChain[];
  /** index into path: the base chain being walked, or the next one when frames is empty */
  hook: number;
  /** call stack inside the current base chain's table; empty before the base chain is entered */
  frames: Frame[];
  view: PacketView;
  /** the packet's own view while nat is evaluated as for the connection's first packet */
  viewOutsideNat: PacketView | undefined;
  /** per accepting table, the rule or policy that accepted */
  accepts: DecidedBy[];
  rewrite: { address?: IpAddress; port?: number; byRule: DecidedBy } | undefined;
  /** only the first branch (every maybe taken as no-match) records its steps */
  record: TraceStep[] | undefined;
}

export type Outcome =
  | { verdict: 'DROP' | 'REJECT'; decidedBy: DecidedBy | null }
  /** every base chain the packet crossed accepted it: `acceptedBy` lists each one's accepting step */
  | { verdict: 'ACCEPT'; decidedBy: DecidedBy | null; acceptedBy: DecidedBy[] }
  /** something not supplied or not understood decides: any verdict is possible */
  | { verdict: 'UNDETERMINED' }
  /** reached a state another branch already explored: its outcomes are counted there */
  | { verdict: 'JOINED' };

export const UNDETERMINED: Outcome = { verdict: 'UNDETERMINED' };

/** What all branches of one trace share. */
export type ChainsByTable = ReadonlyMap<TableName, ReadonlyMap<string, Chain>>;

export interface Exploration {
  model: NetfilterModel;
  family: Family;
  /** chain lookup per ruleset of the model (BaseChain.source) */
  chains: readonly ChainsByTable[];
  /** where a forwarded packet goes when PREROUTING leaves it addressed to this host */
  localDelivery: readonly BaseChain[] | undefined;
  maxSteps: number;
  steps: number;
  pending: Branch[];
  outcomes: Outcome[];
  /** states already explored (or queued), see stateKey */
  seen: Set<string>;
  uncertain: Map<string, Uncertainty>;
  notes: Set<string>;
  stoppedEarly: boolean;
  /** skip the rules a chain index rules out (false: evaluate every rule, for comparison) */
  indexed: boolean;
}

export function cloneBranch(b: Branch): Branch {
  return {
    path: b.path,
    hook: b.hook,
    frames: b.frames.map((f) => ({ ...f })),
    view: b.view,
    viewOutsideNat: b.viewOutsideNat,
    accepts: [...b.accepts],
    rewrite: b.rewrite,
    record: undefined,
  };
}

/** Everything that decides a branch's future: equal keys reach the same verdicts. */
export function stateKey(b: Branch): string {
  let key = `${b.hook}|${b.view.key}|`;
  for (const f of b.frames) key += `${f.chain.name}@${f.index}/`;
  return key;
}

export function addUncertainty(x: Exploration, u: Uncertainty): void {
  const key = uncertaintyKey(u);
  if (!x.uncertain.has(key)) x.uncertain.set(key, u);
}
