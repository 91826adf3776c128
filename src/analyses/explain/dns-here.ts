// Where DNS answers come from (issue 13): without --dns/--dns-server, pasted, file and bundle
// inputs are answered by the DNS of the machine mailleak runs on, not by the server's. When that
// answer alone makes the MTA refuse the domain (dnslookup declined: NXDOMAIN, no MX and no
// address), the server may well see other answers (split horizon, another resolver, a zone
// changed since): the refusal is not a confident "blocked". Live on the server, it is.
import type { CollectedInputs } from '../../input/collected.js';
import type { PlanSummary } from './types.js';

export function refusalRestsOnDnsHere(mode: CollectedInputs['mode'], answeredHere: boolean, plan: PlanSummary): boolean {
  if (!answeredHere || plan.outcome !== 'refused') return false;
  switch (mode) {
    case 'live':
    case 'demo':
      return false;
    case 'pasted':
    case 'files':
    case 'bundle':
      // every decline of the dnslookup router comes from a DNS answer (spec "Declining addresses by dnslookup")
      return plan.routerSteps.some((s) => s.driver === 'dnslookup' && s.result === 'declined');
  }
}
