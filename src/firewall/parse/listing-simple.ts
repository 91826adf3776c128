// Deterministic matches with a short fixed print form (listing §5.1): owner (libxt_owner.c),
// iprange (libxt_iprange.c) and addrtype (libxt_addrtype.c).
import type { Match, OwnerId } from '../model.js';
import { parseHostRange } from './rule-spec-values.js';

interface SimplePiece {
  end: number;
  matches: Match[];
  unknown?: boolean;
}

/** Names every system maps the same way; other user/group names stay names (see OwnerId). */
const FIXED_IDS: Record<string, number> = { root: 0 };

/**
 * `owner UID match 1000`, `owner UID match 1000-2000`, `owner UID match root`, `! owner GID match 33`,
 * `owner GID match 33 incl. suppl. groups`, `owner socket exists`.
 */
export function readOwnerPiece(s: string, at: number, negated: boolean): SimplePiece | undefined {
  const rest = s.slice(at);
  if (rest.startsWith('owner socket exists')) {
    return { end: at + 'owner socket exists'.length, matches: [{ kind: 'owner', socketExists: { negated } }] };
  }
  const m = /^owner (UID|GID) match (! ?)?(\S+)/.exec(rest);
  if (!m || m[1] === undefined || m[3] === undefined) return undefined;
  let end = at + m[0].length;
  const id = readOwnerId(m[3], negated || m[2] !== undefined);
  const suppl = /^\s+incl\. suppl\. groups/.exec(s.slice(end));
  if (suppl) {
    // --suppl-groups also matches the process's supplementary groups, which we cannot see
    end += suppl[0].length;
    return { end, matches: [{ kind: 'unknown', module: 'owner', text: `${negated ? '! ' : ''}${s.slice(at, end)}` }] };
  }
  return { end, matches: [m[1] === 'UID' ? { kind: 'owner', uid: id } : { kind: 'owner', gid: id }] };
}

/**
 * A printed id or name. A name we cannot turn into a number keeps the range -1..-1, which no
 * real id has: the simulator must read `name` and answer maybe (see OwnerId.name).
 */
function readOwnerId(text: string, negated: boolean): OwnerId {
  const range = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (range && range[1] !== undefined) return { negated, range: { from: Number(range[1]), to: Number(range[2] ?? range[1]) } };
  const fixed = FIXED_IDS[text];
  if (fixed !== undefined) return { negated, range: { from: fixed, to: fixed }, name: text };
  return { negated, range: { from: -1, to: -1 }, name: text };
}

/** `source IP range A-B`, `destination IP range ! A-B` (always numeric). */
export function readIprangePiece(s: string, at: number): SimplePiece | undefined {
  const m = /^(source|destination) IP range (! ?)?([^\s-]+)-([^\s-]+)/.exec(s.slice(at));
  if (!m || m[1] === undefined || m[3] === undefined || m[4] === undefined) return undefined;
  const end = at + m[0].length;
  const range = parseHostRange(`${m[3]}-${m[4]}`);
  if (!range) return { end, matches: [{ kind: 'unknown', module: 'iprange', text: m[0] }], unknown: true };
  return { end, matches: [{ kind: 'iprange', dir: m[1] === 'source' ? 'src' : 'dst', negated: m[2] !== undefined, ...range }] };
}

/** `ADDRTYPE match dst-type LOCAL`, `src-type !BROADCAST,MULTICAST limit-in`, rev 0 `dst-typeLOCAL`. */
export function readAddrtypePiece(s: string, at: number): SimplePiece | undefined {
  if (!s.startsWith('ADDRTYPE match', at)) return undefined;
  let end = at + 'ADDRTYPE match'.length;
  const parts: { dir: 'src' | 'dst'; negated: boolean; types: string[] }[] = [];
  let limitIfaceIn = false;
  let limitIfaceOut = false;
  for (;;) {
    const rest = s.slice(end);
    const type = /^\s+(src|dst)-type ?(!?)([A-Z_,]+)(?=\s|$)/.exec(rest);
    if (type && type[1] !== undefined && type[3] !== undefined) {
      parts.push({ dir: type[1] as 'src' | 'dst', negated: type[2] === '!', types: type[3].split(',') });
      end += type[0].length;
      continue;
    }
    const limit = /^\s+limit-(in|out)(?=\s|$)/.exec(rest);
    if (limit) {
      if (limit[1] === 'in') limitIfaceIn = true;
      else limitIfaceOut = true;
      end += limit[0].length;
      continue;
    }
    break;
  }
  if (parts.length === 0) return { end, matches: [{ kind: 'unknown', module: 'addrtype', text: s.slice(at, end) }], unknown: true };
  const matches: Match[] = parts.map((p) => {
    const match: Match = { kind: 'addrtype', dir: p.dir, negated: p.negated, types: p.types };
    if (limitIfaceIn) match.limitIfaceIn = true;
    if (limitIfaceOut) match.limitIfaceOut = true;
    return match;
  });
  return { end, matches };
}
