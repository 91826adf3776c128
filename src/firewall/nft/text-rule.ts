// One rule of nft text as statements: `meta skuid 104 ip daddr @smarthosts tcp dport 587
// counter packets 0 bytes 0 accept`. Expressions are read left to right (nft(8) PRIMARY
// EXPRESSIONS, PAYLOAD EXPRESSIONS, STATEMENTS); what is not recognised runs up to the next
// known keyword and becomes an unknown statement, never dropped.
import type { Op, Selector, Statement, Value, Verdict } from './ir.js';
import type { Token } from './tokens.js';

/** meta keys nft prints without `meta` (nft(8) META EXPRESSIONS: "[meta] {mark | iif | …}"). */
const BARE_META = new Set(['skuid', 'skgid', 'oif', 'oifname', 'iif', 'iifname', 'l4proto', 'nfproto', 'mark', 'protocol', 'pkttype', 'oiftype', 'iiftype', 'priority', 'length', 'cpu', 'cgroup', 'rtclassid']);
const PAYLOAD = new Set(['ip', 'ip6', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th', 'icmp', 'icmpv6', 'ether', 'vlan', 'arp', 'ah', 'esp', 'comp', 'igmp', 'gre']);
const VERDICTS = new Set(['accept', 'drop', 'return', 'continue', 'jump', 'goto', 'reject', 'queue', 'notrack', 'dnat', 'snat', 'masquerade', 'redirect']);
const STARTERS = new Set([...BARE_META, ...PAYLOAD, ...VERDICTS, 'xt', 'meta', 'ct', 'counter', 'log', 'limit', 'comment', 'quota', 'fib', 'rt', 'socket', 'osf', 'numgen', 'jhash', 'symhash']);
const OPS: Record<string, Op> = { '==': '==', eq: '==', '!=': '!=', ne: '!=', '<': '<', lt: '<', '>': '>', gt: '>', '<=': '<=', le: '<=', '>=': '>=', ge: '>=' };
/** nft(8) LOG STATEMENT options, each with one argument except the flags list. */
const LOG_OPTIONS = new Set(['prefix', 'level', 'group', 'snaplen', 'queue-threshold', 'flags']);

/** A single value: `25`, `1024-65535`, `10.0.0.0/8`, `"eth*"`, `@name`. */
export function atomValue(t: Token): Value {
  const text = t.text;
  if (t.quoted) return { kind: 'atom', text };
  if (text.startsWith('@')) return { kind: 'named', name: text.slice(1) };
  // (each regular expression only when its separator is there: 100,000 set elements pass here)
  const prefix = text.includes('/') ? /^(.+)\/(\d+)$/.exec(text) : null;
  if (prefix) return { kind: 'prefix', addr: prefix[1]!, len: Number(prefix[2]) };
  // ranges: ports 1024-65535, addresses 10.0.0.1-10.0.0.9 (IPv6 has no '-'; names may, so digits only)
  const range = text.includes('-') ? /^([\d.:a-fA-F]+)-([\d.:a-fA-F]+)$/.exec(text) : null;
  if (range && /\d/.test(range[1]![0]!) && /\d/.test(range[2]![0]!)) return { kind: 'range', from: range[1]!, to: range[2]! };
  return { kind: 'atom', text };
}

/** `{ a, b-c, d/8 }`, or one value, or a comma list `established,related`. */
export function parseValueTokens(tokens: Token[]): Value {
  if (tokens.length === 1) return atomValue(tokens[0]!);
  const inner = tokens[0]?.text === '{' && tokens[tokens.length - 1]?.text === '}' ? tokens.slice(1, -1) : tokens;
  const elems: Value[] = [];
  let group: Token[] = [];
  for (const t of [...inner, { text: ',', quoted: false, line: 0, column: 0 }]) {
    if ((t.text !== ',' && t.text !== '|') || t.quoted) {
      group.push(t);
      continue;
    }
    if (group.length === 1) elems.push(atomValue(group[0]!));
    else if (group.length > 1) elems.push({ kind: 'opaque', text: group.map((g) => g.text).join(' ') });
    group = [];
  }
  return inner === tokens ? { kind: 'flags', elems } : { kind: 'set', elems };
}

/** `{ 25 : jump smtp_out, 53 : accept }`; undefined when these are not key : verdict pairs. */
export function parseVmapEntries(tokens: Token[]): [Value, Verdict][] | undefined {
  const inner = tokens[0]?.text === '{' ? tokens.slice(1, tokens[tokens.length - 1]?.text === '}' ? -1 : undefined) : tokens;
  const out: [Value, Verdict][] = [];
  let group: Token[] = [];
  for (const t of [...inner, { text: ',', quoted: false, line: 0, column: 0 }]) {
    if (t.text !== ',' || t.quoted) {
      group.push(t);
      continue;
    }
    if (group.length === 0) continue;
    const colon = group.findIndex((g) => g.text === ':' || (g.text.endsWith(':') && g !== group[group.length - 1] && !g.text.endsWith('::')));
    if (colon < 0) return undefined;
    const key = group[colon]!.text === ':' ? group.slice(0, colon) : [...group.slice(0, colon), { ...group[colon]!, text: group[colon]!.text.slice(0, -1) }];
    const verdict = readVerdict(group.slice(colon + 1).map((g) => g.text));
    if (!verdict || key.length !== 1) return undefined;
    out.push([atomValue(key[0]!), verdict]);
    group = [];
  }
  return out;
}

/** accept, drop, jump X, reject with tcp reset …; undefined when the words are not a verdict. */
export function readVerdict(words: string[]): Verdict | undefined {
  const [w, next] = words;
  switch (w) {
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
      return { kind: w };
    case 'jump':
    case 'goto':
      return next === undefined ? undefined : { kind: w, chain: next };
    case 'reject':
      return words[1] === 'with' ? { kind: 'reject', with: words.slice(2).join(' ') } : { kind: 'reject' };
    case 'dnat':
    case 'snat':
    case 'redirect':
    case 'masquerade': {
      const at = words.indexOf('to');
      const action = w === 'dnat' ? 'DNAT' : w === 'snat' ? 'SNAT' : w === 'redirect' ? 'REDIRECT' : 'MASQUERADE';
      return at < 0 ? { kind: 'nat', action } : { kind: 'nat', action, to: words[at + 1] ?? '' };
    }
    case undefined:
      return undefined;
    default:
      return VERDICTS.has(w) ? { kind: 'other', name: w } : undefined;
  }
}

/** The tokens of one value: a `{…}` group, or one token and any `,`-joined ones after it. */
function takeValue(words: Token[], i: number): [Token[], number] {
  if (words[i]?.text === '{' && !words[i]!.quoted) {
    let depth = 0;
    let j = i;
    for (; j < words.length; j++) {
      if (words[j]!.quoted) continue;
      if (words[j]!.text === '{') depth++;
      if (words[j]!.text === '}' && --depth === 0) break;
    }
    return [words.slice(i, j + 1), j + 1];
  }
  let j = i + 1;
  // `established,related` as written; `established | related` as nft lists a != of flags
  while ((words[j]?.text === ',' || words[j]?.text === '|') && words[j + 1]) j += 2;
  return [words.slice(i, Math.min(j, words.length)), j];
}

function isStarter(t: Token | undefined): boolean {
  return t !== undefined && !t.quoted && STARTERS.has(t.text);
}

export function parseRuleTokens(words: Token[], onUnknown: (at: Token) => void): Statement[] {
  const out: Statement[] = [];
  let i = 0;
  const textOf = (from: number, to: number) => words.slice(from, to).map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(' ');
  const unknownUntilStarter = (from: number) => {
    let j = from + 1;
    while (j < words.length && !isStarter(words[j])) j++;
    onUnknown(words[from]!);
    out.push({ kind: 'unknown', text: textOf(from, j) });
    return j;
  };
  while (i < words.length) {
    const start = i;
    const w = words[i]!.text;
    let selector: Selector | undefined;
    if (w === 'meta' && words[i + 1]) (selector = { kind: 'meta', key: words[i + 1]!.text }), (i += 2);
    else if (BARE_META.has(w) && !words[i]!.quoted) (selector = { kind: 'meta', key: w }), (i += 1);
    else if (w === 'ct' && words[i + 1]) (selector = { kind: 'ct', key: words[i + 1]!.text }), (i += 2);
    else if (PAYLOAD.has(w) && words[i + 1] && !VERDICTS.has(w)) (selector = { kind: 'payload', protocol: w, field: words[i + 1]!.text }), (i += 2);
    if (selector) {
      const next = words[i]?.text;
      if (next === 'set') {
        // `meta mark set 1`, `ct mark set …`: changes the packet, never its verdict here
        const [, after] = takeValue(words, i + 1);
        out.push({ kind: 'log', text: textOf(start, after) });
        i = after;
        continue;
      }
      const op = next !== undefined && OPS[next] ? OPS[next]! : '==';
      if (next !== undefined && OPS[next]) i++;
      if (words[i]?.text === 'vmap') {
        const [group, after] = takeValue(words, i + 1);
        const named = group.length === 1 && group[0]!.text.startsWith('@') ? { named: group[0]!.text.slice(1) } : parseVmapEntries(group);
        if (named) out.push({ kind: 'vmap', key: selector, entries: named, text: textOf(start, after) });
        else out.push({ kind: 'unknown', text: textOf(start, after) }), onUnknown(words[start]!);
        i = after;
        continue;
      }
      if (i >= words.length) {
        // `tcp dport` alone is not a match: something we do not read
        i = unknownUntilStarter(start);
        continue;
      }
      const [group, after] = takeValue(words, i);
      out.push({ kind: 'match', left: selector, op, right: parseValueTokens(group), text: textOf(start, after) });
      i = after;
      continue;
    }
    if (w === 'counter') {
      const packets = words[i + 1]?.text === 'packets' ? Number(words[i + 2]?.text) : 0;
      const bytes = words[i + 3]?.text === 'bytes' ? Number(words[i + 4]?.text) : 0;
      out.push({ kind: 'counter', packets, bytes });
      i += words[i + 1]?.text === 'packets' ? 5 : words[i + 1]?.text === 'name' ? 3 : 1;
      continue;
    }
    if (w === 'comment') {
      out.push({ kind: 'comment', text: words[i + 1]?.text ?? '' });
      i += 2;
      continue;
    }
    if (w === 'log') {
      i++;
      while (i < words.length && LOG_OPTIONS.has(words[i]!.text)) i += 2;
      out.push({ kind: 'log', text: textOf(start, i) });
      continue;
    }
    if (w === 'limit' || w === 'quota') {
      i++;
      while (i < words.length && !isStarter(words[i])) i++;
      out.push({ kind: 'stateful', text: textOf(start, i) });
      continue;
    }
    if (w === 'xt' && !words[i]!.quoted && (words[i + 1]?.text === 'match' || words[i + 1]?.text === 'target')) {
      // an x_tables extension nft could not translate (`xt target "REJECT"`): no arguments shown
      const text = textOf(i, i + 3);
      if (words[i + 1]!.text === 'target') {
        out.push({ kind: 'verdict', verdict: { kind: 'other', name: `xt target ${words[i + 2]?.text ?? ''}` } });
        break;
      }
      out.push({ kind: 'unknown', text });
      i += 3;
      continue;
    }
    if (VERDICTS.has(w) && !words[i]!.quoted) {
      const verdict = readVerdict(words.slice(i).map((x) => x.text));
      if (verdict) {
        out.push({ kind: 'verdict', verdict });
        break; // a verdict ends the rule (nat and reject options are read by readVerdict)
      }
    }
    i = unknownUntilStarter(start);
  }
  return out;
}
