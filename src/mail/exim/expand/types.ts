// Values and inputs of the expansion evaluator. Three-valued like the firewall simulator: a text
// Exim would produce, a failure Exim would report (forced by `fail`, or an error such as a missing
// lookup file), or unknown — only what depends on something mailleak does not have.
import type { Branch, Seq } from './syntax.js';

export type Expanded =
  | { kind: 'text'; text: string }
  | { kind: 'failed'; forced: boolean; message: string }
  | { kind: 'unknown'; reason: string };

/** What the server's file system says about a path (read-only, injected: the core reads no disk). */
export type FileState =
  | { kind: 'file'; text: string }
  | { kind: 'dir'; entries: string[] }
  | { kind: 'absent' }
  /** it exists, and of its keys (a file) or entries (a directory) mailleak knows only that these are not among them */
  | { kind: 'partial'; form: 'file' | 'dir'; lacks: string[]; path: string }
  | { kind: 'unknown'; reason: string };

export type FileAccess = (path: string) => FileState;

/** Variables set inside an expansion: $value, $item, $0…$9. */
export type Scope = ReadonlyMap<string, string>;

/**
 * The evaluator of sequences, handed to the parts that hold strings (conditions, items, lookups,
 * operators): they and evaluate.ts call each other, and the parameter keeps their imports one way.
 */
export interface Evaluator {
  seq(seq: Seq, ctx: ExpandContext, scope: Scope): Expanded;
  branch(branch: Branch | undefined, ctx: ExpandContext, scope: Scope): Expanded;
}

export type ListKind = 'domain' | 'localpart' | 'address' | 'host';

export interface ExpandContext {
  /** a variable's value; undefined when mailleak does not know it (it makes the result unknown) */
  variable(name: string): string | undefined;
  file: FileAccess;
  /** Exim list matching (named lists, lookups) for match_domain & co; unknown when absent */
  matchList?(list: string, kind: ListKind, subject: string): 'yes' | 'no' | { unknown: string };
  /** a known stack function's documented normal result (`${perl{name}}`), or undefined */
  stackFunction?(name: string): string | undefined;
  /** an environment variable's value; undefined when not known */
  env?(name: string): string | undefined;
  /**
   * The same context where every unknown variable is ANY_VALUE: a file test on a path with an
   * unknown part is decided only when the stack says no such file exists, whatever the part.
   */
  anyValue?: ExpandContext;
}

/** Stands for a value mailleak does not know, inside a path only (never in a result). */
export const ANY_VALUE = '\u0001';

export const textOf = (text: string): Expanded => ({ kind: 'text', text });
export const unknownOf = (reason: string): Expanded => ({ kind: 'unknown', reason });
export const failedOf = (message: string, forced = false): Expanded => ({ kind: 'failed', forced, message });

/** A condition's value (expand.c eval_condition()). */
export type CondValue = { kind: 'bool'; value: boolean; scope?: ReadonlyMap<string, string> } | Exclude<Expanded, { kind: 'text' }>;

export const boolOf = (value: boolean): CondValue => ({ kind: 'bool', value });
