// Port matches as `-L` prints them (listing §5.1, libxt_tcp.c / libxt_udp.c / libxt_multiport.c):
// `tcp spt:53`, `dpts:1024:65535`, `dpt:!80`, `flags:0x17/0x02` (old: `dpt:22flags: 0x17/0x02`),
// `option=2`, `multiport dports 25,465:587`, `multiport dports  !25,587`, service names without -n.
import type { Match, Range } from '../model.js';
import { parsePortList, parseTcpFlags } from './rule-spec-values.js';

export interface PortPiece {
  end: number;
  matches: Match[];
  /** sub-texts we could not read (an unknown service name): kept by the caller as unknown */
  unread: string[];
}

// old userspace glues a match it cannot print to the port: `tcp dpt:443hashlimit [unsupported revision]`
const UNSUPPORTED = '(?:hashlimit|limit|cgroup|conntrack|state|recent|set|owner|mark|connmark|multiport|comment|string|addrtype|iprange|mac|socket|u32|policy|length|tcpmss|connlimit|physdev|pkttype) \\[unsupported revision\\]';
const PORT_OPTION = new RegExp(`^\\s*(spts?|dpts?):(!?)(\\S+?)(?=\\s|$|flags:|option=|spts?:|dpts?:|${UNSUPPORTED})`);

/** Reads `tcp …`/`udp …`/`sctp …`/`dccp …` with its sub-options at `pos`. */
export function readProtocolPortPiece(s: string, pos: number): PortPiece | undefined {
  // ≤1.4.x glues the first option to the name when it has no leading space: `tcpflags: 0x17/0x02`
  const head = /^(tcp|udp|sctp|dccp)(?=\s|$|flags:|option=|[sd]pts?:)/.exec(s.slice(pos));
  if (!head || head[1] === undefined) return undefined;
  const module = head[1];
  let at = pos + head[0].length;
  const matches: Match[] = [];
  const unread: string[] = [];
  for (;;) {
    const rest = s.slice(at);
    // ports may be glued to the next keyword in old output (`dpt:22flags:`), hence the lazy value
    const port = PORT_OPTION.exec(rest);
    if (port && port[1] !== undefined && port[3] !== undefined) {
      const ranges = readPortList(port[3]);
      const dir = port[1].startsWith('s') ? 'src' : 'dst';
      if (ranges) matches.push(portMatch(dir, port[2] === '!', ranges, port[3]));
      else unread.push(`${module} ${port[0].trim()}`);
      at += port[0].length;
      continue;
    }
    const flags = /^\s*flags: ?(!?)([^\s/]+)\/(\S+)/.exec(rest);
    if (flags && flags[2] !== undefined && flags[3] !== undefined) {
      const mask = readTcpFlags(flags[2]);
      const comparison = readTcpFlags(flags[3]);
      if (mask !== undefined && comparison !== undefined) matches.push({ kind: 'tcp-flags', negated: flags[1] === '!', mask, comparison });
      else unread.push(`${module} ${flags[0].trim()}`);
      at += flags[0].length;
      continue;
    }
    const option = /^\s*option=(!?)(\d+)(?=\s|$|flags:)/.exec(rest);
    if (option && option[2] !== undefined) {
      matches.push({ kind: 'tcp-option', negated: option[1] === '!', option: Number(option[2]) });
      at += option[0].length;
      continue;
    }
    return { end: at, matches, unread };
  }
}

/** Reads `multiport dports|sports|ports [!]LIST` at `pos`. */
export function readMultiportPiece(s: string, pos: number): PortPiece | undefined {
  const m = /^multiport (dports|sports|ports|destination-ports|source-ports) +(! ?)?(\S+)/.exec(s.slice(pos));
  if (!m || m[1] === undefined || m[3] === undefined) return undefined;
  const dir = m[1].startsWith('d') ? 'dst' : m[1].startsWith('s') ? 'src' : 'any';
  const ranges = readPortList(m[3]);
  const end = pos + m[0].length;
  if (!ranges) return { end, matches: [], unread: [m[0]] };
  return { end, matches: [portMatch(dir, m[2] !== undefined, ranges, m[3])], unread: [] };
}

function portMatch(dir: 'src' | 'dst' | 'any', negated: boolean, ranges: Range[], text: string): Match {
  const match: Match = { kind: 'port', dir, negated, ranges };
  // keep the names as printed (`smtp,submissions`) so evidence shows what the user saw
  const names = text.split(/[,:]/).filter((n) => !/^\d+$/.test(n));
  if (names.length > 0) match.names = names;
  return match;
}

/** Port list text → ranges; undefined when it is malformed or names an unknown service. */
function readPortList(text: string): Range[] | undefined {
  const list = parsePortList(text);
  return list && !list.unresolved ? list.ranges : undefined;
}

/** `0x17` (-n) or `FIN,SYN,RST,ACK` / `NONE` (without -n) → bit mask. */
function readTcpFlags(text: string): number | undefined {
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
  return parseTcpFlags(text);
}
