// Paths → the DeliveryPlan the explain stage consumes: the first (likeliest) path gives router,
// transport and steps; attempts of every possible path are kept, in Exim's order, so a firewall
// check sees every connection that might be made.
import type { Diagnostic } from '../diagnostics.js';
import { collapseAlternatives, unique, type PlanPath } from './plan-path.js';
import type { DeliveryAttempt, DeliveryPlan, HostingStack, Mta, MtaSender, ProbeRouting, StackAssumption } from './types.js';

export interface PlanHeader {
  mta: Mta;
  sender?: MtaSender;
  recipient: string;
  domain: string;
  uncertain: string[];
  notes: string[];
  diagnostics: Diagnostic[];
  stack?: HostingStack;
  stackAssumptions?: StackAssumption[];
  probeRouting?: ProbeRouting;
}

export function assemblePlan(header: PlanHeader, paths: PlanPath[]): DeliveryPlan {
  const merged = collapseAlternatives(paths);
  const notes = unique([...header.notes, ...merged.notes]);
  const plan: DeliveryPlan = {
    mta: header.mta,
    recipient: header.recipient,
    domain: header.domain,
    outcome: merged.outcome,
    ...(merged.router !== undefined ? { router: merged.router } : {}),
    ...(merged.transport !== undefined ? { transport: merged.transport } : {}),
    routerSteps: merged.steps,
    attempts: markRandomGroups(merged.attempts.map((a, i) => ({ order: i + 1, ...a }))),
    ...(header.sender ? { sender: header.sender } : {}),
    ...(merged.outcome === 'refused' ? { refusal: { ...(merged.router !== undefined ? { by: merged.router } : {}), reason: merged.reason } } : {}),
    reason: merged.reason,
    uncertain: unique([...header.uncertain, ...merged.uncertain]),
    diagnostics: header.diagnostics,
    ...(header.stack ? { stack: header.stack } : {}),
    ...(header.stackAssumptions && header.stackAssumptions.length > 0 ? { stackAssumptions: header.stackAssumptions } : {}),
    ...(header.probeRouting ? { probeRouting: header.probeRouting } : {}),
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

/**
 * Hosts of equal MX preference are tried in random order (Exim host.c sorts on preference*1000
 * plus a random number): their attempts form one group. A host's own addresses stay together.
 */
function markRandomGroups(attempts: DeliveryAttempt[]): DeliveryAttempt[] {
  // a planner that numbered its random groups itself (Postfix) knows them better
  if (attempts.some((a) => a.randomGroup !== undefined)) return attempts;
  const hostsPer = new Map<string, Set<string>>();
  const keyOf = (a: DeliveryAttempt): string | undefined => (a.preference === undefined || a.fallback ? undefined : `${a.router}|${a.transport}|${a.preference}`);
  for (const a of attempts) {
    const key = keyOf(a);
    if (key !== undefined) hostsPer.set(key, (hostsPer.get(key) ?? new Set()).add(a.host));
  }
  const groups = new Map<string, number>();
  return attempts.map((a) => {
    const key = keyOf(a);
    if (key === undefined || hostsPer.get(key)!.size < 2) return a;
    if (!groups.has(key)) groups.set(key, groups.size + 1);
    return { ...a, randomGroup: groups.get(key)! };
  });
}
