// The human form of an explain report: the one-line answer first, then the attempts table,
// the packet path as a tree, what the answer depends on, findings with evidence and fixes, the
// recommended fix, and how each input was read. Returns a string; the CLI writes it.
import Table from 'cli-table3';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticMessage, formatDiagnostic } from './diagnostic-text.js';
import type { Evidence, Finding, Fix } from '../analyses/explain/findings/types.js';
import type { AttemptResult, Report } from '../analyses/explain/types.js';
import { findingAssumed, findingFix, findingMessage, findingTitle } from '../analyses/explain/findings/wording.js';
import { mtaName } from '../analyses/explain/findings/mta-terms.js';
import { describeSuspect } from '../analyses/explain/suspect-text.js';
import { collapseTrace } from '../firewall/simulate/collapse.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';
import { describeStack, describeStackAssumption } from './stack-assumption-text.js';
import type { Palette } from './color.js';
import { renderTree } from './tree.js';

export function renderExplainText(report: Report, p: Palette): string {
  const out: string[] = [];
  out.push(colourAnswer(report, p), '');
  out.push(...renderPlan(report), '');
  if (report.attempts.length > 0) out.push(p.strong(`Connection attempts (in the order ${mtaName(report.plan.mta)} tries them; after a failure it tries the next)`), renderAttempts(report.attempts, p), '');
  out.push(...renderPaths(report, p));
  if (report.verdict === 'uncertain' && report.suspects.length > 0) out.push(...renderSuspects(report, p), '');
  if (report.findings.length > 0) {
    out.push(p.strong(`Findings (${report.findings.length})`));
    for (const f of report.findings) out.push(...renderFinding(f, p));
    out.push('');
  }
  // no fix where nothing needs fixing: mail that does not leak, an allowed domain that gets out
  if (report.fixes.length > 0) {
    out.push(p.strong('Recommended fix (mailleak only prints it; it changes nothing)'));
    report.fixes.forEach((fix, i) => out.push(...renderFix(fix, `  ${i + 1}. `, '     ')));
    out.push('');
  }
  out.push(...renderReadAs(report, p));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function colourAnswer(report: Report, p: Palette): string {
  switch (report.verdict) {
    case 'leaks':
      return p.bad(p.strong(report.answer));
    case 'blocked':
      return p.good(p.strong(report.answer));
    case 'uncertain':
      return p.uncertain(p.strong(report.answer));
  }
}

function renderPlan(report: Report): string[] {
  const plan = report.plan;
  // a Postfix plan's "router" is what chose the next hop (relayhost, transport_maps …)
  const route = plan.router ? `${plan.mta === 'postfix' ? 'next hop from' : 'router'} ${plan.router}${plan.transport ? ` → transport ${plan.transport}` : ''}` : `outcome ${plan.outcome}`;
  const lines = [`Delivery plan for ${plan.recipient}: ${route}; DNS: ${plan.resolver}.`];
  if (plan.stack) lines.push(`  stack: ${describeStack(plan.stack)}`);
  for (const a of plan.stackAssumptions ?? []) lines.push(`  ${describeStackAssumption(a)}`);
  for (const a of plan.assumptions) lines.push(`  assumed: ${a}`);
  for (const u of plan.uncertain) lines.push(`  not known: ${u}`);
  if (plan.reason) lines.push(`  ${plan.reason}`);
  return lines;
}

function verdictCell(a: AttemptResult, p: Palette): string {
  switch (a.verdict) {
    case 'ACCEPT':
      return a.leavesHost ? p.bad('ACCEPT') : p.good('ACCEPT (stays on this host)');
    case 'DROP':
    case 'REJECT':
      return p.good(a.verdict);
    case 'UNKNOWN':
      return p.uncertain('UNKNOWN');
  }
}

function decidedCell(a: AttemptResult): string {
  const by = a.decidedBy;
  if (by) {
    const where = by.policy ? `${by.table} ${by.chain} policy` : `${by.table} ${by.chain} rule ${by.rule}`;
    return `${where}${by.line !== undefined ? ` (line ${by.line})` : ''}${a.rewrittenTo ? `, nat → ${a.rewrittenTo}` : ''}`;
  }
  if (a.cause) return describeCause(a.cause);
  const u = a.trace?.uncertain[0];
  return u ? `depends on ${u.chain}${u.rule !== undefined ? ` rule ${u.rule}` : ''}${a.trace && a.trace.uncertain.length > 1 ? ` (+${a.trace.uncertain.length - 1})` : ''}` : '';
}

/** Who sends the packet: the MTA's uid on this host, or its container (a forwarded packet has no uid here). */
function sender(report: Report, shown: AttemptResult): string {
  const c = report.placement?.kind === 'container' ? report.placement.container : undefined;
  const out = shown.outInterface ? `, out of ${shown.outInterface.name} (route: ${shown.outInterface.route})` : '';
  return c ? `forwarded from ${c.addresses.join(', ') || 'the container'} in on ${c.bridge}${out}` : `uid ${shown.uid ?? 'unknown'}`;
}

function renderAttempts(attempts: AttemptResult[], p: Palette): string {
  const table = new Table({ head: ['#', 'host', 'address', 'IPv', 'port', 'verdict', 'decided by'], style: { head: [], border: [], compact: true } });
  for (const a of attempts) {
    table.push([String(a.order), `${a.host}${a.preference !== undefined ? ` (MX ${a.preference})` : ''}${a.fallback ? ' (fallback)' : ''}`, a.address ?? '?', String(a.family), String(a.port), verdictCell(a, p), decidedCell(a)]);
  }
  return table.toString();
}

/** One tree per family: the attempt the answer turns on (the leak, else the first traced one). */
function renderPaths(report: Report, p: Palette): string[] {
  const out: string[] = [];
  for (const family of [6, 4] as const) {
    const traced = report.attempts.filter((a) => a.family === family && a.trace);
    const shown = traced.find((a) => a.order === report.leaksVia) ?? traced.find((a) => a.verdict === 'ACCEPT') ?? traced[0];
    if (!shown?.trace) continue;
    const where = family === 6 ? `[${shown.address}]:${shown.port}` : `${shown.address}:${shown.port}`;
    out.push(p.strong(`Packet path of attempt ${shown.order}: ${shown.host} ${where}, IPv${family}, state NEW, ${sender(report, shown)} → ${shown.verdict}`));
    out.push(...(shown.trace.path.length > 0 ? renderTree(collapseTrace(shown.trace), p) : [shown.cause ? `  (no rule on its path: ${describeCause(shown.cause)})` : '  (no rule on its path was supplied)']));
    for (const note of shown.trace.notes) out.push(p.dim(`  note: ${note}`));
    out.push('');
  }
  return out;
}

function renderSuspects(report: Report, p: Palette): string[] {
  const out = [p.strong('What the answer depends on (most important first)')];
  report.suspects.forEach((s, i) => {
    const affects = s.attempts.length > 0 ? ` — ${s.family ? `IPv${s.family} ` : ''}attempt${s.attempts.length === 1 ? '' : 's'} ${s.attempts.join(', ')}` : '';
    out.push(`  ${i + 1}. ${describeSuspect(s)}${s.counters ? ` [${s.counters}]` : ''}${affects}`);
    if (s.line !== undefined && s.text !== undefined) out.push(p.dim(`     ${s.origin ?? ''}:${s.line}: ${s.text.trim()}`));
    if (s.command) out.push(`     supply: ${s.command}`);
  });
  return out;
}

function renderEvidence(e: Evidence): string {
  const where = e.line !== undefined ? `${e.origin}:${e.line}` : e.origin;
  const text = e.text !== undefined ? ` ${e.text.trim().replace(/\s+/g, ' ')}` : '';
  const counters = e.counters ? (e.counters.startsWith('[') ? ` ${e.counters}` : ` [${e.counters}]`) : '';
  const note = e.note ? `${text ? ' — ' : ' '}${e.note}` : '';
  return `${where}:${text}${counters}${note}`;
}

function renderFinding(f: Finding, p: Palette): string[] {
  const sev = f.severity === 'error' ? p.bad(f.severity) : f.severity === 'warning' ? p.uncertain(f.severity) : p.dim(f.severity);
  const out = [`  ${sev} ${p.strong(f.code)}: ${findingTitle(f)}`, `    ${findingMessage(f)}`];
  for (const e of f.evidence) out.push(p.dim(`    evidence: ${renderEvidence(e)}`));
  for (const a of findingAssumed(f)) out.push(`    assumed: ${a}`);
  const fix = findingFix(f);
  if (fix) out.push(...renderFix(fix, '    fix: ', '      '));
  return out;
}

function renderFix(fix: Fix, first: string, rest: string): string[] {
  return [`${first}${fix.summary}`, ...fix.lines.map((l) => (l === '' ? '' : `${rest}${l}`))];
}

function renderReadAs(report: Report, p: Palette): string[] {
  const out: string[] = [];
  for (const r of report.inputs) {
    const lines = r.lines > 1 ? `lines ${r.firstLine}-${r.firstLine + r.lines - 1}` : `line ${r.firstLine}`;
    out.push(p.dim(`read as: ${r.origin} ${lines}: ${r.summary} (${r.detectedBy})`));
  }
  for (const pr of report.problems) out.push(p.dim(`not read: ${pr.what}: ${pr.message}`));
  for (const line of renderDiagnostics(report.diagnostics)) out.push(p.dim(line));
  return out;
}

/** Many diagnostics of one code (a listing with a lost column on every line): the first in
 *  full, then the lines of the others, so the report stays readable. */
function renderDiagnostics(diagnostics: Diagnostic[]): string[] {
  const byCode = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    // grouped as printed: one code and the same sentence
    const key = `${d.code}\u0000${diagnosticMessage(d)}`;
    byCode.set(key, [...(byCode.get(key) ?? []), d]);
  }
  const out: string[] = [];
  for (const group of byCode.values()) {
    const [first, ...rest] = group;
    out.push(formatDiagnostic(first!));
    if (rest.length === 0) continue;
    const lines = rest.map((d) => d.loc?.line).filter((l) => l !== undefined);
    out.push(`    … and ${rest.length} more like it${lines.length > 0 ? ` (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')})` : ''}`);
  }
  return out;
}
