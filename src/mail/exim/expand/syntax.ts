// The syntax tree of an Exim string expansion (spec chapter "String expansions"; expand.c
// expand_string_internal()). Parsing is separate from evaluation so that a branch mailleak cannot
// choose between (an unknown condition) can be evaluated both ways without re-reading the text.

/** A concatenation of parts: the text between braces, or a whole option value. */
export type Seq = Part[];

export type Part =
  | { t: 'text'; text: string }
  /** `$name`, `${name}`; headers (`$h_subject:`) are named with their prefix */
  | { t: 'var'; name: string }
  /** `${op:arg}` such as `${lc:…}`, `${length_3:…}`, `${quote_mysql:…}` */
  | { t: 'op'; name: string; arg: Seq }
  | { t: 'if'; cond: Cond; yes?: Seq; no?: Branch }
  /** single-key (`${lookup{key}lsearch{file}}`) or query-style (`${lookup mysql{query}}`) */
  | { t: 'lookup'; type: string; key?: Seq; source: Seq; yes?: Seq; no?: Branch }
  /** every other `${name{arg}…}` item; `fail` after the arguments is kept in `failAfter` */
  | { t: 'item'; name: string; options: string; args: Seq[]; failAfter: boolean; cond?: Cond };

/** The "no" branch: a string or the keyword `fail` (forced failure). */
export type Branch = Seq | 'fail';

export type Cond =
  | { t: 'not'; cond: Cond }
  | { t: 'and' | 'or'; conds: Cond[] }
  | { t: 'forall' | 'forany'; list: Seq; cond: Cond }
  /** `def:name` (`def:h_subject`); `def:$x` is not valid Exim */
  | { t: 'def'; name: string }
  /** every other condition: eq, ==, match, exists, inlist, bool… with its brace arguments */
  | { t: 'test'; name: string; args: Seq[] };

export const text = (s: string): Part => ({ t: 'text', text: s });
