// Public entry points of the symbolic evaluator.
import { buildNetfilterModel, type NetfilterModel } from '../hooks.js';
import type { Ruleset } from '../model.js';
import { buildModelAtoms, evaluateEgressCells } from './evaluate.js';
import { evaluateOrders, partitionOrders } from './ties.js';
import { partitionCells, rowOf } from './partition.js';
import type { EgressContext, EgressMap, EgressRow } from './types.js';

export type { EgressContext, EgressMap, EgressRow, AddressRange } from './types.js';
export { rangeToCidrs } from './cidr.js';

/** The exact egress map of one family for one sending context. */
export function computeEgress(ruleset: Ruleset, context: EgressContext): EgressMap {
  const state = evaluateEgressCells(ruleset, context);
  const rows: EgressRow[] = [];
  if (state.ports.ranges.length > 0) partitionCells([state], (answers, addresses, ports) => rows.push(rowOf(state, answers[0]!, addresses, ports)));
  return { context, rows, notes: [...state.notes] };
}

/** The same for several rulesets of one family that filter together (iptables-legacy and iptables-nft tables). */
export function computeModelEgress(model: NetfilterModel, context: EgressContext): EgressMap {
  // base chains of equal priority: every order (ties.ts); where the verdict depends on it, UNKNOWN
  const ordered = evaluateOrders(model, [context], buildModelAtoms(model, context));
  const states = ordered.states[0]!;
  const rows: EgressRow[] = [];
  if (states[0]!.ports.ranges.length > 0) partitionOrders(ordered, (r) => rows.push(r[0]!));
  return { context, rows, notes: [...new Set(states.flatMap((st) => [...st.notes]))] };
}

export interface ComparedRow {
  addresses: EgressRow['addresses'];
  ports: EgressRow['ports'];
  /** one row per context, in the order given */
  answers: EgressRow[];
}

/** The same map for several principals (root, the MTA user, an ordinary user) on common rows. */
export function compareEgress(ruleset: Ruleset, contexts: readonly EgressContext[]): { rows: ComparedRow[]; notes: string[] } {
  return compareModelEgress(buildNetfilterModel([ruleset]), contexts);
}

/** compareEgress for several rulesets of one family that filter together (iptables and native nft tables). */
export function compareModelEgress(model: NetfilterModel, contexts: readonly EgressContext[]): { rows: ComparedRow[]; notes: string[] } {
  if (contexts.length === 0) return { rows: [], notes: [] };
  const shared = buildModelAtoms(model, contexts[0]!);
  // base chains of equal priority: every order (ties.ts); where the verdict depends on it, UNKNOWN
  const ordered = evaluateOrders(model, contexts, shared);
  const rows: ComparedRow[] = [];
  if (shared.ports.ranges.length > 0) partitionOrders(ordered, (answerRows, ports) => rows.push({ addresses: answerRows[0]!.addresses, ports, answers: answerRows }));
  return { rows, notes: [...new Set(ordered.states.flat().flatMap((s) => [...s.notes]))] };
}
