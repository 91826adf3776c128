// The forward rig: three namespaces as a Docker host has them. "ctr" is the container (eth0,
// 198.51.100.53/26 and 2001:db8:c0::53/64, default route via the bridge); "host" holds the
// bridge br0 (198.51.100.1, 2001:db8:c0::1) with the container's veth as a port, forwards both
// families, and routes the documentation nets out of wan0 to "world", which never answers (its
// peer drops everything in raw PREROUTING). Rules are loaded in the host; a probe is a real
// SYN from the container; the host's counters say which filter rule (or FORWARD's policy)
// decided it.
import { execFileSync } from 'node:child_process';
import type { Family } from '../../../src/firewall/model.js';
import type { DecidedBy } from '../../../src/firewall/simulate/types.js';
import { readSaveCounters, type CounterSnapshot, type KernelVerdict } from './counters.js';
import { detectKernelEnv } from './env.js';
import { createBareNamespace, deleteNamespace } from './namespace.js';
import { Prober } from './prober.js';

export const BRIDGE = 'br0';
export const WAN = 'wan0';
export const CONTAINER: Record<Family, string> = { 4: '198.51.100.53', 6: '2001:db8:c0::53' };
export const SUBNET: Record<Family, string> = { 4: '198.51.100.0/26', 6: '2001:db8:c0::/64' };
const GATEWAY: Record<Family, string> = { 4: '198.51.100.1', 6: '2001:db8:c0::1' };
const PREFIX_LEN: Record<Family, number> = { 4: 26, 6: 64 };
/** Destinations routed out of wan0 (the world); the host's own wan0 address is never probed. */
export const WORLD: Record<Family, string[]> = { 4: ['192.0.2.0/24', '203.0.113.0/24'], 6: ['2001:db8:1::/48', '2001:db8:3::/48'] };
const WAN_ADDRESS: Record<Family, string> = { 4: '203.0.113.254', 6: '2001:db8:3::fe' };
const BRIDGE_MAC = '02:00:00:00:00:01';

/** Added to every load: the counters must see the probe and nothing else (no ICMP, no REJECT's RST). */
const RAW_GUARD = ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', '-A PREROUTING ! -p tcp -j DROP', '-A OUTPUT -j DROP', 'COMMIT'];

export interface ForwardAnswer {
  verdict: KernelVerdict;
  decidedBy: DecidedBy;
  matched: string[];
}

export interface ForwardProbe {
  family: Family;
  dst: string;
  dport: number;
  sport: number;
  answer: ForwardAnswer;
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
}

function tool(family: Family, name: 'save' | 'restore'): string {
  return `${family === 6 ? 'ip6tables' : 'iptables'}-${name}`;
}

export class ForwardRig {
  private readonly names: string[] = [];
  private readonly host: Prober;
  private readonly container: Prober;
  private snapshot: CounterSnapshot = new Map();
  private family: Family = 4;
  private nextSport = 40000;

