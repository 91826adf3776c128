// The dnsmasq helper other tests rely on: it must answer when it says it is ready, serve the
// NXDOMAIN/SERVFAIL zones, work inside a network namespace, and never leave a server running.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLiveResolver } from '../../../src/mail/dns/live-resolver.js';
import { dnsmasqAvailable, startDnsmasq } from '../../support/dnsmasq.js';

const unavailable = dnsmasqAvailable();
if (unavailable) console.warn(`skipping dnsmasq helper tests: ${unavailable}`);

/** dnsmasq processes whose command line has this port (read from /proc, so nothing is trusted to the helper). */
function dnsmasqOnPort(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('dnsmasq') && args.includes(`--port=${port}`)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Servers (dnsmasq, the SERVFAIL upstream) that this test process started and that still run. */
function ourServers(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && /dnsmasq|createSocket/.test(cmdline)) found.push(cmdline.replaceAll('\0', ' ').slice(0, 80));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe.skipIf(unavailable !== null)('startDnsmasq', () => {
  it('serves records given as objects and stops completely', async () => {
    const server = await startDnsmasq({
      records: [
        { type: 'MX', name: 'objects.test', preference: 10, exchange: 'mx.objects.test' },
        { type: 'A', name: 'mx.objects.test', address: '192.0.2.10' },
        { type: 'A', name: 'mx.objects.test', address: '192.0.2.11' },
      ],
    });
    expect(dnsmasqOnPort(server.port)).toHaveLength(1);
    expect(ourServers()).toHaveLength(2);
    const live = createLiveResolver({ server: server.server, timeoutMs: 500, tries: 1 });
    const a = await live.resolveA('mx.objects.test');
    expect(a.status === 'ok' && [...a.records].sort()).toEqual(['192.0.2.10', '192.0.2.11']);
    expect((await live.resolveAaaa('mx.objects.test')).status).toBe('nodata');
    await server.stop();
    expect(dnsmasqOnPort(server.port)).toEqual([]);
    expect(ourServers()).toEqual([]);
    expect(['unknown', 'timeout']).toContain((await live.resolveA('mx.objects.test')).status);
    await server.stop(); // twice is harmless
  });

  it('fails with dnsmasq\'s own message and leaves nothing behind when dnsmasq refuses the records', async () => {
    const port = 20000 + (process.pid % 20000);
    await expect(
      startDnsmasq({
        port,
        records: [
          { type: 'CNAME', name: 'loop1.test', target: 'loop2.test' },
          { type: 'CNAME', name: 'loop2.test', target: 'loop1.test' },
        ],
      }),
    ).rejects.toThrow(/CNAME loop/);
    expect(dnsmasqOnPort(port)).toEqual([]);
    expect(ourServers()).toEqual([]);
  });

  it('rejects bad zone text with the line number', async () => {
    await expect(startDnsmasq({ records: 'ok.test. A 192.0.2.1\nbad.test. A nonsense' })).rejects.toThrow(/line 2/);
  });

  it('dies with the test process even when nobody calls stop()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-dnsmasq-'));
    try {
      const helper = fileURLToPath(new URL('../../support/dnsmasq.ts', import.meta.url));
      const script = join(dir, 'orphan.ts');
      writeFileSync(script, `import { startDnsmasq } from ${JSON.stringify(helper)};\n` +
        `const s = await startDnsmasq({ records: 'orphan.test. A 192.0.2.1' });\nconsole.log(s.port);\nsetInterval(() => {}, 1000);\n`);
      const viteNode = fileURLToPath(new URL('../../../node_modules/.bin/vite-node', import.meta.url));
      const child = spawn(viteNode, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(Number(String(d).trim())));
        child.once('exit', (code) => reject(new Error(`orphan script exited ${code}`)));
      });
      expect(dnsmasqOnPort(port)).toHaveLength(1);
      child.kill('SIGKILL');
      expect(await waitFor(() => dnsmasqOnPort(port).length === 0, 5000)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const root = process.getuid?.() === 0;
describe.skipIf(unavailable !== null || !root)('startDnsmasq in a network namespace', () => {
  const ns = `ml-dns-${process.pid}`;
  afterAll(() => {
    spawnSync('ip', ['netns', 'delete', ns]);
  });

  it('serves on port 53 inside the namespace only', async () => {
    expect(spawnSync('ip', ['netns', 'add', ns]).status).toBe(0);
    const server = await startDnsmasq({ netns: ns, records: 'inside.test. MX 10 mx.inside.test.\nmx.inside.test. A 192.0.2.53' });
    try {
      expect(server.port).toBe(53);
      const query = `const { Resolver } = require('node:dns/promises');
        const r = new Resolver({ timeout: 1000, tries: 1 }); r.setServers(['127.0.0.1:53']);
        Promise.all([r.resolveMx('inside.test'), r.resolve4('x.fail.test').catch((e) => e.code)]).then((v) => console.log(JSON.stringify(v)));`;
      const inside = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', query], { encoding: 'utf8' });
      expect(JSON.parse(inside.stdout)).toEqual([[{ exchange: 'mx.inside.test', priority: 10 }], 'ESERVFAIL']);
    } finally {
      await server.stop();
    }
    expect(dnsmasqOnPort(53).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('inside.test'))).toEqual([]);
  });
});
