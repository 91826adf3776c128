// What `mailleak fleet` computes per host and for the fleet: plain, serialisable data (results
// cross worker threads), drawn by src/report/fleet-text.ts and fleet-json.ts.
import type { Delivery } from '../check/check.js';
import type { EgressJudgement } from '../check/egress-judge.js';
import type { Unreadable } from '../explain/readable.js';
import type { OverallVerdict } from '../explain/types.js';
import type { InputSection } from '../../input/collected.js';

/** The same for every host; sent once to each worker. */
export interface FleetOptions {
  /** domains mail must NOT reach */
  probes: string[];
  /** domains mail must reach */
  allow: string[];
  /** --dns files read once by the parent, added to every host's inputs */
  dnsSections: InputSection[];
  dnsServer?: string;
  offline?: boolean;
}

export type DomainOutcome = 'ok' | 'violation' | 'undecided';

export interface FleetDomainResult {
  domain: string;
  role: 'allowed' | 'probe';
  /** explain's verdict (`leaks` whenever mail gets out, whatever the role) */
  verdict: OverallVerdict;
  outcome: DomainOutcome;
  /** the verdict said for the role: an allowed domain that gets out `delivers`, a probe `leaks` */
  delivery: Delivery;
  /** the one-line answer, as `mailleak check` says it ("gets out over" for an allowed domain) */
  answer: string;
  /**
   * how the mail gets out (or what is unknown), from the findings: "IPv6", "owner", "smarthost";
   * for an allowed domain that is stopped, what stops it: "MX not covered", "OUTPUT rule 2"
   */
  how: string[];
  /** the first recommended fix (violation; for a stopped allowed domain, the change that lets it out), or what would settle the answer (undecided) */
  next?: string;
}

/** Worst first: the order hosts are listed in and the fleet's exit code is chosen by. */
export type HostStatus = 'violation' | 'unreadable' | 'undecided' | 'compliant';

export interface FleetHostResult {
  /** the bundle file */
  file: string;
  /** from the bundle header; the file name when the header has none */
  host: string;
  status: HostStatus;
  /** as `mailleak check` would exit for this host */
  exitCode: number;
  results: FleetDomainResult[];
  /** the egress half of check (every SMTP destination of the MTA user); absent when the host could not be analysed */
  egress?: EgressJudgement;
  /** collection problems ("ip6tables-save -c: permission denied (you must be root)") */
  problems: string[];
  /** why the host could not be analysed (status unreadable): the bundle or the worker failed */
  error?: string;
  /** why the host could not be analysed (status unreadable): its inputs give nothing to analyse */
  unreadable?: Unreadable;
  /** header facts: date, backend, kernel */
  collected?: { date?: string; backend?: string; kernel?: string };
}

export interface FleetResult {
  status: HostStatus;
  exitCode: number;
  hosts: FleetHostResult[];
  counts: Record<HostStatus, number>;
  elapsedMs: number;
  workers: number;
}
