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
    `Mail to ${a.domain} goes via ${relays.join(', ') || 'a relay'}${accepted ? ` (router ${accepted.router}, ${accepted.driver})` : ''}: the firewall sees connections to the relay, not to ${a.domain}'s MX hosts, so a rule for the relay decides for every domain and the relay decides where mail finally goes.`,
    a.attempts.slice(0, 3).map((x) => ({ origin: 'delivery plan', note: `attempt ${x.order}: ${x.host} [${x.address ?? '?'}]:${x.port}`, family: x.family })),
    { summary: 'Restrict domains in Exim (router below) or on the relay; a firewall rule can only allow or block the relay as a whole.', lines: [] })];
}
