// Expansion operators `${name:string}` (spec "Expansion operators"). Those that need the message,
// a crypto library or a lookup driver's quoting rules are unknown, never guessed.
import { readPlainInteger } from './numbers.js';
import { parseExpansion } from './parse.js';
import { failedOf, textOf, unknownOf, type ExpandContext, type Expanded } from './types.js';
import type { Evaluator } from './types.js';
import { listCount } from './lists.js';

export function applyOperator(name: string, arg: string, ctx: ExpandContext, ev: Evaluator): Expanded {
  const numbered = /^(length|l|substr|s|hash|h)((?:_-?\d+)+)$/.exec(name);
  if (numbered) return applyNumbered(numbered[1]!, numbered[2]!.slice(1).split('_'), arg);
  switch (name) {
    case 'lc':
      return textOf(lowerAscii(arg));
    case 'uc':
      return textOf(arg.replace(/[a-z]/g, (c) => c.toUpperCase()));
    case 'strlen':
      return textOf(String(byteLength(arg)));
    case 'quote':
      return textOf(quote(arg, (ch) => !/[A-Za-z0-9_.-]/.test(ch)));
    case 'listcount':
      return textOf(String(listCount(arg)));
    case 'address':
    case 'domain':
    case 'local_part':
      return addressPart(name, arg);
    case 'expand': {
      const parsed = parseExpansion(arg);
      return parsed.ok ? ev.seq(parsed.seq, ctx, new Map()) : failedOf(parsed.message);
    }
  }
  return unknownOf(`the \${${name}:…} operator is not evaluated by mailleak`);
}

/** Exim's strings are bytes: upper/lower case changes only ASCII letters here (C locale). */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** ${quote:}: wrapped in double quotes when any character needs it; \ and " escaped, CR/LF as \r \n. */
function quote(s: string, special: (ch: string) => boolean): string {
  if (s !== '' && ![...s].some(special)) return s;
  return `"${s.replace(/[\\"\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`))}"`;
}

function applyNumbered(op: string, numbers: string[], arg: string): Expanded {
  const values = numbers.map((n) => readPlainInteger(n));
  if (values.some((v) => v === undefined)) return failedOf(`bad numbers in ${op}`);
  const [a = -1, b = -1] = values as number[];
  switch (op) {
    case 'length':
    case 'l':
      return textOf(extractSubstr(arg, 0, a));
    case 'substr':
    case 's':
      return textOf(extractSubstr(arg, a, numbers.length > 1 ? b : -1));
    default:
      return computeHash(arg, a, numbers.length > 1 ? b : -1);
  }
}

/** expand.c extract_substr(): negative offsets count from the right; an unset length means "the rest". */
export function extractSubstr(subject: string, start: number, length: number): string {
  const len = subject.length;
  let v1 = start;
  let v2 = length;
  if (v1 < 0) {
    v1 += len;
    if (v1 < 0) {
      v2 += v1;
      if (v2 < 0) v2 = 0;
      v1 = 0;
    } else if (v2 < 0) {
      v2 = v1;
      v1 = 0;
    }
  } else if (v1 > len) {
    v1 = len;
    v2 = 0;
  } else if (v2 < 0) v2 = len;
  if (v1 + v2 > len) v2 = len - v1;
  return subject.slice(v1, v1 + v2);
}

// sic: Exim's table has "t" and "s" swapped (expand.c hashcodes[]), verified against exim -be
const HASH_CODES = 'abcdefghijklmnopqrtsuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** expand.c compute_hash(): a textual hash of `length` characters drawn from the first `limit` codes. */
export function computeHash(subject: string, length: number, limit: number): Expanded {
  const modulus = limit < 0 ? 26 : limit;
  if (modulus > HASH_CODES.length) return failedOf(`hash count "${limit}" too big`);
  if (length < 0) return failedOf('hash length must not be negative');
  const bytes = [...subject].map((c) => c.charCodeAt(0) & 0xff);
  if (length >= bytes.length) return textOf(subject);
  let i = 0;
  for (let j = length; j < bytes.length; j++) {
    const c = bytes[j]!;
    const shift = (c + j) & 7;
    bytes[i] = (bytes[i]! ^ ((c << shift) | (c >> (8 - shift)))) & 0xff;
    if (++i >= length) i = 0;
  }
  return textOf(bytes.slice(0, length).map((b) => HASH_CODES[b % modulus]).join(''));
}

/** ${address:}, ${domain:}, ${local_part:} for plain addresses; RFC 2822 phrases and comments are unknown. */
function addressPart(op: 'address' | 'domain' | 'local_part', arg: string): Expanded {
  if (/[()"\\,;]/.test(arg)) return unknownOf(`\${${op}:…} of "${arg}" needs RFC 2822 parsing, which mailleak does not do`);
  const angle = /<([^<>]*)>\s*$/.exec(arg);
  const address = (angle ? angle[1]! : arg).trim();
  if (/\s/.test(address) || (!angle && /[<>]/.test(address))) return unknownOf(`\${${op}:…} of "${arg}" needs RFC 2822 parsing`);
  const at = address.lastIndexOf('@');
  switch (op) {
    case 'address':
      return textOf(address);
    case 'domain':
      return textOf(at < 0 ? '' : address.slice(at + 1));
    case 'local_part':
      return textOf(at < 0 ? address : address.slice(0, at));
  }
}
