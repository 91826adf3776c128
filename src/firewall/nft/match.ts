// One nft match (selector, operator, value) as model matches, with the dependencies nft adds
// itself (nft(8) PAYLOAD EXPRESSIONS): `tcp dport` implies `meta l4proto tcp`, `ip daddr`
// implies `meta nfproto ipv4` — so in an inet table `ip daddr != X` never matches IPv6.
import type { AddressSpec } from '../address.js';
import { parseCidr } from '../address.js';
import type { ConnState, Match, Range } from '../model.js';
import type { Op, Selector, Value } from './ir.js';

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, sctp: 132, udplite: 136, dccp: 33, esp: 50, ah: 51, gre: 47, igmp: 2 };
const STATES: Record<string, ConnState> = { new: 'NEW', established: 'ESTABLISHED', related: 'RELATED', invalid: 'INVALID', untracked: 'UNTRACKED' };

/** Named sets of the table, already resolved to their elements. */
export type SetLookup = (name: string) => Value[] | undefined;

/** The elements a value stands for; undefined when a named set is not known. */
function elementsOf(v: Value, sets: SetLookup): Value[] | undefined {
  if (v.kind === 'set' || v.kind === 'flags') return v.elems;
  if (v.kind === 'named') return sets(v.name);
  return [v];
}

function num(text: string): number | undefined {
  return /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : undefined;
}

/** A numeric value as a range under an operator: `< 1024` is 0-1023. */
function numericRanges(v: Value, op: Op, max: number): Range[] | undefined {
  if (v.kind === 'range') {
    const from = num(v.from);
    const to = num(v.to);
    return from === undefined || to === undefined ? undefined : [{ from, to }];
  }
  if (v.kind !== 'atom') return undefined;
  const n = num(v.text);
  if (n === undefined) return undefined;
  switch (op) {
    case '==':
    case '!=':
      return [{ from: n, to: n }];
    case '<':
      return [{ from: 0, to: n - 1 }];
    case '<=':
      return [{ from: 0, to: n }];
    case '>':
      return [{ from: n + 1, to: max }];
    case '>=':
      return [{ from: n, to: max }];
  }
}

function address(v: Value, dir: 'src' | 'dst', negated: boolean): Match | undefined {
  if (v.kind === 'prefix' || (v.kind === 'atom' && !v.text.includes('/'))) {
    // an atom is read once (parseCidr of a bare address is that address; anything else is undefined)
    const spec: AddressSpec | undefined = parseCidr(v.kind === 'prefix' ? `${v.addr}/${v.len}` : v.text);
    return spec ? { kind: 'address', dir, negated, address: spec } : undefined;
  }
  if (v.kind === 'range') {
    const from = parseCidr(v.from);
    const to = parseCidr(v.to);
    return from && to ? { kind: 'iprange', dir, negated, from, to } : undefined;
  }
  return undefined;
}

