// Mail goes through a relay (manualroute smarthost, transport hosts): the firewall sees
// connections to the relay for every domain, and the relay decides where mail goes.
import type { Analysis } from '../types.js';
import { makeFinding, type Finding } from './types.js';

export function detectViaSmarthost(a: Analysis): Finding[] {
  const accepted = a.plan.routerSteps.find((s) => s.result === 'accepted');
  const byRouter = accepted?.driver === 'manualroute';
  const attempts = a.attempts.filter((x) => !x.fallback);
  const noMx = attempts.length > 0 && attempts.every((x) => x.preference === undefined && x.host !== a.domain);
  if (!byRouter && !noMx) return [];
  const relays = [...new Set(a.attempts.map((x) => x.host))];
  return [makeFinding('via-smarthost',
    { domain: a.domain, relays, ...(accepted ? { router: { name: accepted.router, driver: accepted.driver } } : {}), mta: a.mta },
    a.attempts.slice(0, 3).map((x) => ({ origin: 'delivery plan', note: `attempt ${x.order}: ${x.host} [${x.address ?? '?'}]:${x.port}`, family: x.family })))];
}
