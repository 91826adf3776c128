// Text → expansion syntax tree, following expand.c's reading rules: `\` escapes as in
// string_interpret_escape(), `\N…\N` literal, `$name` / `${name}` variables, `${op:…}` operators,
// `${item{…}…}` items, `${if …}` and `${lookup …}`. White space is allowed before each brace
// argument (read_subs()). Never throws: a syntax error is returned as a message.
import type { Branch, Cond, Part, Seq } from './syntax.js';

export type Parsed = { ok: true; seq: Seq } | { ok: false; message: string };

class SyntaxError_ extends Error {}

interface Cursor {
  s: string;
  i: number;
}

export function parseExpansion(s: string): Parsed {
  const c: Cursor = { s, i: 0 };
  try {
    const seq = readSeq(c, false);
    return { ok: true, seq };
  } catch (e) {
    if (e instanceof SyntaxError_) return { ok: false, message: e.message };
    throw e;
  }
}

function fail(message: string): never {
  throw new SyntaxError_(message);
}

const HEADER = /^(?:h|header|rh|rheader|bh|bheader|lh|lheader)_/;
const NAME = /[A-Za-z0-9_]/;

/** Reads parts until the end (top level) or an unbalanced `}` (inside braces, not consumed). */
function readSeq(c: Cursor, inBraces: boolean): Seq {
  const parts: Part[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ t: 'text', text: literal });
    literal = '';
  };
  while (c.i < c.s.length) {
    const ch = c.s[c.i]!;
    if (ch === '\\') {
      if (c.s[c.i + 1] === 'N') {
        const end = c.s.indexOf('\\N', c.i + 2);
        literal += c.s.slice(c.i + 2, end < 0 ? c.s.length : end);
        c.i = end < 0 ? c.s.length : end + 2;
        continue;
      }
      literal += readEscape(c);
      continue;
    }
    if (ch === '}' && inBraces) break;
    if (ch !== '$') {
      literal += ch;
      c.i++;
      continue;
    }
    flush();
    parts.push(readDollar(c));
  }
  if (inBraces && c.s[c.i] !== '}') fail('missing } at end of string');
  flush();
  return parts;
}

/** string_interpret_escape(): octal, \xhh, the C letters, else the character itself. */
function readEscape(c: Cursor): string {
  c.i++;
  const ch = c.s[c.i];
  if (ch === undefined) return '\\';
  const octal = /^[0-7]{1,3}/.exec(c.s.slice(c.i));
  if (octal) {
    c.i += octal[0].length;
    return String.fromCharCode(parseInt(octal[0], 8) & 0xff);
  }
  c.i++;
  if (ch === 'x') {
    const hex = /^[0-9a-fA-F]{1,2}/.exec(c.s.slice(c.i));
    if (!hex) return 'x';
    c.i += hex[0].length;
    return String.fromCharCode(parseInt(hex[0], 16));
  }
  const letters: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  return letters[ch] ?? ch;
}

function readName(c: Cursor, dash = false): string {
  const start = c.i;
  while (c.i < c.s.length && (NAME.test(c.s[c.i]!) || (dash && c.s[c.i] === '-'))) c.i++;
  return c.s.slice(start, c.i);
}

/** A header name runs to its colon, which is part of the reference (`$h_subject:`). */
function readHeaderTail(c: Cursor, name: string): string {
  if (!HEADER.test(name)) return name;
  const end = c.s.indexOf(':', c.i);
  if (end < 0) return name;
  const full = name + c.s.slice(c.i, end);
  c.i = end + 1;
  return full;
}

function readDollar(c: Cursor): Part {
  c.i++;
  if (c.s[c.i] !== '{') {
    const name = readName(c);
    if (name === '') fail('"$" not followed by a letter, digit or "{"');
    return { t: 'var', name: readHeaderTail(c, name) };
  }
  c.i++;
  // operator names carry their numbers: ${substr_-3_2:…} (expand.c reads them with "_-")
  const name = readName(c, true);
  if (name === '') fail('"${" not followed by a letter');
  const next = c.s[c.i];
  if (next === '}') {
    c.i++;
    return { t: 'var', name };
  }
  if (next === ':' ) {
    if (HEADER.test(name)) return headerInBraces(c, name);
    c.i++;
    const arg = readSeq(c, true);
    c.i++;
    return { t: 'op', name, arg };
  }
  if (name === 'if') return readIf(c);
  if (name === 'lookup') return readLookup(c);
  return readItem(c, name);
}

function headerInBraces(c: Cursor, name: string): Part {
  const end = c.s.indexOf('}', c.i);
  if (end < 0) fail('missing } after header name');
  const full = name + c.s.slice(c.i, end);
  c.i = end + 1;
  return { t: 'var', name: full.replace(/:$/, '') };
}

function skipSpace(c: Cursor): void {
  while (c.i < c.s.length && /\s/.test(c.s[c.i]!)) c.i++;
}

/** `{…}` after optional white space; undefined when the next thing is not a brace. */
function readArg(c: Cursor): Seq | undefined {
  skipSpace(c);
  if (c.s[c.i] !== '{') return undefined;
  c.i++;
  const seq = readSeq(c, true);
  c.i++;
  return seq;
}

