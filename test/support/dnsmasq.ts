// A real DNS server for tests: dnsmasq in the foreground on loopback (or inside a network
// namespace the caller created), serving the given records. dnsmasq is started under
// `setpriv --pdeathsig KILL` and killed on process exit, so a crashed test never leaves it running.
//
// What the server answers (verified with dnsmasq 2.90, Debian 12):
// - names from the records: their records; other types of such a name: NODATA
//   (every owner name and every SOA owner is made `--local`, dnsmasq's "only locally-known" mode);
// - any other name under a `--local` domain (the SOA owners, the owners, `nxdomain` zones,
//   default `nx.test`): NXDOMAIN;
// - names under a `servfail` zone (default `fail.test`): SERVFAIL, passed on from a tiny upstream
//   that answers SERVFAIL to everything (dnsmasq answers a dead upstream with silence, not SERVFAIL);
// - anything else: REFUSED (no upstream servers).
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { parseZoneText } from '../../src/mail/dns/zone-parse.js';
import type { ZoneRecord } from '../../src/mail/dns/zone-record.js';
import { diagnosticMessage } from '../../src/report/diagnostic-text.js';

export interface DnsmasqOptions {
  records: ZoneRecord[] | string;
  /** run inside this network namespace (created by the caller); loopback is brought up */
  netns?: string;
  /** default 127.0.0.1 */
  address?: string;
  /** default: a free high port; 53 inside a netns */
  port?: number;
  /** zones where every unknown name is NXDOMAIN; default ['nx.test'] (SOA owners always are) */
  nxdomain?: string[];
  /** zones where every query gets SERVFAIL; default ['fail.test'] */
  servfail?: string[];
}

export interface DnsmasqServer {
  address: string;
  port: number;
  /** "127.0.0.1:5353" or "[::1]:5353", for createLiveResolver({ server }) */
  server: string;
  stop(): Promise<void>;
}

const DNSMASQ = '/usr/sbin/dnsmasq';
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** null when dnsmasq can run here, else the reason it cannot. */
export function dnsmasqAvailable(): string | null {
  if (!existsSync(DNSMASQ)) return `${DNSMASQ} not found (Debian package dnsmasq-base)`;
  if (process.platform !== 'linux') return 'dnsmasq tests need Linux';
  if (process.getuid?.() !== 0) return 'dnsmasq tests need root (they run dnsmasq with --user=root)';
  if (!existsSync('/usr/bin/setpriv')) return '/usr/bin/setpriv not found (util-linux)';
  return null;
}

