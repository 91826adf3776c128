// The MTA itself refuses the domain (a :fail: router, a null MX): nothing reaches the firewall.
import type { Analysis } from '../types.js';
import { makeFinding, type Finding } from './types.js';

export function detectMtaRefuses(a: Analysis): Finding[] {
  if (a.plan.outcome !== 'refused') return [];
  const step = a.plan.routerSteps.find((s) => s.result === 'failed') ?? a.plan.routerSteps.find((s) => s.router === a.plan.router);
  return [makeFinding('mta-refuses',
    `The MTA refuses mail to ${a.domain}${step ? ` at router ${step.router} (${step.driver}): ${step.reason}` : a.plan.reason ? `: ${a.plan.reason}` : ''}. No connection is attempted, so the firewall is not what stops it.`,
    step ? [{ origin: 'delivery plan', note: `router ${step.router}: ${step.result}` }] : [],
    null)];
}