function needArg(c: Cursor, what: string): Seq {
  const a = readArg(c);
  if (!a) fail(`missing { after ${what}`);
  return a;
}

function readBranches(c: Cursor): { yes?: Seq; no?: Branch } {
  const yes = readArg(c);
  if (!yes) return {};
  const no = readArg(c);
  if (no) return { yes, no };
  skipSpace(c);
  if (c.s.startsWith('fail', c.i)) {
    c.i += 4;
    return { yes, no: 'fail' };
  }
  return { yes };
}

function closeBrace(c: Cursor, what: string): void {
  skipSpace(c);
  if (c.s[c.i] !== '}') fail(`missing } at end of ${what}`);
  c.i++;
}

function readIf(c: Cursor): Part {
  const cond = readCond(c);
  const branches = readBranches(c);
  closeBrace(c, '"if"');
  return { t: 'if', cond, ...branches };
}

function readLookup(c: Cursor): Part {
  const key = readArg(c);
  skipSpace(c);
  const m = /^[^\s{}]+/.exec(c.s.slice(c.i));
  if (!m) fail('missing lookup type');
  c.i += m[0].length;
  const source = needArg(c, `lookup type "${m[0]}"`);
  const branches = readBranches(c);
  closeBrace(c, '"lookup"');
  return { t: 'lookup', type: m[0], ...(key ? { key } : {}), source, ...branches };
}

function readItem(c: Cursor, name: string): Part {
  let options = '';
  if (c.s[c.i] === ',') {
    const end = c.s.indexOf('{', c.i);
    if (end < 0) fail(`missing { after "${name}"`);
    options = c.s.slice(c.i + 1, end).trim();
    c.i = end;
  }
  // filter takes a condition as its second argument (spec "Expansion items", filter)
  if (name === 'filter') {
    const list = needArg(c, 'filter');
    skipSpace(c);
    if (c.s[c.i] !== '{') fail('missing { after "filter"');
    c.i++;
    const cond = readCond(c);
    closeBrace(c, 'the filter condition');
    closeBrace(c, '"filter"');
    return { t: 'item', name, options, args: [list], failAfter: false, cond };
  }
  const args: Seq[] = [];
  for (let a = readArg(c); a; a = readArg(c)) args.push(a);
  if (args.length === 0) fail(`unknown variable or missing { after "${name}"`);
  skipSpace(c);
  let failAfter = false;
  if (c.s.startsWith('fail', c.i)) {
    c.i += 4;
    failAfter = true;
  }
  closeBrace(c, `"${name}"`);
  return { t: 'item', name, options, args, failAfter };
}

const ONE_ARG = new Set(['exists', 'isip', 'isip4', 'isip6', 'bool', 'bool_lax', 'pam', 'radius', 'ldapauth', 'pwcheck']);
const TWO_ARGS = new Set([
  'eq', 'eqi', '==', '=', '<', '<=', '>', '>=', 'lt', 'lti', 'le', 'lei', 'gt', 'gti', 'ge', 'gei',
  'match', 'match_address', 'match_domain', 'match_ip', 'match_local_part', 'inlist', 'inlisti', 'crypteq',
]);
const NO_ARGS = new Set(['first_delivery', 'queue_running']);

function readCond(c: Cursor): Cond {
  skipSpace(c);
  if (c.s[c.i] === '!') {
    c.i++;
    return { t: 'not', cond: readCond(c) };
  }
  let name: string;
  if (/[A-Za-z]/.test(c.s[c.i] ?? '')) name = readName(c);
  else {
    const m = /^[<>=!]+/.exec(c.s.slice(c.i));
    if (!m) fail('condition name expected');
    name = m[0];
    c.i += name.length;
  }
  if (name === 'def') {
    if (c.s[c.i] !== ':') fail('":" expected after "def"');
    c.i++;
    const v = readName(c);
    if (v === '') fail('variable name expected after "def:"');
    return { t: 'def', name: readHeaderTail(c, v) };
  }
  if (name === 'and' || name === 'or') {
    skipSpace(c);
    if (c.s[c.i] !== '{') fail(`missing { after "${name}"`);
    c.i++;
    const conds: Cond[] = [];
    for (;;) {
      skipSpace(c);
      if (c.s[c.i] === '}') break;
      if (c.s[c.i] !== '{') fail(`each subcondition inside an "${name}{...}" condition must be in its own {}`);
      c.i++;
      conds.push(readCond(c));
      closeBrace(c, 'subcondition');
    }
    c.i++;
    return { t: name, conds };
  }
  if (name === 'forall' || name === 'forany') {
    const list = needArg(c, name);
    skipSpace(c);
    if (c.s[c.i] !== '{') fail(`missing { after "${name}"`);
    c.i++;
    const cond = readCond(c);
    closeBrace(c, name);
    return { t: name, list, cond };
  }
  const count = ONE_ARG.has(name) ? 1 : TWO_ARGS.has(name) ? 2 : NO_ARGS.has(name) ? 0 : -1;
  if (count < 0) fail(`unknown condition "${name}"`);
  const args: Seq[] = [];
  for (let k = 0; k < count; k++) args.push(needArg(c, `"${name}"`));
  return { t: 'test', name, args };
}
