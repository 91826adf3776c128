// The check analysis (`mailleak check`, and each host of `fleet`): mail must reach the allowed
// domains and nothing else. Each domain's verdict is judged against its role, then the egress
// map (every SMTP destination) is judged against the allowed domains' addresses.
import type { CollectedInputs } from '../../input/collected.js';
import type { LiveResolverFactory } from '../../mail/dns/resolver.js';
import { EXIT } from '../exit-codes.js';
import { analyse } from '../explain/analyse.js';
import { findUnreadable, type Unreadable } from '../explain/readable.js';
import type { OverallVerdict, Report } from '../explain/types.js';
import { describeLeak } from '../explain/verdict.js';
import { judgeEgress, type EgressJudgement } from './egress-judge.js';

export const DEFAULT_PROBES = ['gmail.com', 'yahoo.com'];

export type CheckRole = 'allowed' | 'probe';
export type DomainOutcome = 'ok' | 'violation' | 'undecided';
export type CheckStatus = 'compliant' | 'violation' | 'undecided';
/**
 * What happens to mail to a domain, said for its role: an allowed domain that gets out is
 * delivered (the wanted answer), a probe that gets out leaks. The explain verdict stays `leaks`
 * for both; this is the word a person reads in check and fleet.
 */
export type Delivery = 'delivers' | 'leaks' | 'blocked' | 'uncertain';

export interface CheckedDomain {
  domain: string;
  role: CheckRole;
  outcome: DomainOutcome;
  delivery: Delivery;
  /** the one-line answer, for the role: "gets out over" for an allowed domain, explain's otherwise */
  answer: string;
  report: Report;
}

export interface CheckSummary {
  status: CheckStatus;
  exitCode: number;
}

export interface CheckResult {
  allow: string[];
  probes: string[];
  results: CheckedDomain[];
  egress: EgressJudgement;
  summary: CheckSummary;
}

/** The probes: those given, else the default ones that are not allowed. */
export function chooseProbes(allow: readonly string[], probes: readonly string[]): string[] {
  return probes.length > 0 ? [...probes] : DEFAULT_PROBES.filter((d) => !allow.includes(d));
}

/** How check judges one domain's verdict (fleet judges each host's domains the same way). */
export function judgeDomain(role: CheckRole, report: Report): DomainOutcome {
  switch (report.verdict) {
    case 'leaks':
      return role === 'allowed' ? 'ok' : 'violation';
    case 'blocked':
      return role === 'allowed' ? 'violation' : 'ok';
    case 'uncertain':
      return 'undecided';
  }
}

export function deliveryOf(role: CheckRole, verdict: OverallVerdict): Delivery {
  switch (verdict) {
    case 'leaks':
      return role === 'allowed' ? 'delivers' : 'leaks';
    case 'blocked':
      return 'blocked';
    case 'uncertain':
      return 'uncertain';
  }
}

/** Explain's answer, except that an allowed domain getting out is said as reachable, not as a leak. */
export function answerFor(role: CheckRole, report: Report): string {
  const leak = report.attempts.find((a) => a.order === report.leaksVia);
  if (role === 'allowed' && report.verdict === 'leaks' && leak) return describeLeak(report.domain, leak, report.attempts, 'gets out over', report.plan.mta);
  return report.answer;
}

/** One domain judged for its role: the outcome, the word for it and the answer. */
export function checkDomain(domain: string, role: CheckRole, report: Report): CheckedDomain {
  return { domain, role, outcome: judgeDomain(role, report), delivery: deliveryOf(role, report.verdict), answer: answerFor(role, report), report };
}

export function summariseCheck(results: readonly CheckedDomain[], egress?: EgressJudgement): CheckSummary {
  if (results.some((r) => r.outcome === 'violation') || egress?.outcome === 'violation') return { status: 'violation', exitCode: EXIT.violation };
  if (results.some((r) => r.outcome === 'undecided') || egress?.outcome === 'undecided') return { status: 'undecided', exitCode: EXIT.undecided };
  return { status: 'compliant', exitCode: EXIT.ok };
}

/** The allowed domains first, then the probes, each with its role. */
export function domainsToCheck(allow: readonly string[], probes: readonly string[]): [string, CheckRole][] {
  return [...allow.map((d): [string, CheckRole] => [d, 'allowed']), ...probes.map((d): [string, CheckRole] => [d, 'probe'])];
}

/**
 * Checks the inputs; `unreadable` (with its one-line reason) when they give nothing to analyse,
 * as soon as the first domain's analysis shows it.
 */
export async function runCheck(inputs: CollectedInputs, allow: string[], probes: string[], options: { liveDns?: LiveResolverFactory; sender?: string } = {}): Promise<CheckResult | { unreadable: Unreadable }> {
  const results: CheckedDomain[] = [];
  for (const [domain, role] of domainsToCheck(allow, probes)) {
    const report = await analyse(inputs, domain, { allow, ...(options.liveDns ? { liveDns: options.liveDns } : {}), ...(options.sender !== undefined ? { sender: options.sender } : {}) });
    const unreadable = findUnreadable(inputs, report);
    if (unreadable !== undefined) return { unreadable };
    results.push(checkDomain(domain, role, report));
  }
  // every address the MTA would connect to for an allowed domain (its MX hosts, or a smarthost)
  const allowedAddresses = results.filter((r) => r.role === 'allowed').flatMap((r) => r.report.attempts.map((a) => a.address).filter((a): a is string => a !== undefined));
  const egress = judgeEgress(inputs, allowedAddresses, allow);
  return { allow, probes, results, egress, summary: summariseCheck(results, egress) };
}
