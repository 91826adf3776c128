// Seeded random nft rulesets: one to three tables (ip, ip6, inet) with an output base chain at
// a random priority (numbers and names with arithmetic), regular chains reached by jump and
// goto, and rules drawn from the expressions the front-end reads. Every rule counts, so the
// kernel tells which rules matched. Packets aim at the values the rules name.
import { parsePriority } from '../../../src/firewall/nft/priority.js';
import type { Rng } from '../../kernel/lib/random.js';

export interface NftPacket {
  family: 4 | 6;
  dst: string;
  dport: number;
  sport: number;
  uid: number;
  gid: number;
}

const V4 = ['192.0.2.1', '192.0.2.77', '198.51.100.9', '203.0.113.5'];
const V6 = ['2001:db8::1', '2001:db8::77', '2001:db8:1::9'];
const PORTS = [25, 465, 587, 2525, 80];
const UIDS = [0, 104, 1000];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return rng.pick(items);
}

function set(rng: Rng, items: string[]): string {
  return `{ ${rng.some(items, 1, 3).join(', ')} }`;
}

function match(rng: Rng, family: 'ip' | 'ip6' | 'inet'): string {
  const neg = rng.chance(0.25) ? '!= ' : '';
  const v4 = family !== 'ip6';
  const v6 = family !== 'ip';
  const choices: (() => string)[] = [
    () => `meta skuid ${neg}${rng.chance(0.3) ? set(rng, UIDS.map(String)) : pick(rng, UIDS)}`,
    () => `skgid ${neg}${pick(rng, UIDS)}`,
    () => `tcp dport ${neg}${rng.chance(0.3) ? set(rng, PORTS.map(String)) : rng.chance(0.2) ? '400-600' : pick(rng, PORTS)}`,
    () => `th dport ${neg}${pick(rng, PORTS)}`,
    () => `ct state ${neg}${pick(rng, ['new', 'established,related', 'new,established'])}`,
    () => `meta l4proto ${neg}${pick(rng, ['tcp', 'udp'])}`,
    () => `oifname ${neg}${pick(rng, ['"dm0"', '"lo"', '"dm*"', '"eth*"'])}`,
  ];
  // nft refuses meta nfproto outside inet
  if (family === 'inet') choices.push(() => `meta nfproto ${neg}${pick(rng, ['ipv4', 'ipv6'])}`);
  if (v4) choices.push(() => `ip daddr ${neg}${pick(rng, [pick(rng, V4), '192.0.2.0/24', '192.0.2.1-192.0.2.80', set(rng, V4)])}`);
  if (v6) choices.push(() => `ip6 daddr ${neg}${pick(rng, [pick(rng, V6), '2001:db8::/64', set(rng, V6)])}`);
  return pick(rng, choices)();
}

function verdict(rng: Rng, chains: string[], inBase: boolean): string {
  const options = ['accept', 'drop', 'reject', 'meta l4proto tcp counter reject with tcp reset', '', inBase ? 'accept' : 'return'];
  if (chains.length > 0) options.push(`jump ${pick(rng, chains)}`, `goto ${pick(rng, chains)}`);
  return pick(rng, options);
}

function chain(rng: Rng, family: 'ip' | 'ip6' | 'inet', name: string, callees: string[], base?: string): string {
  const lines = [`\tchain ${name} {`];
  if (base) lines.push(`\t\t${base}`);
  const n = rng.int(0, 4);
  for (let i = 0; i < n; i++) {
    const ms = Array.from({ length: rng.int(0, 2) }, () => match(rng, family));
    // one address family per rule (nft: "conflicting protocols specified"), one l4proto
    if (ms.some((m) => m.startsWith('ip daddr')) && ms.some((m) => m.startsWith('ip6 daddr'))) ms.pop();
    const v = verdict(rng, callees, base !== undefined);
    if (v.includes('tcp reset') && ms.some((m) => /l4proto|udp/.test(m))) ms.length = 0;
    if (ms.some((m) => m.includes('nfproto')) && ms.some((m) => m.includes('daddr'))) ms.length = 0;
    if (ms.some((m) => /l4proto (!= )?udp/.test(m)) && ms.some((m) => m.startsWith('tcp'))) ms.length = 0;
    lines.push(`\t\t${[...ms, v.includes('counter') ? '' : 'counter', v].filter(Boolean).join(' ')}`);
  }
  lines.push('\t}');
  return lines.join('\n');
}

// below conntrack (-200) `ct state` sees no connection (INVALID); -200 itself is left out: its
// order with conntrack is unspecified (mailleak answers maybe there)
const PRIORITIES = ['filter', 'filter + 10', 'filter - 5', '0', '10', 'security', 'mangle', '-150', '-110', 'raw', 'raw + 5', '-250'];

export function generateNftRuleset(rng: Rng): string {
  const tables: string[] = [];
  const count = rng.int(1, 3);
  // equal priorities run in an undefined order (nft(8)): each table gets its own
  const priorities = rng.some(PRIORITIES, count, count).filter((p, i, all) => all.findIndex((q) => parsePriority(q) === parsePriority(p)) === i);
  for (let t = 0; t < priorities.length; t++) {
    const family = pick(rng, ['ip', 'ip6', 'inet'] as const);
    const names = Array.from({ length: rng.int(0, 2) }, (_, i) => `c${i}`);
    // callees only jump forward (c0 → c1), so no loop is ever generated
    const chains = names.map((name, i) => chain(rng, family, name, names.slice(i + 1)));
    const policy = rng.chance(0.3) ? 'drop' : 'accept';
    const base = chain(rng, family, 'out', names, `type filter hook output priority ${priorities[t]}; policy ${policy};`);
    tables.push(`table ${family} t${t} {\n${[base, ...chains].join('\n')}\n}`);
  }
  return `${tables.join('\n')}\n`;
}

export function generateNftPacket(rng: Rng): NftPacket {
  const family = rng.chance(0.5) ? 4 : 6;
  return { family, dst: pick(rng, family === 4 ? V4 : V6), dport: pick(rng, PORTS), sport: rng.int(40000, 60000), uid: pick(rng, UIDS), gid: pick(rng, UIDS) };
}
