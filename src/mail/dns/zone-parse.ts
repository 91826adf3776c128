// Reads resource records from a zone file or from dig output (RFC 1035 §5.1 master-file format):
// $ORIGIN, $TTL, `@`, relative names, omitted owner/TTL/class, comments, parentheses. Only MX, A,
// AAAA and CNAME matter for mail routing; SOA marks a complete zone; other types are kept as
// `other`. Bad entries become diagnostics with their line, never exceptions.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';
import { formatIp, parseIp } from '../../firewall/address.js';
import { readDigComments, type DigSection } from './dig-comments.js';
import { lexZoneText, type ZoneEntry } from './zone-lex.js';
import { normaliseName, type ZoneRecord } from './zone-record.js';

export interface ZoneParseResult {
  records: ZoneRecord[];
  diagnostics: Diagnostic[];
}

export interface ZoneParseOptions {
  /** the origin before any $ORIGIN line, e.g. "gmail.com" for gmail.com.zone; default: the root */
  zoneOrigin?: string;
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);
const KNOWN_TYPES = new Set([
  'A', 'AAAA', 'MX', 'CNAME', 'SOA', 'NS', 'TXT', 'SPF', 'SRV', 'PTR', 'CAA', 'DNAME', 'DS', 'DNSKEY', 'RRSIG',
  'NSEC', 'NSEC3', 'NSEC3PARAM', 'TLSA', 'HINFO', 'SSHFP', 'HTTPS', 'SVCB', 'NAPTR', 'LOC', 'RP', 'URI', 'OPT',
]);
const TTL = /^(\d+|(\d+[smhdw])+)$/i;
const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;

interface State {
  origin: string | undefined;
  owner: string | undefined;
  warnedRelative: boolean;
}

export function parseZoneText(text: string, origin: string, options: ZoneParseOptions = {}): ZoneParseResult {
  const lexed = lexZoneText(text);
  const dig = readDigComments(lexed.comments, origin);
  const result: ZoneParseResult = { records: [], diagnostics: [...dig.diagnostics] };
  const state: State = {
    origin: options.zoneOrigin === undefined ? undefined : normaliseName(options.zoneOrigin),
    owner: undefined,
    warnedRelative: false,
  };
  for (const entry of lexed.entries) {
    const loc: SourceLoc = { origin, line: entry.line, text: entry.text };
    if (entry.problem) {
      result.diagnostics.push(diagnostic('dns-zone-syntax', { problem: entry.problem }, loc));
      continue;
    }
    const record = readEntry(entry, state, loc, result.diagnostics);
    // records in dig's AUTHORITY section only explain an empty answer (the SOA of the zone that
    // said "no"); taking them as zone content would turn every other name into NXDOMAIN
    if (record && sectionAt(dig.sectionStarts, entry.line) !== 'authority') result.records.push(record);
  }
  for (const r of dig.absent) result.records.push(r);
  return result;
}

function sectionAt(starts: { line: number; section: DigSection }[], line: number): DigSection {
  let section: DigSection = 'none';
  for (const start of starts) if (start.line < line) section = start.section;
  return section;
}

function readEntry(entry: ZoneEntry, state: State, loc: SourceLoc, out: Diagnostic[]): ZoneRecord | undefined {
  const tokens = [...entry.tokens];
  const first = tokens[0]!;
  if (!entry.ownerOmitted && first.startsWith('$')) {
    readDirective(first.toUpperCase(), tokens.slice(1), state, loc, out);
    return undefined;
  }
  if (!entry.ownerOmitted) {
    tokens.shift();
    state.owner = first === '@' ? requireOrigin(state, loc, out) : absoluteName(first, state, loc, out);
    if (state.owner === undefined) return undefined;
  }
  if (state.owner === undefined) {
    out.push(diagnostic('dns-zone-owner', {}, loc));
    return undefined;
  }
  let ttl: number | undefined;
  // an index, not tokens.shift() in the loop: 100,000 TTL-like tokens on one line made that quadratic
  let skip = 0;
  while (skip < tokens.length && (TTL.test(tokens[skip]!) || CLASSES.has(tokens[skip]!.toUpperCase()))) {
    if (TTL.test(tokens[skip]!)) ttl = parseTtl(tokens[skip]!);
    skip++;
  }
  tokens.splice(0, skip);
  const rrtype = tokens.shift()?.toUpperCase();
  if (!rrtype) {
    out.push(diagnostic('dns-zone-type', {}, loc));
    return undefined;
  }
  if (!KNOWN_TYPES.has(rrtype) && !/^TYPE\d+$/.test(rrtype)) {
    out.push(diagnostic('dns-zone-type', { rrtype }, loc));
    return undefined;
  }
  return readRdata(state.owner, ttl, rrtype, tokens, state, loc, out);
}

