// The little internet one truth scenario runs in, whatever the MTA (the e2e tier's Exim, the
// postfix tier's Postfix): the host/world namespace pair, DNS served on the host's loopback, the
// SMTP sink(s), and the scenario's rulesets loaded with iptables-restore in the host namespace.
// After the MTA sent, readWorld() says what happened: what the sinks received and the host's
// counters. stop() removes everything, and kills whatever still runs in the host namespace.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDnsmasq, type DnsmasqServer } from '../../support/dnsmasq.js';
import { readSaveCounters, type CounterSnapshot } from '../../kernel/lib/counters.js';
import { PYTHON } from './env.js';
import { createPair, type ContainerNet, type Pair } from './net.js';

export interface Delivery {
  family: 4 | 6;
  address: string;
  port: number;
}

export interface WorldSpec {
  /** the DNS zone text served to the host, and every address the world answers SMTP on */
  zone: string;
  worldAddresses: string[];
  /** iptables-save texts; each `{NAME}` of `replace` is replaced first (a uid, for owner rules) */
  v4: string;
  v6: string;
  replace?: Record<string, string>;
  /** a sink on the mail host itself (the target of a nat REDIRECT) */
  localSinkPort?: number;
  /** the MTA runs in a container namespace behind this bridge network of the host */
  container?: ContainerNet;
}

export interface WorldRead {
  /** what the world's sink received: the message left the host over this address */
  left: Delivery[];
  /** what a sink on the mail host itself received */
  local: Delivery[];
  counters: Record<4 | 6, CounterSnapshot>;
}

export interface World {
  pair: Pair;
  /** zeroes the counters: DNS answers and the MTA's start-up must not count, only the message */
  zeroCounters(): void;
  read(): WorldRead;
  stop(): Promise<void>;
}

const SINK = join(__dirname, 'sink.py');
const sinks = new Set<ChildProcess>();
process.once('exit', () => {
  for (const s of sinks) s.kill('SIGKILL');
});

/** Builds the world for one scenario; `dir` (the caller's) receives the sinks' records. */
export async function startWorld(s: WorldSpec, tag: string, dir: string): Promise<World> {
  let pair: Pair | undefined;
  const servers: DnsmasqServer[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    // a delivery still waiting on a dropped SYN must not outlive the scenario
    for (const ns of pair ? [pair.host, ...(pair.container ? [pair.container] : [])] : []) {
      spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split('\n').filter((p) => /^\d+$/.test(p)).forEach((p) => spawnSync('kill', ['-KILL', p]));
    }
    for (const c of children) {
      c.kill('SIGKILL');
      sinks.delete(c);
    }
    await Promise.all(servers.map((d) => d.stop()));
    pair?.remove();
  };
  try {
    pair = createPair(tag, s.worldAddresses, s.container);
    const host = pair.host;
    // the container resolves too (Docker hands it the host's resolver)
    for (const ns of new Set([host, pair.container ?? host])) servers.push(await startDnsmasq({ records: s.zone, netns: ns }));
    children.push(await startSink(pair.world, join(dir, 'world.jsonl'), [25, 587]));
    if (s.localSinkPort !== undefined) children.push(await startSink(host, join(dir, 'local.jsonl'), [s.localSinkPort]));
    for (const [tool, text] of [['iptables-restore', s.v4], ['ip6tables-restore', s.v6]] as const) {
      const replaced = Object.entries(s.replace ?? {}).reduce((t, [name, value]) => t.replaceAll(`{${name}}`, value), text);
      const r = spawnSync('ip', ['netns', 'exec', host, tool], { input: replaced, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${tool} refused the scenario's ruleset: ${r.stderr}`);
    }
    const tables = { iptables: tablesOf(s.v4), ip6tables: tablesOf(s.v6) };
    const read = (): WorldRead => ({
      left: readSink(join(dir, 'world.jsonl')),
      local: readSink(join(dir, 'local.jsonl')),
      counters: { 4: readCounters(host, 'iptables-save'), 6: readCounters(host, 'ip6tables-save') },
    });
    return { pair, zeroCounters: () => zeroCounters(host, tables), read, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function startSink(ns: string, out: string, ports: number[]): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, 'setpriv', '--pdeathsig', 'KILL', PYTHON, SINK, out, ports.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
  sinks.add(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SMTP sink did not start: ${err}`)), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`SMTP sink exited (${code}): ${err}`));
    });
  });
  return child;
}

function readSink(path: string): Delivery[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => {
    const r = JSON.parse(l) as { family: 4 | 6; address: string; port: number };
    return { family: r.family, address: r.address, port: r.port };
  });
}

function zeroCounters(ns: string, tables: Record<'iptables' | 'ip6tables', string[]>): void {
  for (const [tool, names] of Object.entries(tables)) {
    for (const table of names) spawnSync('ip', ['netns', 'exec', ns, tool, '-t', table, '-Z']);
  }
}

function tablesOf(saveText: string): string[] {
  return [...saveText.matchAll(/^\*(\w+)/gm)].map((m) => m[1]!);
}

function readCounters(ns: string, tool: string): CounterSnapshot {
  return readSaveCounters(spawnSync('ip', ['netns', 'exec', ns, tool, '-c'], { encoding: 'utf8' }).stdout);
}
