// Mutations of real texts, as fast-check arbitraries so that a failure shrinks to the fewest
// operations. Each operation is what happens to pastes in practice: terminals cut and wrap
// lines, editors add CRLF and tabs, chat tools add colour codes and odd Unicode, people delete
// columns or lines, counters on a long-running box grow past 2^64 in a broken tool.
import fc from 'fast-check';

export type Mutation =
  | { op: 'truncate-line'; line: number; at: number }
  | { op: 'join-lines'; line: number }
  | { op: 'swap-lines'; line: number; other: number }
  | { op: 'delete-line'; line: number }
  | { op: 'duplicate-line'; line: number }
  | { op: 'delete-column'; line: number; column: number }
  | { op: 'redact-token'; line: number; column: number; with: string }
  | { op: 'crlf' }
  | { op: 'tabs'; line: number }
  | { op: 'ansi'; line: number; column: number; code: string }
  | { op: 'unicode'; line: number; at: number; char: string }
  | { op: 'overflow-counter'; line: number; column: number; value: string }
  | { op: 'long-line'; line: number; char: string; length: number }
  | { op: 'insert-noise'; line: number; noise: string }
  | { op: 'cut-text'; at: number };

/** Mutations that only change how the text looks: the answer must stay exactly the same. */
export const COSMETIC_OPS = new Set<Mutation['op']>(['crlf', 'tabs', 'ansi', 'overflow-counter']);
/** Mutations that remove information: an answer may become UNKNOWN but never flip. */
export const LOSSY_OPS = new Set<Mutation['op']>(['truncate-line', 'delete-column', 'redact-token', 'cut-text']);

const UNICODE = ['\u00a0', '\u200b', '\u200e', '\u202e', '\ufeff', '\u2028', '\u0085', 'é', 'ß', '→', '😀', '\ud800', '\u0000', '\u001b', '\r', '\u3000', 'Ａ'];
const ANSI = ['\u001b[1;32m', '\u001b[0m', '\u001b[31m', '\u001b[m', '\u001b]0;title\u0007', '\u001b[2K', '\u001b[38;5;208m'];
const OVERFLOW = ['18446744073709551616', '18446744073709551615', '99999999999999999999999999', '-1', '1e400', '9007199254740993', '18446744073709551616K'];
const REDACTIONS = ['x.x.x.x', '192.x.x.x', '***', 'XXX', '[redacted]', '<ip>', '…', ''];

const pos = fc.nat({ max: 1_000_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate-line' as const), line: pos, at: pos }),
  fc.record({ op: fc.constant('join-lines' as const), line: pos }),
  fc.record({ op: fc.constant('swap-lines' as const), line: pos, other: pos }),
  fc.record({ op: fc.constant('delete-line' as const), line: pos }),
  fc.record({ op: fc.constant('duplicate-line' as const), line: pos }),
  fc.record({ op: fc.constant('delete-column' as const), line: pos, column: pos }),
  fc.record({ op: fc.constant('redact-token' as const), line: pos, column: pos, with: fc.constantFrom(...REDACTIONS) }),
  fc.record({ op: fc.constant('crlf' as const) }),
  fc.record({ op: fc.constant('tabs' as const), line: pos }),
  fc.record({ op: fc.constant('ansi' as const), line: pos, column: pos, code: fc.constantFrom(...ANSI) }),
  fc.record({ op: fc.constant('unicode' as const), line: pos, at: pos, char: fc.constantFrom(...UNICODE) }),
  fc.record({ op: fc.constant('overflow-counter' as const), line: pos, column: pos, value: fc.constantFrom(...OVERFLOW) }),
  fc.record({ op: fc.constant('long-line' as const), line: pos, char: fc.constantFrom('A', ' ', '-', '0', '!', '(', '\\', '"'), length: fc.constantFrom(10_000, 12_345) }),
  fc.record({ op: fc.constant('insert-noise' as const), line: pos, noise: fc.string({ maxLength: 40, unit: 'binary' }) }),
  fc.record({ op: fc.constant('cut-text' as const), at: pos }),
);

export function mutations(maxLength = 6): fc.Arbitrary<Mutation[]> {
  return fc.array(mutation, { minLength: 1, maxLength });
}

/** Only the given kinds of mutation. */
export function mutationsOf(ops: ReadonlySet<Mutation['op']>, maxLength = 4): fc.Arbitrary<Mutation[]> {
  return fc.array(mutation.filter((m) => ops.has(m.op)), { minLength: 1, maxLength });
}

function tokens(line: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** Applies one mutation to lines (without their breaks). */
function applyToLines(lines: string[], m: Mutation): void {
  const i = lines.length === 0 ? 0 : ('line' in m ? m.line : 0) % lines.length;
  const line = lines[i] ?? '';
  switch (m.op) {
    case 'truncate-line':
      lines[i] = line.slice(0, m.at % (line.length + 1));
      return;
    case 'join-lines':
      if (i + 1 < lines.length) lines.splice(i, 2, `${line} ${lines[i + 1]}`);
      return;
    case 'swap-lines': {
      const j = lines.length === 0 ? 0 : m.other % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? '', line];
      return;
    }
    case 'delete-line':
      lines.splice(i, 1);
      return;
    case 'duplicate-line':
      lines.splice(i, 0, line);
      return;
    case 'delete-column': {
      const t = pick(tokens(line), m.column);
      if (t) lines[i] = line.slice(0, t.start) + line.slice(t.end);
      return;
    }
    case 'redact-token': {
      const t = pick(tokens(line), m.column);
      if (t) lines[i] = line.slice(0, t.start) + m.with + line.slice(t.end);
      return;
    }
    case 'crlf':
      for (let k = 0; k < lines.length; k++) lines[k] = `${lines[k]}\r`;
      return;
    case 'tabs':
      lines[i] = line.replace(/ {2,}/g, '\t');
      return;
    case 'ansi': {
      const t = pick(tokens(line), m.column);
      if (t) lines[i] = `${line.slice(0, t.start)}${m.code}${line.slice(t.start, t.end)}\u001b[0m${line.slice(t.end)}`;
      return;
    }
    case 'unicode': {
      const at = m.at % (line.length + 1);
      lines[i] = line.slice(0, at) + m.char + line.slice(at);
      return;
    }
    case 'overflow-counter': {
      const t = pick(tokens(line).filter((x) => /^\d+[KMGT]?$/.test(line.slice(x.start, x.end)) || /^\[\d+:\d+\]$/.test(line.slice(x.start, x.end))), m.column);
      if (!t) return;
      const token = line.slice(t.start, t.end);
      const replaced = token.startsWith('[') ? `[${m.value}:${m.value}]` : m.value;
      lines[i] = line.slice(0, t.start) + replaced + line.slice(t.end);
      return;
    }
    case 'long-line':
      lines.splice(i, 0, m.char.repeat(m.length));
      return;
    case 'insert-noise':
      lines.splice(i, 0, m.noise);
      return;
    case 'cut-text':
      return;
  }
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  let current = text;
  for (const m of ms) {
    if (m.op === 'cut-text') {
      current = current.slice(0, m.at % (current.length + 1));
      continue;
    }
    const lines = current.split('\n');
    applyToLines(lines, m);
    current = lines.join('\n');
  }
  return current;
}

/** Random bytes decoded as UTF-8, as a binary file would arrive. */
export const randomBytesText = fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b).toString('utf8'));

/** Short arbitrary strings, all of Unicode. */
export const randomText = fc.string({ maxLength: 600, unit: 'grapheme' });