function readRdata(name: string, ttl: number | undefined, rrtype: string, data: string[], state: State, loc: SourceLoc, out: Diagnostic[]): ZoneRecord | undefined {
  // the record data does not have the shape its type needs; the wording says which shape
  const bad = (type: 'MX' | 'A' | 'AAAA' | 'CNAME' | 'SOA') => {
    out.push(diagnostic('dns-zone-rdata', { rrtype: type, name }, loc));
    return undefined;
  };
  const ttlPart = ttl === undefined ? {} : { ttl };
  switch (rrtype) {
    case 'MX': {
      const preference = Number(data[0]);
      if (data.length !== 2 || !/^\d+$/.test(data[0]!) || preference > 65535) return bad(rrtype);
      // an address where a host name belongs: keep it as written, the planner reports it (RFC 5321 §5.1)
      const exchange = IPV4_LITERAL.test(data[1]!) ? data[1]! : absoluteName(data[1]!, state, loc, out);
      return { type: 'MX', name, ...ttlPart, preference, exchange };
    }
    case 'A':
    case 'AAAA': {
      const ip = data.length === 1 ? parseIp(data[0]!) : undefined;
      if (!ip || (ip.family === 4) !== (rrtype === 'A')) return bad(rrtype);
      return { type: rrtype, name, ...ttlPart, address: formatIp(ip) };
    }
    case 'CNAME':
      if (data.length !== 1) return bad(rrtype);
      return { type: 'CNAME', name, ...ttlPart, target: absoluteName(data[0]!, state, loc, out) };
    case 'SOA':
      if (data.length !== 7) return bad(rrtype);
      return { type: 'SOA', name, ...ttlPart, data: [...data.slice(0, 2).map((n) => absoluteName(n, state, loc, out)), ...data.slice(2)].join(' ') };
    default:
      out.push(diagnostic('dns-zone-ignored', { rrtype, name }, loc));
      return { type: 'other', name, ...ttlPart, rrtype, data: data.join(' ') };
  }
}

function readDirective(directive: string, args: string[], state: State, loc: SourceLoc, out: Diagnostic[]): void {
  if (directive === '$ORIGIN' && args.length === 1 && args[0]!.endsWith('.')) {
    state.origin = normaliseName(args[0]!);
  } else if (directive === '$ORIGIN') {
    out.push(diagnostic('dns-zone-directive', { problem: 'origin-value', directive }, loc));
  } else if (directive === '$TTL') {
    // the default TTL does not change routing; accepted and not kept
    if (args.length !== 1 || !TTL.test(args[0]!)) out.push(diagnostic('dns-zone-directive', { problem: 'ttl-value', directive }, loc));
  } else {
    out.push(diagnostic('dns-zone-directive', { problem: 'unsupported', directive }, loc, 'warning'));
  }
}

function requireOrigin(state: State, loc: SourceLoc, out: Diagnostic[]): string | undefined {
  if (state.origin === undefined) out.push(diagnostic('dns-zone-origin', {}, loc));
  return state.origin;
}

/** Absolute names end in "."; others are relative to the origin (RFC 1035 §5.1). */
function absoluteName(name: string, state: State, loc: SourceLoc, out: Diagnostic[]): string {
  if (name === '@') return requireOrigin(state, loc, out) ?? '';
  if (name.endsWith('.')) return normaliseName(name);
  if (state.origin === undefined) {
    if (!state.warnedRelative) {
      out.push(diagnostic('dns-zone-relative', { name }, loc));
      state.warnedRelative = true;
    }
    return normaliseName(name);
  }
  return normaliseName(state.origin === '' ? name : `${name}.${state.origin}`);
}

function parseTtl(token: string): number {
  if (/^\d+$/.test(token)) return Number(token);
  const seconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, n, unit] of token.toLowerCase().matchAll(/(\d+)([smhdw])/g)) total += Number(n) * seconds[unit!]!;
  return total;
}
