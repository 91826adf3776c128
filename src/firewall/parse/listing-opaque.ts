// Matches we recognise but do not evaluate (listing §5.1). Stateful ones depend on rates,
// history, marks or set contents (→ `stateful`); the rest test packet properties the simulator
// does not model (→ `unknown` with the module name). Each runs to the start of the next piece.
import type { Match } from '../model.js';

interface OpaqueModule {
  start: RegExp;
  module: string;
  /** set for stateful modules: why the result cannot be known */
  reason?: string;
  /** the text holds a double-quoted string that may contain anything (STRING, u32) */
  quoted?: boolean;
}

const MODULES: readonly OpaqueModule[] = [
  { start: /^limit: (?:up to|above) /, module: 'hashlimit', reason: 'a hashlimit rate depends on earlier traffic' },
  { start: /^limit: /, module: 'limit', reason: 'a rate limit depends on earlier traffic' },
  { start: /^recent: /, module: 'recent', reason: 'the recent list depends on earlier packets' },
  { start: /^match-set /, module: 'set', reason: 'the contents of the ipset are not known' },
  { start: /^(?:mark|MARK) match/, module: 'mark', reason: 'the packet mark is set elsewhere' },
  { start: /^(?:connmark|CONNMARK) match/, module: 'connmark', reason: 'the connection mark is set elsewhere' },
  { start: /^#conn /, module: 'connlimit', reason: 'the number of open connections is not known' },
  { start: /^socket(?=\s|$)/, module: 'socket', reason: 'depends on existing sockets' },
  { start: /^quota: /, module: 'quota', reason: 'a quota depends on earlier traffic' },
  { start: /^statistic mode /, module: 'statistic', reason: 'matches a random or nth share of packets' },
  { start: /^helper match /, module: 'helper', reason: 'depends on the connection tracking helper' },
  { start: /^MAC(?=[\s!0-9A-Fa-f])/, module: 'mac' },
  { start: /^PHYSDEV match/, module: 'physdev' },
  { start: /^length /, module: 'length' },
  { start: /^STRING match/, module: 'string', quoted: true },
  { start: /^PKTTYPE /, module: 'pkttype' },
  { start: /^tcpmss match/, module: 'tcpmss' },
  { start: /^u32 /, module: 'u32', quoted: true },
  { start: /^policy match/, module: 'policy' },
  { start: /^cgroup /, module: 'cgroup' },
  { start: /^(?:HL|TTL) match/, module: 'ttl' },
  { start: /^(?:TOS|DSCP|ECN) match/, module: 'dscp' },
  { start: /^TIME from /, module: 'time' },
  { start: /^UNKNOWN match /, module: 'unknown' },
];

export function startsOpaquePiece(rest: string): boolean {
  return MODULES.some((m) => m.start.test(rest));
}

/**
 * Reads an opaque module's text at `at`, up to `nextPiece(from)`. A leading `! ` (already
 * stepped over by the caller) is kept in the text.
 */
export function readOpaquePiece(s: string, at: number, negated: boolean, nextPiece: (from: number) => number): { end: number; matches: Match[] } | undefined {
  const module = MODULES.find((m) => m.start.test(s.slice(at)));
  if (!module) return undefined;
  let from = at + 1;
  if (module.quoted) from = Math.max(from, skipQuoted(s, at));
  const end = nextPiece(from);
  const text = `${negated ? '! ' : ''}${s.slice(at, end).trim()}`;
  const match: Match = module.reason === undefined
    ? { kind: 'unknown', module: module.module, text }
    : { kind: 'stateful', module: module.module, text, reason: module.reason };
  return { end, matches: [match] };
}

/** The offset after the first double-quoted string at or after `at` (honouring `\"`). */
function skipQuoted(s: string, at: number): number {
  const open = s.indexOf('"', at);
  if (open < 0) return at;
  for (let k = open + 1; k < s.length; k++) {
    if (s[k] === '\\') { k++; continue; }
    if (s[k] === '"') return k + 1;
  }
  return s.length;
}
