// The extension text after the destination column (listing §2.4.8, §5): `[goto]`, then each
// match's print text, then the target's. Pieces are found by their leading keywords; text
// that no recogniser reads is kept as an unknown match, never dropped.
import type { Match } from '../model.js';
import { readIcmpPiece } from './listing-icmp.js';
import { readOpaquePiece, startsOpaquePiece } from './listing-opaque.js';
import { readMultiportPiece, readProtocolPortPiece } from './listing-ports.js';
import { readAddrtypePiece, readIprangePiece, readOwnerPiece } from './listing-simple.js';
import { parseConnStates } from './rule-spec-values.js';

export interface ExtensionText {
  matches: Match[];
  goto: boolean;
  /** the target's own print text, from its first keyword to the end of the line */
  targetText: string;
  /** pieces kept as unknown, with their 0-based offset in the text */
  unknown: { text: string; offset: number }[];
}

interface Piece {
  end: number;
  matches: Match[];
  goto?: boolean;
  unknown?: boolean;
}

/** Keywords that start a match piece (besides the opaque modules in listing-opaque.ts). */
const MATCH_START = /^(?:\[goto\]|\/\*|(?:tcp|udp|sctp|dccp)(?=\s|$|flags:|option=|[sd]pts?:)|icmp|ipv6-icmp|multiport |(?:ct)?state |ct(?:proto|(?:orig|repl)(?:src|dst)(?:port)?|status|expire|dir) |owner |incl\. suppl\. groups|(?:source|destination) IP range|ADDRTYPE match)/;

/** Where each target's print text starts (listing §5.2); the target name itself starts many. */
function startsTargetText(s: string, at: number, target: string): boolean {
  const rest = s.slice(at);
  if (target !== '' && (rest.startsWith(`${target} `) || rest === target) && !/^\S+ match/.test(rest)) return true;
  // old userspace meeting a newer target revision prints its size instead of its options
  if (target !== '' && /^\[\d+ bytes of unknown target data\]/.test(rest)) return true;
  switch (target) {
    case 'REJECT':
      return rest.startsWith('reject-with ');
    case 'NFLOG':
      return rest.startsWith('nflog-');
    case 'DNAT':
    case 'SNAT':
    case 'NETMAP':
      return /^(?:to:|random|persistent)/.test(rest);
    case 'MASQUERADE':
      return /^(?:masq ports|random)/.test(rest);
    case 'REDIRECT':
      return /^(?:redir ports|random)/.test(rest);
    case 'CT':
      return rest.startsWith('NOTRACK') || rest.startsWith('CT ');
    default:
      return false;
  }
}

/** True when a piece (or the target text) starts at `at`; `! X` counts when X is a piece. */
function startsPiece(s: string, at: number, target: string): boolean {
  const rest = s.slice(at);
  if (rest.startsWith('! ')) return startsPiece(s, at + 2, target);
  return MATCH_START.test(rest) || startsOpaquePiece(rest) || startsTargetText(s, at, target);
}

/** The next offset after `from` where a piece starts after a space, or the end. */
export function findNextPiece(s: string, from: number, target: string): number {
  for (let q = from; q < s.length; q++) if (s[q - 1] === ' ' && s[q] !== ' ' && startsPiece(s, q, target)) return q;
  return s.length;
}

/** Reads the extension text of one rule; `target` is the name from the target column. */
export function parseExtensionText(text: string, target: string): ExtensionText {
  const out: ExtensionText = { matches: [], goto: false, targetText: '', unknown: [] };
  let at = 0;
  while (at < text.length) {
    if (text[at] === ' ') { at++; continue; }
    if (startsTargetText(text, at, target)) {
      out.targetText = text.slice(at).trim();
      break;
    }
    const negated = text.startsWith('! ', at) && startsPiece(text, at + 2, target);
    const piece = readPiece(text, negated ? at + 2 : at, negated, target);
    if (piece && piece.end > at) {
      out.matches.push(...piece.matches);
      if (piece.goto) out.goto = true;
      if (piece.unknown) out.unknown.push({ text: text.slice(at, piece.end).trim(), offset: at });
      at = piece.end;
      continue;
    }
    const end = findNextPiece(text, at + 1, target);
    const unknownText = text.slice(at, end).trim();
    out.matches.push({ kind: 'unknown', text: unknownText });
    out.unknown.push({ text: unknownText, offset: at });
    at = end;
  }
  return out;
}

