// `mailleak check --allow DOMAIN [--probe a.com,b.com] [inputs]` for CI: mail must reach the
// allowed domains and nothing else. Exit 0 compliant, 1 violation (a probe leaks, or an allowed
// domain is blocked), 2 bad input or usage, 3 cannot decide.
import type { Command } from 'commander';
import { analyse } from '../../analyses/explain/analyse.js';
import type { Report } from '../../analyses/explain/types.js';
import { acquireInputs } from '../../input/acquire.js';
import { paletteForStdout, type Palette } from '../../report/color.js';
import { toExplainJson } from '../../report/explain-json.js';
import { EXIT, UsageError } from '../exit.js';
import { judgeEgress, type EgressJudgement } from './check-egress.js';
import { addInputOptions, assertReadable, checkTarget, collectList, toAcquireOptions, type InputFlags } from './explain.js';

export const DEFAULT_PROBES = ['gmail.com', 'yahoo.com'];

type Role = 'allowed' | 'probe';
type Outcome = 'ok' | 'violation' | 'undecided';

interface Checked {
  domain: string;
  role: Role;
  outcome: Outcome;
  report: Report;
}

/** How check judges one domain's verdict (fleet judges each host's domains the same way). */
export function judgeDomain(role: Role, report: Report): Outcome {
  switch (report.verdict) {
    case 'leaks':
      return role === 'allowed' ? 'ok' : 'violation';
    case 'blocked':
      return role === 'allowed' ? 'violation' : 'ok';
    case 'uncertain':
      return 'undecided';
  }
}

export function summariseCheck(results: Checked[], egress?: EgressJudgement): { status: 'compliant' | 'violation' | 'undecided'; exitCode: number } {
  if (results.some((r) => r.outcome === 'violation') || egress?.outcome === 'violation') return { status: 'violation', exitCode: EXIT.violation };
  if (results.some((r) => r.outcome === 'undecided') || egress?.outcome === 'undecided') return { status: 'undecided', exitCode: EXIT.undecided };
  return { status: 'compliant', exitCode: EXIT.ok };
}

export function registerCheck(program: Command): void {
  addInputOptions(
    program
      .command('check')
      .description('For CI: asserts mail can reach only the allowed domains. Exit 0 compliant, 1 violation, 2 bad input, 3 cannot decide.')
      .option('--allow <domain>', 'a domain mail must reach (repeatable, comma-separated; required)', collectList, [])
      .option('--probe <domains>', `domains mail must NOT reach (comma-separated; default ${DEFAULT_PROBES.join(',')})`, collectList, []),
  ).action(async (flags: InputFlags & { allow: string[]; probe: string[] }, cmd: Command) => {
    if (flags.allow.length === 0) throw new UsageError('check needs --allow DOMAIN (the domain mail is meant to reach)');
    const probes = flags.probe.length > 0 ? flags.probe : DEFAULT_PROBES.filter((d) => !flags.allow.includes(d));
    for (const d of [...flags.allow, ...probes]) checkTarget(d, 'domain');
    const inputs = await acquireInputs(toAcquireOptions(flags));
    const results: Checked[] = [];
    for (const [domain, role] of [...flags.allow.map((d) => [d, 'allowed'] as const), ...probes.map((d) => [d, 'probe'] as const)]) {
      const report = await analyse(inputs, domain, { allow: flags.allow });
      assertReadable(inputs, report);
      results.push({ domain, role, outcome: judgeDomain(role, report), report });
    }
    // every address the MTA would connect to for an allowed domain (its MX hosts, or a smarthost)
    const allowedAddresses = results.filter((r) => r.role === 'allowed').flatMap((r) => r.report.attempts.map((a) => a.address).filter((a): a is string => a !== undefined));
    const egress = judgeEgress(inputs, allowedAddresses, flags.allow);
    const summary = summariseCheck(results, egress);
    const color = (cmd.optsWithGlobals() as { color?: boolean }).color;
    process.stdout.write(flags.json ? renderCheckJson(flags.allow, probes, results, summary, egress) : renderCheckText(results, summary, paletteForStdout(color), egress));
    process.exitCode = summary.exitCode;
  });
}

function renderCheckJson(allow: string[], probes: string[], results: Checked[], summary: ReturnType<typeof summariseCheck>, egress: EgressJudgement): string {
  return `${JSON.stringify({
    schemaVersion: 1,
    command: 'check',
    status: summary.status,
    exitCode: summary.exitCode,
    allow,
    probes,
    results: results.map((r) => ({ domain: r.domain, role: r.role, expected: r.role === 'allowed' ? 'leaks' : 'blocked', outcome: r.outcome, report: toExplainJson(r.report) })),
    egress: { outcome: egress.outcome, message: egress.message, ...(egress.principal ? { principal: egress.principal } : {}) },
  }, null, 2)}\n`;
}

function renderCheckText(results: Checked[], summary: ReturnType<typeof summariseCheck>, p: Palette, egress: EgressJudgement): string {
  const lines: string[] = [];
  for (const r of results) {
    const mark = r.outcome === 'ok' ? p.good('ok  ') : r.outcome === 'violation' ? p.bad('FAIL') : p.uncertain('??? ');
    const expect = r.role === 'allowed' ? 'must be delivered' : 'must be blocked';
    // for an allowed domain "leaks" is the wanted outcome: say reachable
    const answer = r.role === 'allowed' && r.report.verdict === 'leaks' ? r.report.answer.replace(/^Mail to (\S+) leaks over/, 'Mail to $1 gets out over') : r.report.answer;
    lines.push(`${mark} ${r.domain} (${expect}): ${answer}`);
    if (r.outcome !== 'ok') for (const f of r.report.findings.filter((x) => x.severity !== 'info').slice(0, 3)) lines.push(`       ${f.code}: ${f.message}`);
  }
  if (egress.outcome !== 'not-run') {
    const mark = egress.outcome === 'ok' ? p.good('ok  ') : egress.outcome === 'violation' ? p.bad('FAIL') : p.uncertain('??? ');
    lines.push(`${mark} egress (every SMTP destination): ${egress.message}.`);
  }
  const word = summary.status === 'compliant' ? p.good('compliant') : summary.status === 'violation' ? p.bad('VIOLATION') : p.uncertain('cannot decide');
  lines.push('', `mailleak check: ${word} (exit ${summary.exitCode}); run \`mailleak explain DOMAIN\` with the same inputs for the full analysis.`);
  return `${lines.join('\n')}\n`;
}
