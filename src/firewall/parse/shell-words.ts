// Splits one line into words the way a shell (or iptables-restore) would, without executing
// anything: quotes, backslashes, comments, `$VAR`/`${VAR}` from a caller-supplied table. A
// command substitution or an unknown variable is never run or guessed: the word keeps its text
// and names what could not be expanded.

export interface ShellWord {
  /** the word after quote removal and expansion */
  text: string;
  /** 1-based column of the word's first character in the line */
  column: number;
  /** true when any part of the word was quoted: then it is a value, never an option */
  quoted: boolean;
  /** the first variable or substitution that could not be expanded (`$DNS`, `$(…)`) */
  unresolved?: string;
  /** a shell control operator (`;`, `&&`, `||`, `|`, `&`) rather than a word */
  operator?: boolean;
}

export interface SplitLine {
  words: ShellWord[];
  /** column where a `#` comment starts, when there is one */
  commentColumn?: number;
  /** a quote was still open at the end of the line */
  unterminatedQuote?: boolean;
}

/**
 * 'shell': POSIX sh quoting, `#` comments, operators, redirections dropped.
 * 'restore': iptables-restore's rule tokenizer (xshared.c add_param_to_argv): only `"` quotes,
 * a backslash escapes the next character inside quotes only, `'` and `#` are ordinary.
 */
export type SplitMode = 'shell' | 'restore';

/**
 * A variable's value: `undefined` when the text never sets it, `null` when it is set to
 * something not known here (`X=$(curl …)`). `name` may be a positional parameter: `1`, `@`, `#`.
 */
export type VariableLookup = (name: string) => string | undefined | null;

/** `$(which iptables)`, `$(command -v ip6tables)`: the program's own name is its value's last part. */
const PROGRAM_LOOKUP = /^\s*(?:which|command\s+-v|type\s+-[Pp])\s+([\w./-]+)\s*(?:2>\s*\/dev\/null\s*)?$/;

const OPERATORS = ['&&', '||', ';;', ';', '|', '&'];
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

interface Cursor {
  line: string;
  i: number;
}

interface Dollar {
  raw: string;
  name?: string;
  /** `${NAME:-word}`: the value when NAME is not set */
  fallback?: string;
  /** `$(which iptables)`: the program named */
  program?: string;
}

