// Paths → the DeliveryPlan the explain stage consumes: the first (likeliest) path gives router,
// transport and steps; attempts of every possible path are kept, in Exim's order, so a firewall
// check sees every connection that might be made.
import type { Diagnostic } from '../diagnostics.js';
import { collapseAlternatives, unique, type PlanPath } from './plan-path.js';
import type { DeliveryPlan } from './types.js';

export interface PlanHeader {
  recipient: string;
  domain: string;
  uncertain: string[];
  notes: string[];
  diagnostics: Diagnostic[];
}

export function assemblePlan(header: PlanHeader, paths: PlanPath[]): DeliveryPlan {
  const merged = collapseAlternatives(paths);
  const notes = unique([...header.notes, ...merged.notes]);
  const plan: DeliveryPlan = {
    recipient: header.recipient,
    domain: header.domain,
    outcome: merged.outcome,
    ...(merged.router !== undefined ? { router: merged.router } : {}),
    ...(merged.transport !== undefined ? { transport: merged.transport } : {}),
    routerSteps: merged.steps,
    attempts: merged.attempts.map((a, i) => ({ order: i + 1, ...a })),
    reason: merged.reason,
    uncertain: unique([...header.uncertain, ...merged.uncertain]),
    diagnostics: header.diagnostics,
    ...(notes.length > 0 ? { notes } : {}),
  };
  if (paths.length > 1) {
    plan.alternatives = paths.map((p) => ({
      assumptions: p.assumptions,
      outcome: p.outcome,
      ...(p.router !== undefined ? { router: p.router } : {}),
      ...(p.transport !== undefined ? { transport: p.transport } : {}),
      reason: p.reason,
    }));
  }
  return plan;
}
