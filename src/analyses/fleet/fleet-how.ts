// "How it leaks" in a word or two per finding, for the fleet table: the finding codes a reader
// of 1,000 rows can sort by. Info-level context (frameworks) is left out of the column. For an
// allowed domain the column says what stops it, and the next step is what lets it out.
import type { FindingCode } from '../explain/findings/types.js';
import type { CheckRole } from '../check/check.js';
import type { AttemptResult, Report } from '../explain/types.js';
import { findingFix } from '../explain/findings/wording.js';
import { describeSuspect } from '../explain/suspect-text.js';

/** `null` for no label: a function that may return undefined could silently miss a case (noImplicitReturns exempts it). */
function labelOf(code: FindingCode): string | null {
  switch (code) {
    case 'ipv6-unfiltered':
      return 'IPv6';
    case 'ipv6-unknown':
      return 'IPv6 unknown';
    case 'custom-chain-accepts':
      return 'chain';
    case 'chain-body-missing':
      return 'chain not listed';
    case 'state-new-accepted':
      return 'state NEW';
    case 'policy-accept':
      return 'policy ACCEPT';
    case 'owner-allows-mta':
      return 'owner';
    case 'source-port-bypass':
      return 'source port';
    case 'mx-not-covered':
      return 'MX not covered';
    case 'via-smarthost':
      return 'smarthost';
    case 'nat-redirect':
      return 'nat';
    case 'container-forward':
      return 'container (FORWARD)';
    case 'goto-policy':
      return 'goto policy';
    case 'input-incomplete':
      return 'input incomplete';
    case 'mta-refuses':
      return 'MTA refuses';
    case 'fallback-relay':
      return 'fallback relay';
    case 'verify-probe-leaks':
      return 'verify probe';
    case 'accept-not-final':
      return 'accept not final';
    case 'ipv4-only-match':
      return 'IPv4-only match';
    case 'established-not-new':
    case 'native-tables-present':
    case 'framework-csf':
    case 'framework-ufw':
    case 'framework-docker':
    case 'framework-firewalld':
      return null;
  }
}

/** Findings about what is not known: they explain an uncertain answer, not a decided one. */
const UNKNOWNS: readonly FindingCode[] = ['ipv6-unknown', 'chain-body-missing', 'input-incomplete'];

/** The distinct labels of a report's findings, in the report's order. */
function findingLabels(report: Report): string[] {
  const labels: string[] = [];
  for (const finding of report.findings) {
    if (report.verdict !== 'uncertain' && UNKNOWNS.includes(finding.code)) continue;
    const label = labelOf(finding.code);
    if (label !== null && !labels.includes(label)) labels.push(label);
  }
  return labels;
}

/** "OUTPUT rule 2 (IPv4)", "nat OUTPUT policy (IPv6)": a rule that stops a connection Exim makes. */
function stopLabel(a: AttemptResult): string | null {
  const by = a.decidedBy;
  if (!by || (a.verdict !== 'DROP' && a.verdict !== 'REJECT')) return null;
  const table = by.table === 'filter' ? '' : `${by.table} `;
  return `${table}${by.chain} ${by.policy ? 'policy' : `rule ${by.rule}`} (IPv${a.family})`;
}

/**
 * The column "how", for the domain's role: how a probe gets out (or what is unknown); for an
 * allowed domain that is stopped, what stops it (the findings, then the rules that drop or
 * reject its connections); nothing for an allowed domain that is delivered, as wanted.
 */
export function describeHow(report: Report, role: CheckRole): string[] {
  if (role === 'allowed' && report.verdict === 'leaks') return [];
  const labels = findingLabels(report);
  // the rules that stop it, when no finding says why (mx-not-covered already names its rule)
  if (role === 'allowed' && report.verdict === 'blocked' && labels.length === 0) {
    if (report.plan.outcome === 'local') labels.push('delivered locally');
    for (const a of report.attempts) {
      const label = stopLabel(a);
      if (label !== null && !labels.includes(label)) labels.push(label);
    }
  }
  return labels;
}

/**
 * The first fix for a violation — for an allowed domain that is stopped, only the change that
 * lets it out (recommendedFixes), never a finding's advice to close —, or what would settle an
 * undecided answer.
 */
export function describeNext(report: Report, role: CheckRole, violated: boolean): string | undefined {
  if (violated) {
    const fix = role === 'allowed' ? report.fixes[0] : (report.fixes[0] ?? report.findings.map(findingFix).find((f) => f !== null) ?? undefined);
    return fix ? fix.summary : undefined;
  }
  if (report.verdict !== 'uncertain') return undefined;
  const suspect = report.suspects[0];
  if (!suspect) return undefined;
  const reason = describeSuspect(suspect);
  return suspect.command ? `${reason}: ${suspect.command}` : reason;
}