/** One element as a positive match of the selector's kind; undefined when not understood. */
function element(sel: Selector, v: Value, op: Op): Match | undefined {
  const key = sel.kind === 'payload' ? `${sel.protocol} ${sel.field}` : `${sel.kind} ${sel.key}`;
  switch (key) {
    case 'meta skuid':
    case 'meta skgid': {
      const range = numericRanges(v, op, 0xffffffff)?.[0];
      const id = range ? { negated: false, range } : v.kind === 'atom' ? { negated: false, range: { from: 0, to: 0 }, name: v.text } : undefined;
      if (!id) return undefined;
      return key === 'meta skuid' ? { kind: 'owner', uid: id, noSocket: 'no-match' } : { kind: 'owner', gid: id, noSocket: 'no-match' };
    }
    case 'meta oifname':
    case 'meta oif':
    case 'meta iifname':
    case 'meta iif':
      if (v.kind !== 'atom') return undefined;
      // nft's `eth*` wildcard is iptables' `eth+`
      return { kind: 'interface', dir: key.startsWith('meta o') ? 'out' : 'in', negated: false, name: v.text.endsWith('*') ? `${v.text.slice(0, -1)}+` : v.text };
    case 'meta l4proto':
    case 'ip protocol':
    case 'ip6 nexthdr': {
      const p = v.kind === 'atom' ? (PROTOCOLS[v.text] ?? num(v.text)) : undefined;
      return p === undefined ? undefined : { kind: 'protocol', negated: false, protocol: p, text: v.kind === 'atom' ? v.text : '' };
    }
    case 'meta nfproto':
    case 'meta protocol':
      if (v.kind !== 'atom' || !/^(ipv4|ipv6|ip|ip6)$/.test(v.text)) return undefined;
      return { kind: 'family', negated: false, family: v.text === 'ipv4' || v.text === 'ip' ? 4 : 6 };
    case 'ip saddr':
    case 'ip6 saddr':
      return address(v, 'src', false);
    case 'ip daddr':
    case 'ip6 daddr':
      return address(v, 'dst', false);
  }
  if (sel.kind === 'payload' && (sel.field === 'dport' || sel.field === 'sport') && ['tcp', 'udp', 'th', 'sctp', 'udplite', 'dccp'].includes(sel.protocol)) {
    const ranges = numericRanges(v, op, 65535);
    return ranges ? { kind: 'port', dir: sel.field === 'dport' ? 'dst' : 'src', negated: false, ranges } : undefined;
  }
  return undefined;
}

/**
 * The implicit dependency of a payload selector (nft adds it when the rule is loaded): it holds
 * even when the rest of the expression is not understood (`icmp type echo-request` never
 * matches a TCP packet), so an unknown match keeps it.
 */
export function dependency(sel: Selector): Match[] {
  if (sel.kind !== 'payload') return [];
  if (sel.protocol === 'ip') return [{ kind: 'family', negated: false, family: 4 }];
  if (sel.protocol === 'ip6') return [{ kind: 'family', negated: false, family: 6 }];
  const p = PROTOCOLS[sel.protocol];
  return p === undefined ? [] : [{ kind: 'protocol', negated: false, protocol: p, text: sel.protocol }];
}

/** The model's matches for `left op right`; undefined when not understood (the caller keeps it as unknown). */
export function matchesOf(left: Selector, op: Op, right: Value, text: string, sets: SetLookup): Match[] | undefined {
  if (left.kind === 'ct' && left.key === 'state') {
    const elems = elementsOf(right, sets);
    const states = elems?.map((e) => (e.kind === 'atom' ? STATES[e.text] : undefined));
    if (!states || states.some((s) => s === undefined) || (op !== '==' && op !== '!=')) return undefined;
    // `ct state != new,established` compares the state with the or-ed flags (nft 1.0.6 --debug=netlink:
    // `cmp neq reg 1 0x0000000a`): a connection has one state, so it always differs (kernel tier)
    if (op === '!=' && right.kind === 'flags' && states.length > 1) return [];
    return [{ kind: 'state', module: 'conntrack', negated: op === '!=', states: states as ConnState[] }];
  }
  const elems = elementsOf(right, sets);
  if (!elems) return undefined;
  const negated = op === '!=';
  const matches = elems.map((e) => element(left, e, negated ? '==' : op));
  if (matches.length === 0 || matches.some((m) => m === undefined)) return undefined;
  const all = matches as Match[];
  let main: Match;
  if (all.length === 1 && right.kind !== 'set' && right.kind !== 'named' && right.kind !== 'flags') main = negate(all[0]!, negated);
  else if (all.every((m) => m.kind === 'port')) main = { kind: 'port', dir: (all[0] as { dir: 'src' | 'dst' }).dir, negated, ranges: all.flatMap((m) => (m.kind === 'port' ? m.ranges : [])) };
  else main = { kind: 'any-of', negated, matches: all, text };
  return [...dependency(left), main];
}

function negate(m: Match, negated: boolean): Match {
  if (!negated) return m;
  if (m.kind === 'owner') return { ...m, ...(m.uid ? { uid: { ...m.uid, negated: true } } : {}), ...(m.gid ? { gid: { ...m.gid, negated: true } } : {}) };
  if ('negated' in m) return { ...m, negated: true } as Match;
  return m;
}
