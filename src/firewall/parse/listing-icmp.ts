// ICMP and ICMPv6 match text as `-L` prints it (listing §5.1): `icmptype 8`, `icmp type 8`
// (≤1.4.10), `icmp !type 0`, `icmptype 3 code 4`, names without -n (`icmp echo-request`,
// `ipv6-icmp !port-unreachable`), `icmp any`. Names are read by the save parser's parseIcmpType.
import type { Family, Match } from '../model.js';
import { parseIcmpType } from './rule-spec-icmp.js';

export interface IcmpPiece {
  end: number;
  match?: Match;
}

/**
 * Reads an icmp/ipv6-icmp piece at `pos`. Returns the match, or only `end` when the text has
 * the shape of an icmp piece but names a type we do not know (the caller keeps it as unknown).
 */
export function readIcmpPiece(s: string, pos: number): IcmpPiece | undefined {
  const rest = s.slice(pos);
  const head = /^(ipv6-icmp|icmp)/.exec(rest);
  if (!head || head[1] === undefined) return undefined;
  const family: Family = head[1] === 'icmp' ? 4 : 6;
  const numeric = /^(?:ipv6-icmp|icmp) ?(!?) ?type ?(\d+)(?: code (\d+))?(?: codes (\d+)-(\d+))?(?=\s|$)/.exec(rest);
  if (numeric && numeric[2] !== undefined) {
    const type = Number(numeric[2]);
    const match: Match = { kind: 'icmp', family, negated: numeric[1] === '!', type: family === 4 && type === 255 ? 'any' : type };
    if (numeric[3] !== undefined) match.codes = { from: Number(numeric[3]), to: Number(numeric[3]) };
    if (numeric[4] !== undefined && numeric[5] !== undefined) match.codes = { from: Number(numeric[4]), to: Number(numeric[5]) };
    return { end: pos + numeric[0].length, match };
  }
  const named = /^(?:ipv6-icmp|icmp) (!?)([A-Za-z][\w-]*)(?=\s|$)/.exec(rest);
  if (!named || named[2] === undefined) return undefined;
  const end = pos + named[0].length;
  const known = parseIcmpType(named[2], family);
  if (!known) return { end };
  const match: Match = { kind: 'icmp', family, negated: named[1] === '!', type: known.type };
  if (known.codes) match.codes = known.codes;
  return { end, match };
}
