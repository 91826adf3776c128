// `mailleak check` as text: one line per domain (ok / FAIL / ???) with its answer, the first
// findings of a domain that failed, the egress line, and the summary with the exit code.
import type { CheckedDomain, CheckResult, DomainOutcome } from '../analyses/check/check.js';
import { describeLeak } from '../analyses/explain/verdict.js';
import { describeEgressJudgement } from './check-egress.js';
import { findingMessage } from '../analyses/explain/findings/wording.js';
import type { Palette } from './color.js';

function markOf(outcome: DomainOutcome, p: Palette): string {
  switch (outcome) {
    case 'ok':
      return p.good('ok  ');
    case 'violation':
      return p.bad('FAIL');
    case 'undecided':
      return p.uncertain('??? ');
  }
}

/** For an allowed domain, getting out is the wanted outcome: said as reachable, not as a leak. */
function answerOf(r: CheckedDomain): string {
  const leak = r.report.attempts.find((a) => a.order === r.report.leaksVia);
  if (r.role === 'allowed' && r.report.verdict === 'leaks' && leak) return describeLeak(r.report.domain, leak, r.report.attempts, 'gets out over', r.report.plan.mta);
  return r.report.answer;
}

export function renderCheckText(check: CheckResult, p: Palette): string {
  const { results, summary, egress } = check;
  const lines: string[] = [];
  for (const r of results) {
    const expect = r.role === 'allowed' ? 'must be delivered' : 'must be blocked';
    lines.push(`${markOf(r.outcome, p)} ${r.domain} (${expect}): ${answerOf(r)}`);
    if (r.outcome !== 'ok') for (const f of r.report.findings.filter((x) => x.severity !== 'info').slice(0, 3)) lines.push(`       ${f.code}: ${findingMessage(f)}`);
  }
  if (egress.outcome !== 'not-run') lines.push(`${markOf(egress.outcome, p)} egress (every SMTP destination): ${describeEgressJudgement(egress)}.`);
  const word = summary.status === 'compliant' ? p.good('compliant') : summary.status === 'violation' ? p.bad('VIOLATION') : p.uncertain('cannot decide');
  lines.push('', `mailleak check: ${word} (exit ${summary.exitCode}); run \`mailleak explain DOMAIN\` with the same inputs for the full analysis.`);
  return `${lines.join('\n')}\n`;
}
