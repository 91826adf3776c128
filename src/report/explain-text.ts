// The human form of an explain report: the one-line answer first, then the attempts table,
// the packet path as a tree, what the answer depends on, findings with evidence and fixes, the
// recommended fix, and how each input was read. Returns a string; the CLI writes it. The words
// are explain-wording.ts's (the web page uses the same); this file lays them out for a terminal.
import Table from 'cli-table3';
import type { Finding } from '../analyses/explain/findings/types.js';
import type { AttemptResult, Report } from '../analyses/explain/types.js';
import { findingAssumed, findingFix, findingMessage, findingTitle } from '../analyses/explain/findings/wording.js';
import { collapseTrace } from '../firewall/simulate/collapse.js';
import type { Palette } from './color.js';
import { renderTree } from './tree.js';
import {
  answerTone,
  ATTEMPT_COLUMNS,
  attemptsHeading,
  choosePaths,
  describeAttemptHost,
  describeAttemptVerdict,
  describeDecidedBy,
  describeEvidence,
  describeFix,
  describePlan,
  describeProblem,
  describeMtaReading,
  describeReading,
  describeSuspectLines,
  findingsHeading,
  FIXES_HEADING,
  groupDiagnostics,
  SUSPECTS_HEADING,
  type Tone,
} from './explain-wording.js';

export function renderExplainText(report: Report, p: Palette): string {
  const out: string[] = [];
  out.push(paint(p, answerTone(report))(p.strong(report.answer)), '');
  out.push(...describePlan(report), '');
  if (report.attempts.length > 0) out.push(p.strong(attemptsHeading(report)), renderAttempts(report.attempts, p), '');
  out.push(...renderPaths(report, p));
  if (report.verdict === 'uncertain' && report.suspects.length > 0) out.push(...renderSuspects(report, p), '');
  if (report.findings.length > 0) {
    out.push(p.strong(findingsHeading(report.findings.length)));
    for (const f of report.findings) out.push(...renderFinding(f, p));
    out.push('');
  }
  // no fix where nothing needs fixing: mail that does not leak, an allowed domain that gets out
  if (report.fixes.length > 0) {
    out.push(p.strong(FIXES_HEADING));
    report.fixes.forEach((fix, i) => out.push(...describeFix(fix, `  ${i + 1}. `, '     ')));
    out.push('');
  }
  out.push(...renderReadAs(report, p));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function paint(p: Palette, tone: Tone): (s: string) => string {
  switch (tone) {
    case 'good':
      return p.good;
    case 'bad':
      return p.bad;
    case 'uncertain':
      return p.uncertain;
    case 'dim':
      return p.dim;
    case 'plain':
      return (s) => s;
  }
}

function renderAttempts(attempts: AttemptResult[], p: Palette): string {
  const table = new Table({ head: [...ATTEMPT_COLUMNS], style: { head: [], border: [], compact: true } });
  for (const a of attempts) {
    const verdict = describeAttemptVerdict(a);
    table.push([String(a.order), describeAttemptHost(a), a.address ?? '?', String(a.family), String(a.port), paint(p, verdict.tone)(verdict.text), describeDecidedBy(a)]);
  }
  return table.toString();
}

function renderPaths(report: Report, p: Palette): string[] {
  const out: string[] = [];
  for (const shown of choosePaths(report)) {
    const trace = shown.attempt.trace!;
    out.push(p.strong(shown.heading));
    out.push(...(shown.empty === undefined ? renderTree(collapseTrace(trace), p) : [`  ${shown.empty}`]));
    for (const note of trace.notes) out.push(p.dim(`  note: ${note}`));
    out.push('');
  }
  return out;
}

function renderSuspects(report: Report, p: Palette): string[] {
  const out = [p.strong(SUSPECTS_HEADING)];
  report.suspects.forEach((s, i) => {
    const lines = describeSuspectLines(s, i);
    out.push(`  ${lines.line}`);
    if (lines.where !== undefined) out.push(p.dim(`     ${lines.where}`));
    if (lines.supply !== undefined) out.push(`     ${lines.supply}`);
  });
  return out;
}

function renderFinding(f: Finding, p: Palette): string[] {
  const sev = f.severity === 'error' ? p.bad(f.severity) : f.severity === 'warning' ? p.uncertain(f.severity) : p.dim(f.severity);
  const out = [`  ${sev} ${p.strong(f.code)}: ${findingTitle(f)}`, `    ${findingMessage(f)}`];
  for (const e of f.evidence) out.push(p.dim(`    evidence: ${describeEvidence(e)}`));
  for (const a of findingAssumed(f)) out.push(`    assumed: ${a}`);
  const fix = findingFix(f);
  if (fix) out.push(...describeFix(fix, '    fix: ', '      '));
  return out;
}

function renderReadAs(report: Report, p: Palette): string[] {
  const out: string[] = [];
  if (report.mta) out.push(p.dim(describeMtaReading(report.mta)));
  for (const r of report.inputs) out.push(p.dim(describeReading(r)));
  for (const pr of report.problems) out.push(p.dim(describeProblem(pr)));
  for (const group of groupDiagnostics(report.diagnostics)) for (const line of group.text) out.push(p.dim(line));
  return out;
}
