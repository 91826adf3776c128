// The column recogniser for one `-L` rule line (listing §2.4 and §9): num, counters, target,
// prot, opt, in, out, source, destination, then the extension text. Columns are not fixed-width
// (long values push the rest right), so it works on whitespace tokens with their offsets, and
// uses offsets only where text was lost (a pasted row missing its `0.0.0.0/0`).
import type { Counters } from '../model.js';
import { parseAddressToken, type AddressToken } from './listing-address.js';
import { isCounterToken, parseCounterPair, type ColumnLayout, type HeaderWord } from './listing-header.js';
import { isKnownTargetName, PROTOCOLS } from './names.js';

export interface Token {
  text: string;
  start: number;
}

export interface RuleRow {
  num?: { value: number; column: number };
  counters?: Counters;
  /** '' when the rule has no target (a counting rule) */
  target: string;
  prot: { text: string; negated: boolean; column: number };
  /** `--`, `-f`, `!f`; undefined for the blank IPv6 opt column of iptables ≤1.8.8 */
  opt?: string;
  interfaces?: { in: string; out: string };
  source: AddressToken;
  destination: AddressToken;
  /** columns that were missing in the text and assumed to be "anywhere" */
  lost: { column: 'source' | 'destination'; at: number }[];
  /** the extension text after the destination, with inner spacing kept */
  rest: string;
  /** 0-based offset of `rest` in the line */
  restStart: number;
  /** which optional columns the row turned out to have */
  shape: Shape;
}

export interface Shape {
  num: boolean;
  counters: boolean;
  interfaces: boolean;
}

export type RowResult =
  | { kind: 'row'; row: RuleRow; guessedShape: boolean }
  /** the line ends before the fixed columns do (a cut-off paste) */
  | { kind: 'cut-off'; num?: number; counters?: Counters; target?: string }
  | { kind: 'not-a-rule'; reason: string; column?: number };

const OPT = /^(--|-f|!f)$/;
const GLUED_OPT = /^(!?[A-Za-z0-9-]+?)(--|-f|!f)$/;

export function tokenize(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index }));
}

/** A prot column value: a protocol name or number, maybe inverted, maybe glued to opt. */
export function isProtocolToken(text: string | undefined): boolean {
  if (text === undefined) return false;
  const glued = GLUED_OPT.exec(text);
  const bare = (glued && glued[1] !== undefined ? glued[1] : text).replace(/^!/, '');
  return /^\d{1,3}$/.test(bare) || PROTOCOLS[bare.toLowerCase()] !== undefined;
}

/**
 * Recognises a rule line. `layout` comes from the block's column header; without one (a
 * partial paste) the shape is inferred from the tokens, most columns first.
 */
export function recogniseRuleLine(line: string, layout: ColumnLayout | undefined, namesPossible: boolean): RowResult {
  const tokens = tokenize(line);
  if (tokens.length === 0) return { kind: 'not-a-rule', reason: 'empty line' };
  const shapes: Shape[] = layout ? [{ num: layout.num, counters: layout.counters, interfaces: layout.interfaces }] : [];
  // most columns first; counters before num because `0 0 ACCEPT` must not read as num + target
  for (const counters of [true, false]) for (const num of [true, false]) shapes.push({ num, counters, interfaces: counters });
  for (const [index, shape] of shapes.entries()) {
    const guessed = index > 0 || !layout;
    const result = readShape(line, tokens, shape, layout, namesPossible, guessed);
    if (result.kind === 'row') return { ...result, guessedShape: guessed };
    // a line that fits the header's own shape as far as it goes is a cut-off rule, not another
    // shape; a lone word counts only when it is a target name (else it is prose or markup)
    if (result.kind === 'cut-off' && !guessed && (result.num !== undefined || result.counters || isKnownTargetName(result.target ?? ''))) return result;
  }
  return { kind: 'not-a-rule', reason: 'the columns do not fit a rule line', column: (tokens[0]?.start ?? 0) + 1 };
}

