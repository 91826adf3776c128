// `mailleak check --json`: the status, the exit code, each domain with its full explain report,
// and the egress judgement.
import type { CheckResult } from '../analyses/check/check.js';
import { egressJson } from './check-egress.js';
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
    // `expected` is in explain's verdict words (kept for compatibility); `delivery` and `answer` say it for the role
    results: check.results.map((r) => ({
      domain: r.domain,
      role: r.role,
      expected: r.role === 'allowed' ? 'leaks' : 'blocked',
      expectedDelivery: r.role === 'allowed' ? 'delivers' : 'blocked',
      outcome: r.outcome,
      delivery: r.delivery,
      answer: r.answer,
      report: toExplainJson(r.report),
    })),
    egress: egressJson(egress),
  }, null, 2)}\n`;
}
