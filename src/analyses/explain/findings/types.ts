// Findings are data: a stable code, a severity from one table, a message, the evidence (the
// original line, its number, counters, origin) and a fix. Tests assert codes, never wording.
import type { Family } from '../../../firewall/model.js';
import type { Severity } from '../../../diagnostics.js';

export type FindingCode =
  | 'ipv6-unfiltered'
  | 'ipv6-unknown'
  | 'custom-chain-accepts'
  | 'chain-body-missing'
  | 'established-not-new'
  | 'state-new-accepted'
  | 'policy-accept'
  | 'owner-allows-mta'
  | 'source-port-bypass'
  | 'mx-not-covered'
  | 'via-smarthost'
  | 'nat-redirect'
  | 'goto-policy'
  | 'framework-csf'
  | 'framework-ufw'
  | 'framework-docker'
  | 'framework-firewalld'
  | 'input-incomplete'
  | 'mta-refuses';

export interface FindingInfo {
  title: string;
  severity: Severity;
}

/** Every code with its title and severity: a new code cannot be added without its entry. */
export const FINDING_INFO = {
  'ipv6-unfiltered': { title: 'IPv6 SMTP is not filtered', severity: 'error' },
  'ipv6-unknown': { title: 'IPv6 firewall not supplied', severity: 'warning' },
  'custom-chain-accepts': { title: 'a user-defined chain accepts the mail', severity: 'error' },
  'chain-body-missing': { title: 'a chain on the path was not listed', severity: 'warning' },
  'established-not-new': { title: 'an ESTABLISHED rule does not admit new connections', severity: 'info' },
  'state-new-accepted': { title: 'a rule accepts NEW connections', severity: 'error' },
  'policy-accept': { title: 'the chain policy accepts', severity: 'error' },
  'owner-allows-mta': { title: "an owner rule lets the MTA's user through", severity: 'error' },
  'source-port-bypass': { title: 'a source-port rule any process can satisfy', severity: 'warning' },
  'mx-not-covered': { title: "allow rules do not cover the allowed domain's MX addresses", severity: 'error' },
  'via-smarthost': { title: 'mail goes through a relay', severity: 'info' },
  'nat-redirect': { title: 'nat rewrites SMTP connections', severity: 'warning' },
  'goto-policy': { title: 'a goto falls through to the builtin policy', severity: 'warning' },
  'framework-csf': { title: 'ConfigServer Firewall (CSF) manages these rules', severity: 'info' },
  'framework-ufw': { title: 'ufw manages these rules', severity: 'info' },
  'framework-docker': { title: 'Docker manages part of these rules', severity: 'info' },
  'framework-firewalld': { title: 'firewalld manages these rules', severity: 'info' },
  'input-incomplete': { title: 'the input does not show everything', severity: 'warning' },
  'mta-refuses': { title: 'the MTA itself refuses the domain', severity: 'info' },
} as const satisfies Record<FindingCode, FindingInfo>;

export const FINDING_CODES = Object.keys(FINDING_INFO) as FindingCode[];

/** One piece of evidence: a line of the input as written, with its counters. */
export interface Evidence {
  origin: string;
  line?: number;
  /** the original line, verbatim */
  text?: string;
  /** e.g. "800K 826M" as printed */
  counters?: string;
  family?: Family;
  /** what this line shows, e.g. "rule 9 jumps to LOCALOUTPUT" */
  note?: string;
}

/** A change the admin can make; mailleak prints it and never applies it. */
export interface Fix {
  summary: string;
  /** commands or configuration text, one line each */
  lines: string[];
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  title: string;
  message: string;
  evidence: Evidence[];
  fix: Fix | null;
  /** what the finding takes for granted (framework defaults), said as assumed */
  assumed?: string[];
}

export function makeFinding(code: FindingCode, message: string, evidence: Evidence[], fix: Fix | null, assumed?: string[]): Finding {
  const info: FindingInfo = FINDING_INFO[code];
  const finding: Finding = { code, severity: info.severity, title: info.title, message, evidence, fix };
  if (assumed && assumed.length > 0) finding.assumed = assumed;
  return finding;
}
