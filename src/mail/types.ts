// The delivery plan: where the MTA will really connect for one recipient, in the order it
// will try. One shape whatever the MTA: each MTA's planner produces it (src/mail/plan.ts for
// Exim), and the analyses read only this. Plain data.
import type { Diagnostic } from '../diagnostics.js';
import type { Family } from '../firewall/model.js';

/** The MTA whose behaviour a plan describes: wording and advice depend on it. */
export type Mta = 'exim' | 'postfix';

export type { DebianConfigtype, HostingStack, StackAssumption } from './exim/stack-types.js';
import type { HostingStack, StackAssumption } from './exim/stack-types.js';

export type DeliveryOutcome = 'remote' | 'local' | 'refused' | 'defer' | 'unknown';

/** One TCP connection the MTA may open. */
export interface DeliveryAttempt {
  /** 1-based order in which the MTA tries it */
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
  /**
   * attempts that share this number are tried in an order the MTA picks at random (hosts of
   * equal MX preference, RFC 5321 §5.1): `order` is one possible order among them
   */
  randomGroup?: number;
  /** which router and transport produced it */
  router: string;
  transport: string;
  /** a Postfix address verification probe's connection (verify(8)), not the mail's own */
  probe?: boolean;
}

/** Postfix address verification, when its probes are routed otherwise than mail (verify-probe.ts). */
export interface ProbeRouting {
  restriction: 'reject_unverified_recipient' | 'reject_unverified_sender';
  /** the smtpd restriction list that names it */
  list: string;
  /** the address_verify_* parameters whose value differs from the one they shadow */
  routedBy: string[];
  /** what becomes of the mail itself (its own route) */
  mail: { outcome: DeliveryOutcome; reason: string };
}

/** Why each router before the chosen one did not take the address. */
export interface RouterStep {
  router: string;
  driver: string;
  result: 'skipped' | 'declined' | 'accepted' | 'failed' | 'deferred' | 'unknown';
  reason: string;
}

/** Whose sockets make the attempts: owner-match firewall rules test these ids. */
export interface MtaSender {
  /** the user name the MTA runs its deliveries as (Exim: exim_user) */
  user: string;
  uid?: number;
  gid?: number;
}

/** The MTA will not deliver the address at all. */
export interface Refusal {
  /** the part of the MTA's configuration that refused it (an Exim router) */
  by?: string;
  reason: string;
}

export interface DeliveryPlan {
  /** which MTA's planner produced it */
  mta: Mta;
  recipient: string;
  domain: string;
  outcome: DeliveryOutcome;
  router?: string;
  transport?: string;
  routerSteps: RouterStep[];
  attempts: DeliveryAttempt[];
  /** the user, uid and gid the attempts are made as (each attempt carries its uid/gid too) */
  sender?: MtaSender;
  /** set when the outcome is `refused` */
  refusal?: Refusal;
  /** why nothing is delivered, or what made the plan what it is */
  reason?: string;
  /** each thing the plan depends on that is not known (an expansion, a DNS failure, --offline) */
  uncertain: string[];
  diagnostics: Diagnostic[];
  /** when the plan depends on something unknown: each way routing could go, first the likelier */
  alternatives?: PlanAlternative[];
  /** the hosting stack recognised in the configuration */
  stack?: HostingStack;
  /** the stack's documented defaults the plan took for what is not at hand */
  stackAssumptions?: StackAssumption[];
  /** Postfix: address verification probes routed otherwise than mail (their attempts have `probe`) */
  probeRouting?: ProbeRouting;
  /** assumptions and facts worth showing that are not uncertainties (an assumed default configuration, equal MX preferences tried in random order…) */
  notes?: string[];
}

/**
 * What must hold for one alternative: a router whose preconditions or decision mailleak cannot
 * evaluate, taken one way. Data; worded by src/report/plan-assumption-text.ts.
 */
export type PlanAssumption =
  /** `because`: why the preconditions are undecided, as the planner says it */
  | { router: string; assumed: 'runs' | 'skipped'; because: string[] }
  | { router: string; assumed: 'declines' }
  /** the likelier decision of an undecided router (DNS not known: its MX hosts would be used) */
  | { router: string; assumed: 'decides'; decision: string }
  /** Postfix: a sender-dependent table (`parameter`) answers `value` for senders matching `key`; the sender is not known */
  | { parameter: string; assumed: 'sender-matches'; key: string; value: string }
  /** Postfix: the sender matches no entry of the sender-dependent table */
  | { parameter: string; assumed: 'sender-matches-none' };

/** One possible routing when a router's precondition or decision is unknown. */
export interface PlanAlternative {
  /** what must hold for this alternative, e.g. router check_mail_permissions runs */
  assumptions: PlanAssumption[];
  outcome: DeliveryOutcome;
  router?: string;
  transport?: string;
  reason?: string;
}