function readShape(line: string, tokens: Token[], shape: Shape, layout: ColumnLayout | undefined, namesPossible: boolean, guessed: boolean): RowResult {
  let i = 0;
  let num: RuleRow['num'];
  let counters: Counters | undefined;
  if (shape.num) {
    const t = tokens[i];
    if (!t || !/^\d+$/.test(t.text)) return { kind: 'not-a-rule', reason: 'no line number' };
    num = { value: Number(t.text), column: t.start + 1 };
    i++;
  }
  if (shape.counters) {
    const p = tokens[i];
    const b = tokens[i + 1];
    if (p && !b && isCounterToken(p.text)) return cut(num, undefined, undefined);
    if (!p || !b || !isCounterToken(p.text) || !isCounterToken(b.text)) return { kind: 'not-a-rule', reason: 'no counters' };
    counters = parseCounterPair(p.text, b.text);
    i += 2;
  }
  const first = tokens[i];
  if (!first) return cut(num, counters, undefined);
  // an empty target column leaves only spaces: the prot token then comes first (§2.4.3)
  let target = '';
  if (!(isProtocolToken(first.text) && !isProtocolToken(tokens[i + 1]?.text))) {
    target = first.text;
    i++;
  }
  const protToken = tokens[i];
  if (!protToken) return cut(num, counters, target);
  let protText = protToken.text;
  let opt: string | undefined;
  const glued = GLUED_OPT.exec(protText);
  if (glued && glued[1] !== undefined && glued[2] !== undefined && isProtocolToken(glued[1])) {
    protText = glued[1];
    opt = glued[2];
    i++;
  } else {
    const next = tokens[i + 1]?.text;
    if (!isProtocolToken(protText) && !(next !== undefined && OPT.test(next))) return { kind: 'not-a-rule', reason: 'no protocol column', column: protToken.start + 1 };
    i++;
    if (next !== undefined && OPT.test(next)) { opt = next; i++; }
  }
  const prot = { text: protText.replace(/^!/, ''), negated: protText.startsWith('!'), column: protToken.start + 1 };
  let interfaces: RuleRow['interfaces'];
  let prev = tokens[i - 1] as Token;
  let prevWord: HeaderWord = opt !== undefined && !glued ? 'opt' : 'prot';
  if (shape.interfaces) {
    const inTok = tokens[i];
    const outTok = tokens[i + 1];
    if (!inTok || !outTok) return cut(num, counters, target);
    interfaces = { in: inTok.text, out: outTok.text };
    prev = outTok;
    prevWord = 'out';
    i += 2;
  }
  // a guessed shape without an opt column (old ip6tables) is weak evidence: accept numeric addresses only
  const names = namesPossible && !(guessed && opt === undefined);
  const a = tokens[i] ? parseAddressToken(tokens[i]!.text, names) : undefined;
  const b = a && tokens[i + 1] ? parseAddressToken(tokens[i + 1]!.text, names) : undefined;
  if (guessed && opt === undefined && !a) return { kind: 'not-a-rule', reason: 'no opt column and no address' };
  const any: AddressToken = { kind: 'any', negated: false };
  let source: AddressToken = any;
  let destination: AddressToken = any;
  const lost: RuleRow['lost'] = [];
  let restFrom: number;
  if (a && b) {
    source = a;
    destination = b;
    restFrom = tokens[i + 1]!.start + tokens[i + 1]!.text.length;
  } else if (a) {
    const tok = tokens[i]!;
    const isSource = startsAtSourceColumn(tok, prev, prevWord, layout);
    if (isSource) { source = a; lost.push({ column: 'destination', at: tok.start + tok.text.length + 1 }); }
    else { destination = a; lost.push({ column: 'source', at: tok.start + 1 }); }
    restFrom = tok.start + tok.text.length;
  } else {
    const at = prev.start + prev.text.length + 1;
    lost.push({ column: 'source', at }, { column: 'destination', at });
    restFrom = prev.start + prev.text.length;
  }
  const restText = line.slice(restFrom);
  const lead = restText.length - restText.trimStart().length;
  const row: RuleRow = { target, prot, source, destination, lost, rest: restText.trim(), restStart: restFrom + lead, shape };
  if (num) row.num = num;
  if (counters) row.counters = counters;
  if (opt !== undefined) row.opt = opt;
  if (interfaces) row.interfaces = interfaces;
  return { kind: 'row', row, guessedShape: false };
}

function cut(num: RuleRow['num'], counters: Counters | undefined, target: string | undefined): RowResult {
  const result: RowResult = { kind: 'cut-off' };
  if (num) result.num = num.value;
  if (counters) result.counters = counters;
  if (target !== undefined) result.target = target;
  return result;
}

/**
 * A lone address whose partner column was lost: iptables prints the source exactly where the
 * source column starts (after the previous field and its padding), so an address anywhere else
 * is the destination, shifted left by the missing source. Checked against both the header's
 * `source` offset (corrected by how far this row's previous field drifted from its header word)
 * and the printf widths of the previous field (`%-6s ` for out, `XX ` for opt).
 */
function startsAtSourceColumn(tok: Token, prev: Token, prevWord: HeaderWord, layout: ColumnLayout | undefined): boolean {
  const addressStart = tok.start + (tok.text.startsWith('!') ? 1 : 0);
  const width = prevWord === 'out' ? 6 : prevWord === 'opt' ? 2 : 5;
  const gap = prevWord === 'prot' ? 4 : 1;
  const byFormat = prev.start + Math.max(prev.text.length, width) + gap + 1;
  const candidates = [byFormat];
  const headerPrev = layout?.offsets[prevWord];
  const headerSource = layout?.offsets.source;
  if (headerPrev !== undefined && headerSource !== undefined) candidates.push(headerSource + (prev.start - headerPrev));
  return candidates.some((c) => Math.abs(addressStart - c) <= 1);
}
