// The words of an explain report, without colour or layout: the text renderer
// (explain-text.ts) lays them out for a terminal, the web page (src/web) as HTML. Each returns
// plain strings, or a tone the caller turns into colour; no decision is taken on the words.
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticMessage, formatDiagnostic } from './diagnostic-text.js';
import type { Evidence, Fix } from '../analyses/explain/findings/types.js';
import type { AttemptResult, InputReading, Report, Suspect } from '../analyses/explain/types.js';
import type { CollectionProblem } from '../input/collected.js';
import { mtaName } from '../analyses/explain/findings/mta-terms.js';
import { describeSuspect } from '../analyses/explain/suspect-text.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';
import { describeStack, describeStackAssumption } from './stack-assumption-text.js';
import { describeMtaChoice } from './mta-choice-text.js';
import type { MtaChoice } from '../input/which-mta.js';

/** How a piece of text is coloured: a terminal palette or the page's CSS classes. */
export type Tone = 'good' | 'bad' | 'uncertain' | 'dim' | 'plain';

export function answerTone(report: Report): Tone {
  switch (report.verdict) {
    case 'leaks':
      return 'bad';
    case 'blocked':
      return 'good';
    case 'uncertain':
      return 'uncertain';
  }
}

export function describePlan(report: Report): string[] {
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

export function attemptsHeading(report: Report): string {
  return `Connection attempts (in the order ${mtaName(report.plan.mta)} tries them; after a failure it tries the next)`;
}

export const ATTEMPT_COLUMNS = ['#', 'host', 'address', 'IPv', 'port', 'verdict', 'decided by'] as const;

export function describeAttemptHost(a: AttemptResult): string {
  return `${a.host}${a.preference !== undefined ? ` (MX ${a.preference})` : ''}${a.fallback ? ' (fallback)' : ''}`;
}

export function describeAttemptVerdict(a: AttemptResult): { text: string; tone: Tone } {
  switch (a.verdict) {
    case 'ACCEPT':
      return a.leavesHost ? { text: 'ACCEPT', tone: 'bad' } : { text: 'ACCEPT (stays on this host)', tone: 'good' };
    case 'DROP':
    case 'REJECT':
      return { text: a.verdict, tone: 'good' };
    case 'UNKNOWN':
      return { text: 'UNKNOWN', tone: 'uncertain' };
  }
}

export function describeDecidedBy(a: AttemptResult): string {
  const by = a.decidedBy;
  if (by) {
    const chain = `${by.table} ${by.chain}${by.backend === 'legacy' ? ' (iptables-legacy)' : ''}`;
    const where = by.policy ? `${chain} policy` : `${chain} rule ${by.rule}`;
    return `${where}${by.line !== undefined ? ` (line ${by.line})` : ''}${a.rewrittenTo ? `, nat → ${a.rewrittenTo}` : ''}`;
  }
  if (a.cause) return describeCause(a.cause);
  const u = a.trace?.uncertain[0];
  return u ? `depends on ${u.chain}${u.rule !== undefined ? ` rule ${u.rule}` : ''}${a.trace && a.trace.uncertain.length > 1 ? ` (+${a.trace.uncertain.length - 1})` : ''}` : '';
}

/** Who sends the packet: the MTA's uid on this host, or its container (a forwarded packet has no uid here). */
function describeSender(report: Report, shown: AttemptResult): string {
  const c = report.placement?.kind === 'container' ? report.placement.container : undefined;
  const out = shown.outInterface ? `, out of ${shown.outInterface.name} (route: ${shown.outInterface.route})` : '';
  return c ? `forwarded from ${c.addresses.join(', ') || 'the container'} in on ${c.bridge}${out}` : `uid ${shown.uid ?? 'unknown'}`;
}

export interface ShownPath {
  attempt: AttemptResult;
  heading: string;
  /** when the path holds no rule: why */
  empty?: string;
}

/** One path per family: the attempt the answer turns on (the leak, else the first traced one). */
export function choosePaths(report: Report): ShownPath[] {
  const out: ShownPath[] = [];
  for (const family of [6, 4] as const) {
    const traced = report.attempts.filter((a) => a.family === family && a.trace);
    const shown = traced.find((a) => a.order === report.leaksVia) ?? traced.find((a) => a.verdict === 'ACCEPT') ?? traced[0];
    if (!shown?.trace) continue;
    const where = family === 6 ? `[${shown.address}]:${shown.port}` : `${shown.address}:${shown.port}`;
    const path: ShownPath = { attempt: shown, heading: `Packet path of attempt ${shown.order}: ${shown.host} ${where}, IPv${family}, state NEW, ${describeSender(report, shown)} → ${shown.verdict}` };
    if (shown.trace.path.length === 0) path.empty = shown.cause ? `(no rule on its path: ${describeCause(shown.cause)})` : '(no rule on its path was supplied)';
    out.push(path);
  }
  return out;
}

export const SUSPECTS_HEADING = 'What the answer depends on (most important first)';

/** A suspect in one line ("1. …"), its source line, and the command that would settle it. */
export function describeSuspectLines(s: Suspect, i: number): { line: string; where?: string; supply?: string } {
  const affects = s.attempts.length > 0 ? ` — ${s.family ? `IPv${s.family} ` : ''}attempt${s.attempts.length === 1 ? '' : 's'} ${s.attempts.join(', ')}` : '';
  const out: { line: string; where?: string; supply?: string } = { line: `${i + 1}. ${describeSuspect(s)}${s.counters ? ` [${s.counters}]` : ''}${affects}` };
  if (s.line !== undefined && s.text !== undefined) out.where = `${s.origin ?? ''}:${s.line}: ${s.text.trim()}`;
  if (s.command) out.supply = `supply: ${s.command}`;
  return out;
}

export function findingsHeading(count: number): string {
  return `Findings (${count})`;
}

export const FIXES_HEADING = 'Recommended fix (mailleak only prints it; it changes nothing)';

export function describeEvidence(e: Evidence): string {
  const where = e.line !== undefined ? `${e.origin}:${e.line}` : e.origin;
  const text = e.text !== undefined ? ` ${e.text.trim().replace(/\s+/g, ' ')}` : '';
  const counters = e.counters ? (e.counters.startsWith('[') ? ` ${e.counters}` : ` [${e.counters}]`) : '';
  const note = e.note ? `${text ? ' — ' : ' '}${e.note}` : '';
  return `${where}:${text}${counters}${note}`;
}

export function describeFix(fix: Fix, first: string, rest: string): string[] {
  return [`${first}${fix.summary}`, ...fix.lines.map((l) => (l === '' ? '' : `${rest}${l}`))];
}

export function describeReading(r: InputReading): string {
  const lines = r.lines > 1 ? `lines ${r.firstLine}-${r.firstLine + r.lines - 1}` : `line ${r.firstLine}`;
  return `read as: ${r.origin} ${lines}: ${r.summary} (${r.detectedBy})`;
}

/** Which MTA the host runs, when live mode or a bundle had to decide it */
export function describeMtaReading(mta: MtaChoice): string {
  return `read as: MTA ${describeMtaChoice(mta)}`;
}

export function describeProblem(pr: CollectionProblem): string {
  return `not read: ${pr.what}: ${pr.message}`;
}

/** Many diagnostics of one code (a listing with a lost column on every line): the first in
 *  full, then the lines of the others, so the report stays readable. */
export function groupDiagnostics(diagnostics: Diagnostic[]): { first: Diagnostic; text: string[] }[] {
  const byCode = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    // grouped as printed: one code and the same sentence
    const key = `${d.code}\u0000${diagnosticMessage(d)}`;
    byCode.set(key, [...(byCode.get(key) ?? []), d]);
  }
  const out: { first: Diagnostic; text: string[] }[] = [];
  for (const group of byCode.values()) {
    const [first, ...rest] = group;
    const text = [formatDiagnostic(first!)];
    if (rest.length > 0) {
      const lines = rest.map((d) => d.loc?.line).filter((l) => l !== undefined);
      text.push(`    … and ${rest.length} more like it${lines.length > 0 ? ` (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')})` : ''}`);
    }
    out.push({ first: first!, text });
  }
  return out;
}
