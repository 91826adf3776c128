// ${extract}: a keyed field of `key=value` pairs (expand_getkeyed(), values may be double-quoted
// with escapes) or a numbered field split at any of the separator characters
// (expand_gettokened()). The first argument, stripped of white space, decides: all digits
// (optionally after "-") means numbered, with three arguments before the yes/no strings.
import type { Evaluator, Scope } from './types.js';
import type { Part } from './syntax.js';
import { failedOf, textOf, type ExpandContext, type Expanded } from './types.js';

type ItemPart = Extract<Part, { t: 'item' }>;

export function readExtract(item: ItemPart, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  const first = ev.seq(item.args[0] ?? [], ctx, scope);
  if (first.kind !== 'text') return first;
  const key = first.text.trim();
  if (key === '') return failedOf('first argument of "extract" must not be empty');
  const numbered = /^-?\d+$/.test(key);
  const count = numbered ? 3 : 2;
  if (item.args.length < count) return failedOf(`missing argument for "extract"`);
  const values: string[] = [];
  for (const a of item.args.slice(1, count)) {
    const v = ev.seq(a, ctx, scope);
    if (v.kind !== 'text') return v;
    values.push(v.text);
  }
  const found = numbered ? extractNumbered(Number(key), values[0]!, values[1]!) : extractKeyed(key, values[0]!);
  const yes = item.args[count];
  const no = item.failAfter ? 'fail' : item.args[count + 1];
  if (found === undefined) return yes ? ev.branch(no, ctx, scope) : textOf('');
  return yes ? ev.seq(yes, ctx, new Map(scope).set('value', found)) : textOf(found);
}

export function extractKeyed(key: string, s: string): string | undefined {
  let i = 0;
  const space = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
  while (space(s[i])) i++;
  while (i < s.length) {
    const start = i;
    while (i < s.length && s[i] !== '=' && !space(s[i])) i++;
    const dkey = s.slice(start, i);
    while (space(s[i])) i++;
    if (s[i] === '=') {
      i++;
      while (space(s[i])) i++;
    }
    const { value, end } = dequote(s, i);
    i = end;
    if (dkey.toLowerCase() === key.toLowerCase()) return value;
    while (space(s[i])) i++;
  }
  return undefined;
}

/** string_dequote(): a quoted string with escapes, or a run of non-space characters. */
function dequote(s: string, from: number): { value: string; end: number } {
  let i = from;
  if (s[i] !== '"') {
    while (i < s.length && !/\s/.test(s[i]!)) i++;
    return { value: s.slice(from, i), end: i };
  }
  i++;
  let value = '';
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\' && i + 1 < s.length) {
      const e = readEscapeAt(s, i + 1);
      value += e.ch;
      i = e.next;
      continue;
    }
    value += s[i];
    i++;
  }
  if (i < s.length) i++;
  return { value, end: i };
}

function readEscapeAt(s: string, i: number): { ch: string; next: number } {
  const octal = /^[0-7]{1,3}/.exec(s.slice(i));
  if (octal) return { ch: String.fromCharCode(parseInt(octal[0], 8) & 0xff), next: i + octal[0].length };
  const c = s[i]!;
  if (c === 'x') {
    const hex = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
    if (hex) return { ch: String.fromCharCode(parseInt(hex[0], 16)), next: i + 1 + hex[0].length };
  }
  const letters: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  return { ch: letters[c] ?? c, next: i + 1 };
}

/** Field N (1-based; negative counts from the end; 0 is the whole string) split at any separator character. */
export function extractNumbered(n: number, separators: string, s: string): string | undefined {
  if (n === 0) return s;
  const fields: string[] = [];
  let current = '';
  for (const ch of s) {
    if (separators.includes(ch)) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  const index = n > 0 ? n - 1 : fields.length + n;
  return index >= 0 && index < fields.length ? fields[index] : undefined;
}
