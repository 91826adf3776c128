// The state of one pass over a rule specification's words, and the helpers every option
// handler shares: taking values, recording unknown text, diagnostics with columns.
import type { Diagnostic, DiagnosticArgs, DiagnosticCode, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { AddressSpec } from '../address.js';
import type { Counters, Family, Match } from '../model.js';
import type { ModuleUse } from './rule-spec-modules.js';
import type { TargetUse } from './rule-spec-targets.js';
import type { ShellWord } from './shell-words.js';

/** What a rule specification is read against: its family when known, and where it is. */
export interface RuleSpecContext {
  family?: Family;
  loc: SourceLoc;
}

/** What the rule says so far, in the order written: a match, a module's options, or -s/-d lists. */
export type Item = { kind: 'match'; match: Match } | { kind: 'module'; use: ModuleUse } | { kind: 'address'; dir: 'src' | 'dst'; negated: boolean; specs: AddressSpec[] };

/** An option word such as `-p` or `--dport` (quoted words and negative numbers are values). */
export function isOptionWord(w: ShellWord | undefined): boolean {
  if (!w || w.quoted || w.operator) return false;
  // `-x` or `--x`, but not a negative number such as `-1` (character tests: called for every word)
  const t = w.text;
  if (t.length < 2 || t.charCodeAt(0) !== 45) return false;
  const c = t.charCodeAt(1);
  const digit = c >= 48 && c <= 57;
  if (!(c === 45 || digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  return !digit || !/^-\d+$/.test(t);
}

export interface Walk {
  words: readonly ShellWord[];
  i: number;
  ctx: RuleSpecContext;
  items: Item[];
  modules: ModuleUse[];
  protocol?: number | 'all';
  target?: TargetUse;
  /** matches and targets in the order -m/-p/-j loaded them: iptables offers an option to each */
  loaded: (ModuleUse | TargetUse)[];
  counters?: Counters;
  familyHint?: Family;
  diagnostics: Diagnostic[];
}

export function warn<C extends DiagnosticCode>(w: Walk, code: C, args: DiagnosticArgs<C>, word: ShellWord | undefined): void {
  w.diagnostics.push(diagnostic(code, args, { ...w.ctx.loc, ...(word ? { column: word.column } : {}) }, 'warning'));
}

export function hint(w: Walk, family: Family | undefined): void {
  if (family !== undefined) w.familyHint ??= family;
}

/** Takes `count` value words after the option (skipping an old-style `--opt ! value` negation). */
export function takeArgs(w: Walk, count: number | 'any', negated: { value: boolean }): ShellWord[] {
  const next = w.words[w.i];
  if (count !== 0 && next && !next.quoted && next.text === '!' && w.words[w.i + 1] && !isOptionWord(w.words[w.i + 1])) {
    negated.value = !negated.value;
    w.i++;
  }
  const args: ShellWord[] = [];
  while (w.i < w.words.length && (count === 'any' || args.length < count)) {
    const a = w.words[w.i]!;
    if (a.operator || isOptionWord(a) || (!a.quoted && a.text === '!')) break;
    args.push(a);
    w.i++;
  }
  return args;
}

export function unknownMatch(w: Walk, text: string, module?: string): void {
  w.items.push({ kind: 'match', match: { kind: 'unknown', ...(module ? { module } : {}), text } });
}