function readPiece(s: string, at: number, negated: boolean, target: string): Piece | undefined {
  const rest = s.slice(at);
  if (rest.startsWith('[goto]')) return { end: at + 6, matches: [], goto: true };
  if (rest.startsWith('/*')) return readComment(s, at, target);
  const ports = readProtocolPortPiece(s, at) ?? readMultiportPiece(s, at);
  if (ports) {
    const unknown: Match[] = ports.unread.map((text) => ({ kind: 'unknown', module: 'port', text }));
    return { end: ports.end, matches: [...ports.matches, ...unknown], unknown: unknown.length > 0 };
  }
  const icmp = readIcmpPiece(s, at);
  if (icmp) {
    if (icmp.match) return { end: icmp.end, matches: [icmp.match] };
    return { end: icmp.end, matches: [{ kind: 'unknown', module: 'icmp', text: s.slice(at, icmp.end) }], unknown: true };
  }
  const state = /^(state|ctstate) (\S+)/.exec(rest);
  if (state && state[1] !== undefined && state[2] !== undefined) return readState(state[1], state[2], negated, at + state[0].length);
  const ct = /^ct(?:proto|(?:orig|repl)(?:src|dst)(?:port)?|status|expire|dir) \S+/.exec(rest);
  if (ct) {
    const text = `${negated ? '! ' : ''}${ct[0]}`;
    const end = at + ct[0].length;
    // ctstatus/ctexpire/ctdir describe the connection's history; the others its tuple
    if (/^ct(status|expire|dir)/.test(ct[0])) return { end, matches: [{ kind: 'stateful', module: 'conntrack', text, reason: 'conntrack status/expiry/direction is not known' }] };
    return { end, matches: [{ kind: 'unknown', module: 'conntrack', text }] };
  }
  return readOwnerPiece(s, at, negated) ?? readIprangePiece(s, at) ?? readAddrtypePiece(s, at)
    ?? readOpaquePiece(s, at, negated, (from) => findNextPiece(s, from, target));
}

function readState(module: string, list: string, negated: boolean, end: number): Piece {
  const mod = module === 'state' ? 'state' : 'conntrack';
  const states = parseConnStates(list, mod === 'conntrack');
  if (!states) return { end, matches: [{ kind: 'unknown', module: mod, text: `${negated ? '! ' : ''}${module} ${list}` }], unknown: true };
  return { end, matches: [{ kind: 'state', module: mod, negated, states }] };
}

/**
 * `/* TEXT *\/`: the comment is printed raw, so TEXT may itself contain `*\/`. Take the last
 * `*\/` that is followed by nothing or by the start of another piece (listing §8.8).
 */
function readComment(s: string, at: number, target: string): Piece {
  const ends: number[] = [];
  for (let k = s.indexOf('*/', at + 2); k >= 0; k = s.indexOf('*/', k + 1)) ends.push(k);
  const fits = (k: number): boolean => {
    const after = s.slice(k + 2);
    if (after.trim() === '') return true;
    if (!after.startsWith(' ')) return false;
    const next = k + 2 + (after.length - after.trimStart().length);
    return startsPiece(s, next, target);
  };
  const close = [...ends].reverse().find(fits) ?? ends[0];
  if (close === undefined) {
    // no closing `*/`: the line was probably cut off, and whatever followed the comment with it
    const text = s.slice(at + 2).trim();
    return { end: s.length, matches: [{ kind: 'comment', text }, { kind: 'unknown', module: 'comment', text: `/* ${text}` }], unknown: true };
  }
  return { end: close + 2, matches: [{ kind: 'comment', text: s.slice(at + 2, close).trim() }] };
}