/** Reads `$NAME`, `${NAME}`, `${NAME:-x}`, `$1`, `$@`, `$(…)`, `$((…))` at cursor (on the `$`). */
function readDollar(c: Cursor): Dollar {
  const start = c.i;
  const next = c.line[c.i + 1] ?? '';
  if (next === '{') {
    const end = c.line.indexOf('}', c.i + 2);
    c.i = end < 0 ? c.line.length : end + 1;
    const inner = c.line.slice(start + 2, end < 0 ? undefined : end);
    const raw = c.line.slice(start, c.i);
    if (/^(?:[A-Za-z_]\w*|\d+|[@*#])$/.test(inner)) return { raw, name: inner };
    // ${IPTABLES:-/sbin/iptables}: a literal default only (the shell would expand anything else)
    const dflt = /^([A-Za-z_]\w*):?[-=]([\w./:@+,-]*)$/.exec(inner);
    return dflt ? { raw, name: dflt[1]!, fallback: dflt[2]! } : { raw };
  }
  if (next === '(') {
    let depth = 0;
    let j = c.i + 1;
    for (; j < c.line.length; j++) {
      if (c.line[j] === '(') depth++;
      else if (c.line[j] === ')' && --depth === 0) break;
    }
    c.i = Math.min(j + 1, c.line.length);
    const program = PROGRAM_LOOKUP.exec(c.line.slice(start + 2, j))?.[1];
    return { raw: c.line.slice(start, c.i), ...(program ? { program } : {}) };
  }
  if (NAME_START.test(next)) {
    let j = c.i + 1;
    while (j < c.line.length && NAME_CHAR.test(c.line[j]!)) j++;
    c.i = j;
    return { raw: c.line.slice(start, j), name: c.line.slice(start + 1, j) };
  }
  if (/[0-9#?@*!$-]/.test(next) && next !== '') {
    c.i += 2;
    return { raw: c.line.slice(start, c.i), ...(/[0-9@*#]/.test(next) ? { name: next } : {}) };
  }
  c.i += 1;
  return { raw: '$', name: '' };
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

interface WordBuilder {
  text: string;
  column: number;
  quoted: boolean;
  unresolved?: string;
  started: boolean;
}

function newWord(column: number): WordBuilder {
  return { text: '', column, quoted: false, started: false };
}

function expandInto(w: WordBuilder, c: Cursor, lookup: VariableLookup | undefined): void {
  const d = readDollar(c);
  if (d.name === '') { w.text += '$'; return; }
  let value = d.name !== undefined && lookup ? lookup(d.name) : undefined;
  if (value === undefined) value = d.fallback ?? d.program;
  if (typeof value === 'string') w.text += value;
  else {
    w.text += d.raw;
    w.unresolved ??= d.raw;
  }
}

/** Reads a `{{ … }}` template placeholder (Jinja, Ansible) as part of the current word. */
function readTemplate(w: WordBuilder, c: Cursor): boolean {
  if (!c.line.startsWith('{{', c.i)) return false;
  const end = c.line.indexOf('}}', c.i + 2);
  const stop = end < 0 ? c.line.length : end + 2;
  const raw = c.line.slice(c.i, stop);
  w.text += raw;
  w.unresolved ??= raw;
  c.i = stop;
  return true;
}

/** Skips a redirection such as `>/dev/null`, `2>&1`, `>> log` (the fd digits are already in `w`). */
function skipRedirection(c: Cursor): void {
  while (c.line[c.i] === '>' || c.line[c.i] === '<' || c.line[c.i] === '&') c.i++;
  while (isSpace(c.line[c.i] ?? '')) c.i++;
  while (c.i < c.line.length && !isSpace(c.line[c.i]!) && !';|&'.includes(c.line[c.i]!)) c.i++;
}

export function splitShellWords(line: string, mode: SplitMode = 'shell', lookup?: VariableLookup): SplitLine {
  const shell = mode === 'shell';
  const words: ShellWord[] = [];
  const c: Cursor = { line, i: 0 };
  let w = newWord(1);
  let quote: '"' | "'" | undefined;
  let commentColumn: number | undefined;
  const finish = (): void => {
    if (w.started) words.push({ text: w.text, column: w.column, quoted: w.quoted, ...(w.unresolved ? { unresolved: w.unresolved } : {}) });
    w = newWord(c.i + 1);
  };
  while (c.i < line.length) {
    const ch = line[c.i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else w.text += ch;
      c.i++;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') { quote = undefined; c.i++; continue; }
      if (ch === '\\' && c.i + 1 < line.length) {
        const next = line[c.i + 1]!;
        // sh: only $ ` " \ are escapable inside "…"; restore: any character
        if (!shell || '$`"\\'.includes(next)) { w.text += next; c.i += 2; continue; }
      }
      if (shell && ch === '$') { expandInto(w, c, lookup); continue; }
      w.text += ch;
      c.i++;
      continue;
    }
    if (isSpace(ch)) { finish(); c.i++; w.column = c.i + 1; continue; }
    if (!w.started) w.column = c.i + 1;
    if (readTemplate(w, c)) { w.started = true; continue; }
    if (ch === '"') { quote = '"'; w.quoted = true; w.started = true; c.i++; continue; }
    if (!shell) { w.text += ch; w.started = true; c.i++; continue; }
    if (ch === "'") { quote = "'"; w.quoted = true; w.started = true; c.i++; continue; }
    if (ch === '#' && !w.started) { commentColumn = c.i + 1; break; }
    if (ch === '\\') {
      if (c.i + 1 < line.length) w.text += line[c.i + 1];
      w.quoted = true;
      w.started = true;
      c.i += 2;
      continue;
    }
    if (ch === '>' || ch === '<' || (ch === '&' && line[c.i + 1] === '>')) {
      if (w.started && !/^\d+$/.test(w.text)) finish();
      w = newWord(c.i + 1);
      skipRedirection(c);
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, c.i));
    if (op) {
      finish();
      words.push({ text: op, column: c.i + 1, quoted: false, operator: true });
      c.i += op.length;
      w = newWord(c.i + 1);
      continue;
    }
    if (ch === '$') { w.started = true; expandInto(w, c, lookup); continue; }
    if (ch === '`') {
      const end = line.indexOf('`', c.i + 1);
      const stop = end < 0 ? line.length : end + 1;
      const program = end < 0 ? undefined : PROGRAM_LOOKUP.exec(line.slice(c.i + 1, end))?.[1];
      w.text += program ?? line.slice(c.i, stop);
      if (!program) w.unresolved ??= line.slice(c.i, stop);
      w.started = true;
      c.i = stop;
      continue;
    }
    w.text += ch;
    w.started = true;
    c.i++;
  }
  finish();
  return { words, ...(commentColumn !== undefined ? { commentColumn } : {}), ...(quote ? { unterminatedQuote: true } : {}) };
}

/** Requotes a value for evidence text: unquoted when it is plain, else "…" with escapes. */
export function quoteWord(text: string): string {
  if (text !== '' && /^[A-Za-z0-9_.:,/+=@%!-]+$/.test(text)) return text;
  // most comments need no escape: skip the replace (called for every --comment of a deny list)
  if (!text.includes('"') && !text.includes('\\')) return `"${text}"`;
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}
