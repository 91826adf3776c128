// The trace as it is shown: runs of consecutive non-matching rules collapsed into one entry
// ("DENYOUT rules 1–100000: no match"), so a 100,000-rule deny list reads as a few lines.
//
// Why here, as a pure function over TraceResult, and not in the simulator or in each renderer:
// - the simulator keeps recording every rule visited, because the findings read the full path
//   (pathRules: evidence of ESTABLISHED and source-port rules the packet passed), and
//   `trace --full` shows it; collapsing while walking would lose that and touch the hot loop;
// - the text trace, explain's packet tree and both JSON forms must collapse the same runs, so the
//   rule for what collapses (and what always stays visible) is written once, here, and tested once.
import type { TableName } from '../model.js';
import type { DecidedBy, TraceResult, TraceStep } from './types.js';

/**
 * Runs shorter than this stay rule by rule. 20: the demo's longest run (8 rules of the
 * ServerFault OUTPUT chain) and every other golden transcript print as before, and a chain a
 * person can read at a glance (a screenful) is never collapsed; deny lists are thousands long.
 */
export const MIN_COLLAPSED_RUN = 20;

/** `count` consecutive rules `from`–`to` of one chain (1-based, as --line-numbers prints) that did not match. */
export interface NoMatchRun {
  kind: 'no-match-run';
  table: TableName;
  chain: string;
  from: number;
  to: number;
  count: number;
  /** source lines of the first and the last rule of the run, when known */
  firstLine?: number;
  lastLine?: number;
  /** nesting depth of user chains (0 = builtin chain), as in TraceStep */
  depth: number;
  /** as TraceStep.backend */
  backend?: 'legacy';
}

export type TraceEntry = { kind: 'step'; step: TraceStep } | NoMatchRun;

export interface CollapseOptions {
  /** collapse runs of at least this many rules (default MIN_COLLAPSED_RUN); Infinity keeps every rule */
  minRun?: number;
}

type RuleRef = { table: TableName; chain: string; rule?: number };

function ruleKey(r: RuleRef): string {
  return `${r.table}:${r.chain}:${r.rule}`;
}

/**
 * Rules that stay visible even when the primary path passed them without a match: the deciding
 * rule, a nat rewrite, and every rule an uncertainty names (a maybe met on a forked branch).
 */
function pinnedRules(result: TraceResult): Set<string> {
  const pinned: (DecidedBy | RuleRef)[] = [...result.uncertain];
  if (result.decidedBy) pinned.push(result.decidedBy);
  if (result.rewrittenTo) pinned.push(result.rewrittenTo.byRule);
  return new Set(pinned.filter((r) => 'rule' in r && r.rule !== undefined).map(ruleKey));
}

/** A step that may be collapsed: a plain no-match rule with nothing to say about it. */
function isCollapsible(step: TraceStep, pinned: ReadonlySet<string>): boolean {
  return step.result === 'no-match' && !step.policy && step.rule !== undefined && step.reason === undefined && !pinned.has(ruleKey(step));
}

/** The next step continues the run: same chain and depth, the very next rule position. */
function continuesRun(prev: TraceStep, next: TraceStep): boolean {
  return next.table === prev.table && next.chain === prev.chain && next.backend === prev.backend && next.depth === prev.depth && next.rule === prev.rule! + 1;
}

function runEntry(first: TraceStep, last: TraceStep, count: number): NoMatchRun {
  const run: NoMatchRun = { kind: 'no-match-run', table: first.table, chain: first.chain, from: first.rule!, to: last.rule!, count, depth: first.depth };
  if (first.backend) run.backend = first.backend;
  if (first.line !== undefined) run.firstLine = first.line;
  if (last.line !== undefined) run.lastLine = last.line;
  return run;
}

/**
 * The path with every run of at least `minRun` consecutive non-matching rules of one chain
 * collapsed into a NoMatchRun. Matches (the deciding rule, every jump taken), maybes, policies
 * and steps with a reason are never collapsed; neither is a rule the result names (pinnedRules).
 */
export function collapseTrace(result: TraceResult, options: CollapseOptions = {}): TraceEntry[] {
  const minRun = options.minRun ?? MIN_COLLAPSED_RUN;
  const path = result.path;
  const pinned = pinnedRules(result);
  const out: TraceEntry[] = [];
  let i = 0;
  while (i < path.length) {
    const first = path[i]!;
    let end = i + 1;
    if (isCollapsible(first, pinned)) {
      while (end < path.length && isCollapsible(path[end]!, pinned) && continuesRun(path[end - 1]!, path[end]!)) end++;
    }
    if (end - i >= minRun) out.push(runEntry(first, path[end - 1]!, end - i));
    else for (let j = i; j < end; j++) out.push({ kind: 'step', step: path[j]! });
    i = end;
  }
  return out;
}
