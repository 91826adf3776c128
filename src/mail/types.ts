// The delivery plan: where the MTA will really connect for one recipient, in the order it
// will try. Plain data shared by the mail planner and the explain stage.
import type { Diagnostic } from '../diagnostics.js';
import type { Family } from '../firewall/model.js';

export type DeliveryOutcome = 'remote' | 'local' | 'refused' | 'defer' | 'unknown';

/** One TCP connection the MTA may open. */
export interface DeliveryAttempt {
  /** 1-based order in which Exim tries it */
  order: number;
  host: string;
  /** MX preference; undefined for smarthosts, implicit MX and -bt hosts without one */
  preference?: number;
  /** undefined when the host's addresses are unknown (offline, SERVFAIL…) */
  address?: string;
  family: Family;
  port: number;
  protocol: 'smtp' | 'smtps';
  /** source interface/address from the transport's `interface` option */
  interface?: string;
  /** the uid/gid that opens the socket (exim_user) */
  uid?: number;
  gid?: number;
  /** true for fallback_hosts, tried only after every main host failed */
  fallback?: boolean;
  /** which router and transport produced it */
  router: string;
  transport: string;
}

/** Why each router before the chosen one did not take the address. */
export interface RouterStep {
  router: string;
  driver: string;
  result: 'skipped' | 'declined' | 'accepted' | 'failed' | 'deferred' | 'unknown';
  reason: string;
}

export interface DeliveryPlan {
  recipient: string;
  domain: string;
  outcome: DeliveryOutcome;
  router?: string;
  transport?: string;
  routerSteps: RouterStep[];
  attempts: DeliveryAttempt[];
  /** why nothing is delivered, or what made the plan what it is */
  reason?: string;
  /** each thing the plan depends on that is not known (an expansion, a DNS failure, --offline) */
  uncertain: string[];
  diagnostics: Diagnostic[];
  /** when the plan depends on something unknown: each way routing could go, first the likelier */
  alternatives?: PlanAlternative[];
  /** facts worth showing that are not uncertainties (equal MX preferences are tried in random order…) */
  notes?: string[];
}

/** One possible routing when a router's precondition or decision is unknown. */
export interface PlanAlternative {
  /** what must hold for this alternative, e.g. "router check_mail_permissions: condition is true" */
  assumptions: string[];
  outcome: DeliveryOutcome;
  router?: string;
  transport?: string;
  reason?: string;
}
