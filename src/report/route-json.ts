// The JSON form of a delivery plan (`mailleak route --json`): the plan as data, attempts in the
// order Exim tries them. Field names follow src/mail/types.ts.
import type { DeliveryPlan } from '../mail/types.js';
import { attemptTargetJson } from './attempt-json.js';
import { diagnosticJson } from './diagnostic-text.js';
import { alternativeJson } from './plan-assumption-text.js';
import { describeStackAssumption } from './stack-assumption-text.js';

export function renderRouteJson(plan: DeliveryPlan, dns: string): string {
  const out = {
    recipient: plan.recipient,
    domain: plan.domain,
    outcome: plan.outcome,
    router: plan.router ?? null,
    transport: plan.transport ?? null,
    attempts: plan.attempts.map((a) => ({
      ...attemptTargetJson(a),
      protocol: a.protocol,
      interface: a.interface ?? null,
      uid: a.uid ?? null,
      gid: a.gid ?? null,
      fallback: a.fallback === true,
      router: a.router,
      transport: a.transport,
    })),
    reason: plan.reason ?? null,
    uncertain: plan.uncertain,
    routerSteps: plan.routerSteps,
    alternatives: (plan.alternatives ?? []).map(alternativeJson),
    stack: plan.stack ?? null,
    stackAssumptions: (plan.stackAssumptions ?? []).map((a) => ({ ...a, text: describeStackAssumption(a) })),
    notes: plan.notes ?? [],
    dns,
    diagnostics: plan.diagnostics.map(diagnosticJson),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
