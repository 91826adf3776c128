// The report `analyse` returns: plain data that the text and JSON renderers draw. It never
// prints, exits or reads argv/env.
import type { Diagnostic } from '../../diagnostics.js';
import type { Family, Ruleset, TableName } from '../../firewall/model.js';
import type { TraceResult, Verdict } from '../../firewall/simulate/types.js';
import type { UncertaintyCause } from '../../firewall/simulate/uncertainty.js';
import type { LiveResolverFactory } from '../../mail/dns/resolver.js';
import type { DeliveryOutcome, Mta, RouterStep } from '../../mail/types.js';
import type { Finding, Fix } from './findings/types.js';

export const SCHEMA_VERSION = 1;

export type OverallVerdict = 'leaks' | 'blocked' | 'uncertain';

export interface ExplainOptions {
  /** domains mail is meant to reach (--allow); enables the mx-not-covered check */
  allow?: string[];
  /** the MTA's uid/gid when known (--uid/--gid); otherwise the plan's or unknown */
  uid?: number;
  gid?: number;
  /** how to ask live DNS when the inputs give no records and are not --offline (node: createLiveResolver) */
  liveDns?: LiveResolverFactory;
}

/** The deciding rule or policy, with the line it came from. */
export interface DecidingRule {
  table: TableName;
  chain: string;
  rule?: number;
  policy?: boolean;
  origin?: string;
  line?: number;
  text?: string;
}

/** One connection attempt Exim would make, with the firewall's answer for it. */
export interface AttemptResult {
  order: number;
  host: string;
  preference?: number;
  address?: string;
  family: Family;
  port: number;
  fallback?: boolean;
  /** shared by attempts the MTA tries in an order it picks at random (DeliveryAttempt.randomGroup) */
  randomGroup?: number;
  uid?: number;
  verdict: Verdict;
  decidedBy: DecidingRule | null;
  /** null when there was nothing to trace (no ruleset for the family, no address) */
  trace: TraceResult | null;
  /** why the verdict is UNKNOWN without a trace (no ip6tables data, no address), or why nothing decided an ACCEPT (no ip6tables table is loaded), as data */
  cause?: UncertaintyCause;
  /** set when nat OUTPUT sent the connection elsewhere: "127.0.0.1:25" */
  rewrittenTo?: string;
  /** false when a rewrite keeps the connection on this host (REDIRECT, DNAT to a local address) */
  leavesHost: boolean;
}

/** Something the answer depends on, ranked by how much it matters. */
export interface Suspect {
  /** why, as data: worded by describeSuspect (suspect-text.ts), keyed with `where` and family (unknownKey) */
  cause: UncertaintyCause;
  /** the chain or rule of a trace it is about */
  where?: { table: TableName; chain: string; rule?: number };
  /** the command that would supply what is missing */
  command?: string;
  /** attempt orders it affects */
  attempts: number[];
  family?: Family;
  counters?: string;
  origin?: string;
  line?: number;
  text?: string;
}

/** How one input was read, for the "read as …" lines. */
export interface InputReading {
  origin: string;
  firstLine: number;
  lines: number;
  kind: string;
  family?: Family;
  detectedBy: string;
  /** e.g. "iptables listing: 21 rules in 1 chain (filter)" */
  summary: string;
}

export interface PlanSummary {
  recipient: string;
  /** the MTA whose plan this is */
  mta: Mta;
  outcome: DeliveryOutcome;
  router?: string;
  transport?: string;
  reason?: string;
  routerSteps: RouterStep[];
  uncertain: string[];
  /** e.g. "no Exim configuration supplied: Exim defaults assumed (dnslookup → remote_smtp, port 25)" */
  assumptions: string[];
  resolver: string;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  target: string;
  domain: string;
  verdict: OverallVerdict;
  /** the one-line answer */
  answer: string;
  /** for `leaks`: the attempt the mail gets out over (the first accepted one in Exim's order) */
  leaksVia?: number;
  suspects: Suspect[];
  attempts: AttemptResult[];
  plan: PlanSummary;
  findings: Finding[];
  /** the recommended changes, MTA first, then the firewall for both families */
  fixes: Fix[];
  inputs: InputReading[];
  problems: { what: string; message: string }[];
  diagnostics: Diagnostic[];
}

/** What the analysis works from, after parsing: shared by the verdict, findings and fixes. */
export interface Analysis {
  target: string;
  domain: string;
  /** the MTA the delivery plan came from: findings and fixes word their advice for it */
  mta: Mta;
  rulesets: Partial<Record<Family, Ruleset>>;
  attempts: AttemptResult[];
  plan: PlanSummary;
  /** attempts for each --allow domain, traced the same way */
  allowed: { domain: string; attempts: AttemptResult[]; apexAddresses: string[] }[];
  /** text of sections no parser reads (csf.conf, ufw status …): frameworks look here */
  otherTexts: { origin: string; firstLine: number; text: string }[];
  /** facts from the inputs */
  uid?: number;
  gid?: number;
}
