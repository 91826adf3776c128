// The MTA itself refuses the domain (a :fail: router, a null MX): nothing reaches the firewall.
import type { Analysis } from '../types.js';
import { makeFinding, type Finding } from './types.js';

export function detectMtaRefuses(a: Analysis): Finding[] {
  if (a.plan.outcome !== 'refused') return [];
  const step = a.plan.routerSteps.find((s) => s.result === 'failed') ?? a.plan.routerSteps.find((s) => s.router === a.plan.router);
  return [makeFinding('mta-refuses',
    { domain: a.domain, ...(step ? { router: { name: step.router, driver: step.driver, reason: step.reason } } : {}), ...(a.plan.reason ? { reason: a.plan.reason } : {}), mta: a.mta },
    step ? [{ origin: 'delivery plan', note: a.mta === 'exim' ? `router ${step.router}: ${step.result}` : `${step.router}: ${step.reason}` }] : [])];
}
