// The report `analyse` returns: plain data that the text and JSON renderers draw. It never
// prints, exits or reads argv/env.
import type { Diagnostic } from '../../diagnostics.js';
import type { Family, Ruleset, TableName } from '../../firewall/model.js';
import type { TraceResult, Verdict } from '../../firewall/simulate/types.js';
import type { UncertaintyCause } from '../../firewall/simulate/uncertainty.js';
import type { LiveResolverFactory } from '../../mail/dns/resolver.js';
import type { DeliveryAttempt, DeliveryOutcome, HostingStack, Mta, ProbeRouting, RouterStep, StackAssumption } from '../../mail/types.js';
import type { Finding, Fix } from './findings/types.js';
import type { HostNetworkMta, MtaContainer } from '../../input/collected.js';
import type { MtaChoice } from '../../input/which-mta.js';

export const SCHEMA_VERSION = 1;

export type OverallVerdict = 'leaks' | 'blocked' | 'uncertain';

export interface ExplainOptions {
  /** domains mail is meant to reach (--allow); enables the mx-not-covered check */
  allow?: string[];
  /** the MTA's uid/gid when known (--uid/--gid); otherwise the plan's or unknown */
  uid?: number;
  gid?: number;
  /** the envelope sender (--sender; '' is the null sender): sender-dependent routing has one answer */
  sender?: string;
  /** how to ask live DNS when the inputs give no records and are not --offline (node: createLiveResolver) */
  liveDns?: LiveResolverFactory;
}

/** The deciding rule or policy, with the line it came from. */
export interface DecidingRule {
  table: TableName;
  chain: string;
  rule?: number;
  policy?: boolean;
  /** an iptables-legacy table beside iptables-nft's of the same name */
  backend?: 'legacy';
  origin?: string;
  line?: number;
  text?: string;
}

/** One connection attempt the MTA would make (as its plan says), with the firewall's answer for it. */
export interface AttemptResult extends Pick<DeliveryAttempt, 'order' | 'host' | 'preference' | 'address' | 'family' | 'port'> {
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
  /** a Postfix address verification probe's connection, not the mail's (DeliveryAttempt.probe) */
  probe?: boolean;
  /** a container's forwarded packet: the out-interface the host's routing table gives it (not set when --oif names it) */
  outInterface?: { name: string; route: string };
}

/** One way a containerised MTA's mail could take: in on this bridge (undefined: a bridge not known). */
export interface ContainerPath {
  bridge?: string;
  /** the detected container's network of this bridge (a container on several networks) */
  network?: string;
  attempts: AttemptResult[];
  verdict: OverallVerdict;
  answer: string;
  /** the attempt it gets out over, when it does */
  leaksVia?: number;
}

export type MtaPlacement =
  /** nothing says containers are involved: the MTA sends from this host */
  | { kind: 'host' }
  /** the MTA runs in this container: the attempts are its forwarded packets; `alternatives` its other networks' ways out */
  | { kind: 'container'; container: MtaContainer; alternatives?: ContainerPath[] }
  /** the MTA runs in a container with the host's network (Postal): its attempts are the host's own, through OUTPUT */
  | { kind: 'host-network'; mta: HostNetworkMta }
  /** Docker writes rules here and nothing says where the MTA runs: the attempts are the host's, `paths` a container's */
  | { kind: 'either'; paths: ContainerPath[] };

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
  /** the hosting stack recognised in the Exim configuration, and the defaults taken from it */
  stack?: HostingStack;
  stackAssumptions?: StackAssumption[];
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
  /** where the MTA runs, when it matters: a known container, or either (a Docker host, not said); absent = this host */
  placement?: Exclude<MtaPlacement, { kind: 'host' }>;
  problems: { what: string; message: string }[];
  diagnostics: Diagnostic[];
  /** live and bundles: which MTA is the host's and why (its configuration is the one planned with) */
  mta?: MtaChoice;
}

/** What the analysis works from, after parsing: shared by the verdict, findings and fixes. */
export interface Analysis {
  target: string;
  domain: string;
  /** the MTA the delivery plan came from: findings and fixes word their advice for it */
  mta: Mta;
  rulesets: Partial<Record<Family, Ruleset>>;
  /** native nft tables beside the iptables rules of a family (rulesets.ts ParsedFirewalls.native); without iptables rules they are `rulesets` itself */
  native: Partial<Record<Family, Ruleset>>;
  /** iptables-legacy tables beside iptables-nft's (ParsedFirewalls.legacy): both run */
  legacy?: Partial<Record<Family, Ruleset>>;
  attempts: AttemptResult[];
  plan: PlanSummary;
  /** attempts for each --allow domain, traced the same way */
  allowed: { domain: string; attempts: AttemptResult[]; apexAddresses: string[] }[];
  /** text of sections no parser reads (csf.conf, ufw status …): frameworks look here */
  otherTexts: { origin: string; firstLine: number; text: string }[];
  /** the MTA runs in this container (--mta-container): the attempts are its forwarded packets */
  container?: MtaContainer;
  /** Postfix address verification probes routed otherwise than mail (their attempts have `probe`) */
  probeRouting?: ProbeRouting;
  /** facts from the inputs */
  uid?: number;
  gid?: number;
}