  constructor() {
    const env = detectKernelEnv();
    if (!env.ok) throw new Error(`kernel rig unavailable: ${env.reason}`);
    const [host, ctr, world] = ['fwd-host', 'fwd-ctr', 'fwd-world'].map((tag) => createBareNamespace(tag)) as [string, string, string];
    this.names.push(host, ctr, world);
    try {
      ip(['-n', host, 'link', 'add', BRIDGE, 'address', BRIDGE_MAC, 'type', 'bridge']);
      ip(['-n', host, 'link', 'add', 'vc0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ctr]);
      ip(['-n', host, 'link', 'set', 'vc0', 'master', BRIDGE, 'up']);
      ip(['-n', host, 'link', 'set', BRIDGE, 'up']);
      ip(['-n', host, 'link', 'add', WAN, 'type', 'veth', 'peer', 'name', 'wan0p', 'netns', world]);
      // no ARP/ND toward the world: the SYN leaves at once and nobody there takes it
      ip(['-n', host, 'link', 'set', WAN, 'arp', 'off', 'up']);
      ip(['-n', world, 'link', 'set', 'wan0p', 'arp', 'off', 'up']);
      ip(['-n', ctr, 'link', 'set', 'eth0', 'up']);
      for (const family of [4, 6] as const) {
        const v = family === 6 ? ['-6'] : [];
        const nodad = family === 6 ? ['nodad'] : [];
        ip(['-n', host, ...v, 'addr', 'add', `${GATEWAY[family]}/${PREFIX_LEN[family]}`, 'dev', BRIDGE, ...nodad]);
        ip(['-n', host, ...v, 'addr', 'add', `${WAN_ADDRESS[family]}/${family === 6 ? 128 : 32}`, 'dev', WAN, ...nodad]);
        for (const net of WORLD[family]) ip(['-n', host, ...v, 'route', 'add', net, 'dev', WAN]);
        ip(['-n', ctr, ...v, 'addr', 'add', `${CONTAINER[family]}/${PREFIX_LEN[family]}`, 'dev', 'eth0', ...nodad]);
        ip(['-n', ctr, ...v, 'route', 'add', 'default', 'via', GATEWAY[family], 'dev', 'eth0']);
        // a static neighbour: no ARP/ND before the SYN, so only the SYN crosses the host's hooks
        ip(['-n', ctr, ...v, 'neigh', 'replace', GATEWAY[family], 'lladdr', BRIDGE_MAC, 'dev', 'eth0', 'nud', 'permanent']);
      }
      execFileSync('ip', ['netns', 'exec', host, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0'], { stdio: 'ignore' });
      for (const t of ['iptables', 'ip6tables']) execFileSync('ip', ['netns', 'exec', world, t, '-t', 'raw', '-A', 'PREROUTING', '-j', 'DROP'], { stdio: 'ignore' });
    } catch (e) {
      this.deleteAll();
      throw e;
    }
    this.host = new Prober(host, env.python);
    this.container = new Prober(ctr, env.python);
  }

  /** Loads a ruleset (iptables-restore text) into the host; returns `iptables-save -c` right after. */
  async load(family: Family, restoreText: string): Promise<{ loaded: string; save: string }> {
    const loaded = [...RAW_GUARD, restoreText.trim(), ''].join('\n');
    try {
      await this.host.run([tool(family, 'restore')], loaded);
    } catch (e) {
      throw new Error(`the kernel refused the ruleset: ${(e as Error).message}\n${loaded}`);
    }
    this.family = family;
    const save = await this.host.run([tool(family, 'save'), '-c']);
    this.snapshot = readSaveCounters(save);
    return { loaded, save };
  }

  /** Runs a command in the host namespace (the nft tier loads native tables beside the iptables rules). */
  async runInHost(argv: string[], input?: string): Promise<string> {
    return this.host.run(argv, input);
  }

  /** One SYN from the container; waits until the host's raw PREROUTING has seen it, then reads the counters. */
  async probe(dst: string, dport: number): Promise<ForwardProbe> {
    const family = this.family;
    const sport = this.nextSport++;
    const reply = await this.container.probe({ family, src: CONTAINER[family], sport, dst, dport, uid: 0, gid: 0 });
    if (reply.connect !== 'EINPROGRESS') throw new Error(`connect() in the container said ${reply.connect}`);
    let after: CounterSnapshot = this.snapshot;
    for (let i = 0; i < 50; i++) {
      after = readSaveCounters(await this.host.run([tool(family, 'save'), '-c']));
      if (policyDelta(this.snapshot, after, 'raw', 'PREROUTING') >= 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const before = this.snapshot;
    this.snapshot = after;
    return { family, dst, dport, sport, answer: decideForward(before, after) };
  }

  close(): void {
    this.host.close();
    this.container.close();
    this.deleteAll();
  }

  private deleteAll(): void {
    for (const name of this.names) deleteNamespace(name);
  }
}

function policyDelta(before: CounterSnapshot, after: CounterSnapshot, table: string, chain: string): number {
  return (after.get(table)?.get(chain)?.policyPackets ?? 0) - (before.get(table)?.get(chain)?.policyPackets ?? 0);
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT']);

/**
 * The deciding rule of a forwarded packet: the one terminal filter rule whose counter moved
 * (FORWARD and the chains it jumps to), or FORWARD's policy when none did. Independent of the
 * project's parsers, like counters.ts.
 */
export function decideForward(before: CounterSnapshot, after: CounterSnapshot): ForwardAnswer {
  const moved: { table: string; chain: string; position: number; target?: string; text: string; delta: number }[] = [];
  for (const [table, chains] of after) {
    for (const [name, chain] of chains) {
      for (const rule of chain.rules) {
        const delta = rule.packets - (before.get(table)?.get(name)?.rules[rule.position - 1]?.packets ?? 0);
        if (delta !== 0) moved.push({ table, chain: name, position: rule.position, target: rule.target, text: rule.text, delta });
      }
    }
  }
  const matched = moved.map((m) => `${m.table} ${m.chain} #${m.position} ${m.text}`);
  const fail = (why: string): Error => new Error(`kernel counters inconsistent: ${why}\n  moved: ${matched.join('\n         ') || '(nothing)'}`);
  if (policyDelta(before, after, 'raw', 'PREROUTING') !== 1) throw fail('the probe did not cross the host\'s raw PREROUTING exactly once');
  const terminal = moved.filter((m) => m.table === 'filter' && m.target !== undefined && TERMINAL.has(m.target));
  const policy = policyDelta(before, after, 'filter', 'FORWARD');
  const decision = terminal[0];
  if (terminal.length === 1 && decision && decision.delta === 1 && policy === 0) {
    return { verdict: decision.target as KernelVerdict, decidedBy: { table: 'filter', chain: decision.chain, rule: decision.position }, matched };
  }
  if (terminal.length === 0 && policy === 1) {
    const p = after.get('filter')?.get('FORWARD')?.policy;
    if (p !== 'ACCEPT' && p !== 'DROP') throw fail(`filter FORWARD policy is ${p}`);
    return { verdict: p, decidedBy: { table: 'filter', chain: 'FORWARD', policy: true }, matched };
  }
  throw fail(`${terminal.length} terminal rules and a FORWARD policy counter change of ${policy}`);
}
