// Base chains of equal priority on one hook run in an order the kernel does not specify (nft(8)
// CHAINS; simulate/ties.ts does the same for one packet). The egress map is computed in every
// order of such chains on shared atoms; a cell whose verdict differs between orders is UNKNOWN
// with the tie as its reason, never one order's guess.
import { LOCAL_ORIGIN, type NetfilterModel } from '../hooks.js';
import { reorderedModels, tieGroups, tieHooks, tieUncertainty } from '../simulate/ties.js';
import type { Range } from '../model.js';
import { evaluateModelCells, type buildModelAtoms } from './evaluate.js';
import { partitionCells, rowOf, type CellAnswer } from './partition.js';
import type { EvalState } from './state.js';
import type { EgressContext, EgressRow } from './types.js';

export interface Ordered {
  /** per context: its state in the listed order, then in every other order of the tie groups */
  states: EvalState[][];
  /** the uncertainty a cell gets when its verdict depends on the order */
  tie: ReturnType<typeof tieUncertainty> | undefined;
}

/** Every context evaluated in every order of the model's tie groups (one order when there are none). */
export function evaluateOrders(model: NetfilterModel, contexts: readonly EgressContext[], shared: ReturnType<typeof buildModelAtoms>): Ordered {
  const first = contexts[0];
  const groups = first ? tieGroups(model, tieHooks(first.origin ?? LOCAL_ORIGIN), first.family) : [];
  const models = [model, ...(groups.length > 0 ? reorderedModels(model, groups) : [])];
  return {
    states: contexts.map((c) => models.map((m) => evaluateModelCells(m, c, shared))),
    tie: groups.length > 0 ? tieUncertainty(groups[0]!) : undefined,
  };
}

/** Partitions the cells of every context; a row is UNKNOWN where the orders disagree. */
export function partitionOrders(o: Ordered, build: (rows: EgressRow[], ports: Range[]) => void): void {
  const k = o.states[0]?.length ?? 1;
  partitionCells(o.states.flat(), (answers: CellAnswer[], addresses, ports) => {
    const rows = o.states.map((orders, i) => {
      const own = answers.slice(i * k, i * k + k);
      const row = rowOf(orders[0]!, own[0]!, addresses, ports);
      if (!o.tie || own.every((a) => a.verdict === own[0]!.verdict)) return row;
      return { verdict: 'UNKNOWN' as const, addresses: row.addresses, ports, decidedBy: null, unknownBecause: o.tie };
    });
    build(rows, ports);
  });
}
