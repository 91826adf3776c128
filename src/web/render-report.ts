// The explain report as DOM: the same parts and words as `mailleak explain` (explain-wording.ts,
// the findings' wording, the tree's labels), laid out as headings, a table, nested lists and
// links to the lines of the inputs. Reads the report's data only.
import type { Finding } from '../analyses/explain/findings/types.js';
import { findingAssumed, findingFix, findingMessage, findingTitle } from '../analyses/explain/findings/wording.js';
import type { AttemptResult, Report } from '../analyses/explain/types.js';
import { collapseTrace, type TraceEntry } from '../firewall/simulate/collapse.js';
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
} from '../report/explain-wording.js';
import { PLAIN_PALETTE } from '../report/plain-palette.js';
import { buildTree, labelTraceEntry, type Node as TreeNode } from '../report/tree.js';
import { el } from './dom.js';

/** A link to line LINE of the input named ORIGIN, or plain text when the page does not hold it. */
export type LineLinker = (origin: string, line: number | undefined, text: string) => HTMLElement;

export function renderReport(report: Report, link: LineLinker): HTMLElement {
  const root = el('div', { class: 'report' });
  root.append(el('p', { class: `answer tone-${answerTone(report)}`, id: 'verdict' }, report.answer));
  root.append(section('Delivery plan', el('pre', { class: 'plan' }, describePlan(report).join('\n'))));
  if (report.attempts.length > 0) root.append(section(attemptsHeading(report), renderAttempts(report.attempts)));
  for (const shown of choosePaths(report)) {
    const trace = shown.attempt.trace!;
    const body = shown.empty === undefined ? renderTree(collapseTrace(trace), report, shown.attempt, link) : el('p', {}, shown.empty);
    root.append(section(shown.heading, body, ...trace.notes.map((n) => el('p', { class: 'tone-dim' }, `note: ${n}`))));
  }
  if (report.verdict === 'uncertain' && report.suspects.length > 0) root.append(section(SUSPECTS_HEADING, renderSuspects(report, link)));
  if (report.findings.length > 0) root.append(section(findingsHeading(report.findings.length), ...report.findings.map((f) => renderFinding(f, link))));
  if (report.fixes.length > 0) root.append(section(FIXES_HEADING, el('pre', { class: 'fix' }, report.fixes.flatMap((fix, i) => describeFix(fix, `${i + 1}. `, '   ')).join('\n'))));
  root.append(section('How the inputs were read', renderReadAs(report, link)));
  return root;
}

function section(title: string, ...body: HTMLElement[]): HTMLElement {
  return el('section', { class: 'part' }, el('h2', {}, title), ...body);
}

function renderAttempts(attempts: AttemptResult[]): HTMLElement {
  const head = el('tr', {}, ...ATTEMPT_COLUMNS.map((c) => el('th', { scope: 'col' }, c)));
  const rows = attempts.map((a) => {
    const verdict = describeAttemptVerdict(a);
    return el('tr', {}, el('td', {}, String(a.order)), el('td', {}, describeAttemptHost(a)), el('td', {}, a.address ?? '?'), el('td', {}, String(a.family)), el('td', {}, String(a.port)), el('td', { class: `tone-${verdict.tone}` }, verdict.text), el('td', {}, describeDecidedBy(a)));
  });
  return el('div', { class: 'scroll', role: 'region', 'aria-label': 'connection attempts', tabindex: '0' }, el('table', { class: 'attempts' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

/** The input a traced line came from: the one firewall reading of the attempt's family whose lines hold it. */
function originOfLine(report: Report, family: number, line: number): string | undefined {
  const holding = report.inputs.filter((r) => (r.family === undefined || r.family === family) && line >= r.firstLine && line < r.firstLine + r.lines && r.kind !== 'dns-records');
  const origins = [...new Set(holding.map((r) => r.origin))];
  return origins.length === 1 ? origins[0] : undefined;
}

function lineOf(entry: TraceEntry): number | undefined {
  switch (entry.kind) {
    case 'step':
      return entry.step.line;
    case 'no-match-run':
      return entry.firstLine;
  }
}

function renderTree(path: TraceEntry[], report: Report, attempt: AttemptResult, link: LineLinker): HTMLElement {
  const box = el('div', { class: 'tree' });
  const item = (node: TreeNode): HTMLElement => {
    const label = labelTraceEntry(node.entry, PLAIN_PALETTE);
    const line = lineOf(node.entry);
    const origin = line === undefined ? undefined : originOfLine(report, attempt.family, line);
    const tone = node.entry.kind === 'step' ? resultTone(node.entry.step.result) : 'dim';
    const li = el('li', { class: `tone-${tone}` }, origin === undefined ? label : link(origin, line, label));
    if (node.children.length > 0) li.append(el('ul', {}, ...node.children.map(item)));
    return li;
  };
  for (const root of buildTree(path)) box.append(el('p', { class: 'chain' }, root.title), el('ul', {}, ...root.children.map(item)));
  return box;
}

function resultTone(result: 'match' | 'no-match' | 'maybe'): string {
  switch (result) {
    case 'match':
      return 'good';
    case 'no-match':
      return 'dim';
    case 'maybe':
      return 'uncertain';
  }
}

function renderSuspects(report: Report, link: LineLinker): HTMLElement {
  // a list without bullets: the words number the suspects themselves
  return el('ul', { class: 'suspects' }, ...report.suspects.map((s, i) => {
    const lines = describeSuspectLines(s, i);
    const li = el('li', {}, el('p', {}, lines.line));
    if (lines.where !== undefined) li.append(el('p', { class: 'tone-dim' }, s.origin !== undefined ? link(s.origin, s.line, lines.where) : lines.where));
    if (lines.supply !== undefined) li.append(el('p', {}, el('code', {}, lines.supply)));
    return li;
  }));
}

function renderFinding(f: Finding, link: LineLinker): HTMLElement {
  const box = el('article', { class: `finding severity-${f.severity}` });
  box.append(el('h3', {}, el('span', { class: 'severity' }, f.severity), ' ', el('code', {}, f.code), `: ${findingTitle(f)}`));
  box.append(el('p', {}, findingMessage(f)));
  if (f.evidence.length > 0) box.append(el('ul', { class: 'evidence', 'aria-label': 'evidence' }, ...f.evidence.map((e) => el('li', {}, 'evidence: ', link(e.origin, e.line, describeEvidence(e))))));
  for (const a of findingAssumed(f)) box.append(el('p', {}, `assumed: ${a}`));
  const fix = findingFix(f);
  if (fix) box.append(el('pre', { class: 'fix' }, describeFix(fix, 'fix: ', '  ').join('\n')));
  return box;
}

function renderReadAs(report: Report, link: LineLinker): HTMLElement {
  const list = el('ul', { class: 'read-as' });
  if (report.mta) list.append(el('li', {}, describeMtaReading(report.mta)));
  for (const r of report.inputs) list.append(el('li', {}, link(r.origin, r.firstLine, describeReading(r))));
  for (const pr of report.problems) list.append(el('li', { class: 'tone-uncertain' }, describeProblem(pr)));
  for (const group of groupDiagnostics(report.diagnostics)) {
    const loc = group.first.loc;
    const text = group.text.join('\n');
    list.append(el('li', { class: 'diagnostic' }, el('pre', {}, loc?.origin !== undefined ? link(loc.origin, loc.line, text) : text)));
  }
  return list;
}