export async function startDnsmasq(opts: DnsmasqOptions): Promise<DnsmasqServer> {
  const why = dnsmasqAvailable();
  if (why) throw new Error(`cannot start dnsmasq: ${why}`);
  const records = typeof opts.records === 'string' ? parseRecords(opts.records) : opts.records;
  const address = opts.address ?? '127.0.0.1';
  if (opts.netns) await run(['ip', 'netns', 'exec', opts.netns, 'ip', 'link', 'set', 'lo', 'up']);
  const port = opts.port ?? (opts.netns ? 53 : await freePort(address));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  try {
    const servfail = opts.servfail ?? ['fail.test'];
    let upstream: number | undefined;
    if (servfail.length > 0) {
      upstream = opts.netns ? port + 5300 : await freePort(address);
      const responder = launch(opts.netns, [process.execPath, '-e', SERVFAIL_UPSTREAM, address, String(upstream)]);
      children.push(responder);
      await waitUntilAnswering(responder, address, upstream, opts.netns);
    }
    const args = dnsmasqArgs(records, address, port, opts.nxdomain ?? ['nx.test'], servfail, upstream);
    const dnsmasq = launch(opts.netns, [DNSMASQ, ...args]);
    children.push(dnsmasq);
    await waitUntilAnswering(dnsmasq, address, port, opts.netns);
    return { address, port, server: hostPort(address, port), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function parseRecords(text: string): ZoneRecord[] {
  const parsed = parseZoneText(text, 'dnsmasq records');
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bad zone text: ${errors.map((d) => `line ${d.loc?.line}: ${diagnosticMessage(d)}`).join('; ')}`);
  return parsed.records;
}

/** The dnsmasq command line that serves `records` (see the header for what it answers). */
export function dnsmasqArgs(records: ZoneRecord[], address: string, port: number, nxdomain: string[], servfail: string[], upstream?: number): string[] {
  const args = [
    '--no-daemon', '--log-facility=-', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--no-negcache',
    '--user=root', '--pid-file=', '--bind-interfaces', `--listen-address=${address}`, `--port=${port}`,
  ];
  const local = new Set(nxdomain);
  const addresses = new Map<string, string[]>();
  for (const r of records) {
    switch (r.type) {
      case 'MX':
        args.push(`--mx-host=${r.name},${r.exchange || '.'},${r.preference}`);
        break;
      case 'A':
      case 'AAAA':
        addresses.set(r.name, [...(addresses.get(r.name) ?? []), r.address]);
        break;
      case 'CNAME':
        args.push(`--cname=${r.name},${r.target}`);
        break;
      case 'SOA':
        break;
      case 'absent':
        if (r.nxdomain) local.add(r.name);
        break;
      case 'other':
        if (r.rrtype === 'TXT') args.push(`--txt-record=${r.name},${r.data}`);
        break;
    }
    if (r.type !== 'absent' && r.name !== '') local.add(r.name);
  }
  // dnsmasq takes one IPv4 and one IPv6 address per --host-record; repeating it adds more
  for (const [name, list] of addresses) for (const a of list) args.push(`--host-record=${name},${a}`);
  for (const zone of local) args.push(`--local=/${zone}/`);
  if (upstream !== undefined) for (const zone of servfail) args.push(`--server=/${zone}/${address}#${upstream}`);
  return args;
}

function launch(netns: string | undefined, command: string[]): ChildProcess {
  const inNs = netns ? ['ip', 'netns', 'exec', netns] : [];
  // pdeathsig: if this test process dies without cleaning up, the kernel kills the server
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', ...inNs, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  child.once('error', (error) => (output += String(error)));
  Object.defineProperty(child, 'output', { get: () => output });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

function outputOf(child: ChildProcess): string {
  return (child as ChildProcess & { output: string }).output;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

/** Polls with real queries until the server answers (any DNS answer, even REFUSED). */
async function waitUntilAnswering(child: ChildProcess, address: string, port: number, netns?: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.spawnargs.join(' ')} exited (${child.exitCode ?? child.signalCode}): ${outputOf(child).trim()}`);
    }
    if (await answers(address, port, netns)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${child.spawnargs.join(' ')} did not answer on ${hostPort(address, port)} within 10 s: ${outputOf(child).trim()}`);
}

async function answers(address: string, port: number, netns?: string): Promise<boolean> {
  if (netns) {
    const code = await run(['ip', 'netns', 'exec', netns, process.execPath, '-e', PROBE, hostPort(address, port)], false);
    return code === 0;
  }
  const resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([hostPort(address, port)]);
  try {
    await resolver.resolve4('probe.mailleak.invalid');
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ECONNREFUSED' && code !== 'ETIMEOUT';
  }
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

async function freePort(address: string): Promise<number> {
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function run(command: string[], mustSucceed = true): Promise<number> {
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const code = await new Promise<number>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (c) => resolve(c ?? 1));
  });
  if (mustSucceed && code !== 0) throw new Error(`${command.join(' ')} failed (${code}): ${err.trim()}`);
  return code;
}

// Run with `node -e`: exit 0 once the server at argv[1] gives any DNS answer.
const PROBE = `
const { Resolver } = require('node:dns/promises');
const r = new Resolver({ timeout: 300, tries: 1 });
r.setServers([process.argv[1]]);
r.resolve4('probe.mailleak.invalid').then(() => process.exit(0), (e) =>
  process.exit(e.code === 'ECONNREFUSED' || e.code === 'ETIMEOUT' ? 1 : 0));
`;

// Run with `node -e ADDRESS PORT`: answers every query with SERVFAIL (RFC 1035 §4.1.1 RCODE 2).
const SERVFAIL_UPSTREAM = `
const dgram = require('node:dgram');
const [address, port] = process.argv.slice(1);
const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
socket.on('message', (query, peer) => {
  if (query.length < 12) return;
  const reply = Buffer.from(query);
  reply[2] = 0x80 | (query[2] & 0x79);
  reply[3] = 0x80 | 2;
  reply.writeUInt16BE(0, 6); reply.writeUInt16BE(0, 8); reply.writeUInt16BE(0, 10);
  socket.send(reply, peer.port, peer.address);
});
socket.bind(Number(port), address);
`;
