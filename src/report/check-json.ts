// `mailleak check --json`: the status, the exit code, each domain with its full explain report,
// and the egress judgement.
import type { CheckResult } from '../analyses/check/check.js';
import { describeEgressJudgement } from './check-egress.js';
import { toExplainJson } from './explain-json.js';

export function renderCheckJson(check: CheckResult): string {
  const { egress, summary } = check;
  return `${JSON.stringify({
    schemaVersion: 1,
    command: 'check',
    status: summary.status,
    exitCode: summary.exitCode,
    allow: check.allow,
    probes: check.probes,
    results: check.results.map((r) => ({ domain: r.domain, role: r.role, expected: r.role === 'allowed' ? 'leaks' : 'blocked', outcome: r.outcome, report: toExplainJson(r.report) })),
    egress: { outcome: egress.outcome, message: describeEgressJudgement(egress), ...(egress.outcome !== 'not-run' ? { principal: egress.principal.label } : {}) },
  }, null, 2)}\n`;
}
