// Runs one scenario for real: builds the two namespaces, serves DNS on the host's loopback,
// starts the SMTP sink(s), loads the rulesets with iptables-restore, sends one message with
// Exim (-odf, foreground delivery), then reads what happened: the sinks' records and the mail
// host's own counters. Exim (and mailleak's live mode) read the scenario's configuration as
// /etc/exim4/exim4.conf inside the host namespace (see below). Everything is removed in stop(),
// also on failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDnsmasq, type DnsmasqServer } from '../../support/dnsmasq.js';
import { readSaveCounters, type CounterSnapshot } from '../../kernel/lib/counters.js';
import { labMain } from '../../mail/exim/support/exim-rig.js';
import { EXIM, PYTHON } from './env.js';
import { createPair, type Pair } from './net.js';
import { E2E_CONTAINER_NET, E2E_ZONE, WORLD_ADDRESSES, type Scenario } from './scenario.js';

export interface Delivery {
  family: 4 | 6;
  address: string;
  port: number;
}

export interface Reality {
  /** what the world's sink received: the message left the host over this address */
  left: Delivery[];
  /** what a sink on the mail host itself received (nat REDIRECT) */
  local: Delivery[];
  counters: Record<4 | 6, CounterSnapshot>;
  /** Exim's logs and what the sending command printed, for the failure message */
  eximLog: string;
}

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface ScenarioRig {
  reality: Reality;
  /** runs a command on the mail host, seeing the scenario's Exim configuration */
  onHost(cmd: string, args: string[], input?: string): Run;
  /** the scenario's Exim configuration file (for --exim-config) */
  eximConfigPath: string;
  stop(): Promise<void>;
}

const SINK = join(__dirname, 'sink.py');
const sinks = new Set<ChildProcess>();
process.once('exit', () => {
  for (const s of sinks) s.kill('SIGKILL');
});

export function eximUid(): number {
  return Number(spawnSync('id', ['-u', 'Debian-exim'], { encoding: 'utf8' }).stdout.trim());
}

export async function runScenario(s: Scenario, tag: string): Promise<ScenarioRig> {
  const dir = mkdtempSync(join(tmpdir(), 'ml-e2e-'));
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
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Exim writes its spool and logs as Debian-exim: it must be able to enter the directory
    chmodSync(dir, 0o755);
    pair = createPair(tag, WORLD_ADDRESSES, s.container ? E2E_CONTAINER_NET : undefined);
    for (const sub of ['spool', 'log']) mkdirSync(join(dir, sub));
    spawnSync('chown', ['-R', 'Debian-exim:Debian-exim', join(dir, 'spool'), join(dir, 'log')]);
    // `ip netns exec` bind-mounts /etc/netns/<host>/exim4 over /etc/exim4 (as it does with
    // resolv.conf), and Debian's exim4 reads /etc/exim4/exim4.conf first when it exists: Exim and
    // mailleak's live mode on the host read the scenario's configuration, the machine's own Exim
    // configuration is never touched. In a container scenario the host sees the same
    // configuration: it is the MTA's, as `docker exec` would show it to the collect script
    const sender = pair.container ?? pair.host;
    for (const ns of new Set([pair.host, sender])) {
      const eximDir = `/etc/netns/${ns}/exim4`;
      mkdirSync(eximDir, { recursive: true });
      writeFileSync(join(eximDir, 'exim4.conf'), eximConfig(s, dir));
      chmodSync(join(eximDir, 'exim4.conf'), 0o644);
    }
    const eximConfigPath = join(dir, 'exim4.conf');
    writeFileSync(eximConfigPath, eximConfig(s, dir));
    const host = pair.host;
    const onHost = (cmd: string, args: string[], input?: string): Run => inNamespace(host, cmd, args, input);

    for (const ns of new Set([host, sender])) servers.push(await startDnsmasq({ records: E2E_ZONE, netns: ns }));
    children.push(await startSink(pair.world, join(dir, 'world.jsonl'), [25, 587]));
    if (s.localSinkPort !== undefined) children.push(await startSink(host, join(dir, 'local.jsonl'), [s.localSinkPort]));
    const uid = String(eximUid());
    for (const [tool, text] of [['iptables-restore', s.v4], ['ip6tables-restore', s.v6]] as const) {
      const r = spawnSync('ip', ['netns', 'exec', host, tool], { input: text.replaceAll('{EXIM_UID}', uid), encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${tool} refused the scenario's ruleset: ${r.stderr}`);
    }
    zeroCounters(host, { iptables: tablesOf(s.v4), ip6tables: tablesOf(s.v6) });

    const sent = inNamespace(sender, EXIM, ['-odf', '-oi', '-f', 'sender@mailhost.test', s.recipient], `From: sender@mailhost.test\nTo: ${s.recipient}\nSubject: e2e\n\nhello\n`);
    const logs = () => ['mainlog', 'rejectlog', 'paniclog'].map((f) => join(dir, 'log', f)).filter(existsSync).map((f) => readFileSync(f, 'utf8'));
    if (sent.status === null) throw new Error(`exim did not finish: ${sent.stderr}\n${logs().join('\n')}`);
    const counters = { 4: readCounters(host, 'iptables-save'), 6: readCounters(host, 'ip6tables-save') };
    const reality: Reality = {
      left: readSink(join(dir, 'world.jsonl')),
      local: readSink(join(dir, 'local.jsonl')),
      counters,
      eximLog: [`exim exited ${sent.status}: ${sent.stdout}${sent.stderr}`, ...logs()].join('\n'),
    };
    return { reality, onHost, eximConfigPath, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function inNamespace(ns: string, cmd: string, args: string[], input?: string): Run {
  const r = spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { input, encoding: 'utf8', timeout: 40_000, maxBuffer: 64 << 20 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : ''), status: r.status };
}

function eximConfig(s: Scenario, dir: string): string {
  return [
    labMain(dir),
    'domainlist local_domains = @ : localhost',
    'begin routers',
    s.routers,
    'begin transports',
    // Exim 4.96 tries TCP Fast Open by default: connect() then returns at once and a dropped SYN
    // is only noticed by command_timeout (5m); without TFO connect_timeout applies
    'remote_smtp:\n  driver = smtp\n  connect_timeout = 2s\n  hosts_try_fastopen =\n  command_timeout = 10s\n',
    s.transports ?? '',
    'begin retry',
    '* * F,1h,15m',
    '',
  ].join('\n');
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

/** DNS answers on loopback and the sink's start-up count too: only the message's packets should. */
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
