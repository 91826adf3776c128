// The README's one-liner, as a user runs it: `mailleak collect --script | ssh host sh |
// mailleak explain DOMAIN`, with `ip netns exec` standing in for ssh (a namespace this test
// creates), compared with `mailleak explain --live` run inside that namespace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectScript } from '../../src/input/bundle-script.js';
import { buildFleetCli, removeFleetCli, ROOT, type BuiltCli } from '../analyses/fleet/support/build.js';
import { dnsmasqAvailable, startDnsmasq, type DnsmasqServer } from '../support/dnsmasq.js';
import { findShell } from '../input/support/script-run.js';

const NS = `ml-col-cli-${process.pid}`;
const canNamespace = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('which', ['iptables-restore']).status === 0 && findShell('dash') !== undefined && dnsmasqAvailable() === null;
if (!canNamespace) console.warn(`skipping the collect one-liner test: needs root, iptables-restore, dash and dnsmasq (${dnsmasqAvailable() ?? 'ok'})`);

const RULES6 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
const RULES4 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset\nCOMMIT\n';

/** input undefined: stdin is /dev/null (nothing piped next to the flags) */
function node(args: string[], input?: string, prefix: string[] = []): { stdout: string; stderr: string; code: number } {
  const argv = [...prefix, process.execPath, ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] as const } : { input }), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

describe('mailleak collect', () => {
  let built: BuiltCli | undefined;
  beforeAll(async () => {
    built = await buildFleetCli();
  });
  afterAll(() => removeFleetCli(built));

  it('--script prints the script; without it, a usage error', () => {
    const r = node([built!.cli, 'collect', '--script']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(collectScript());
    const bare = node([built!.cli, 'collect']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^mailleak: collect: give --script/);
  });

  describe.skipIf(!canNamespace)('the one-liner against live mode in a namespace', () => {
    const etc = `/etc/netns/${NS}`;
    let dir = '';
    const servers: DnsmasqServer[] = [];
    const ZONE = '$ORIGIN mx.test.\n@ 300 IN SOA ns.mx.test. h.mx.test. ( 1 3600 600 86400 60 )\n@ 300 IN MX 10 in1.mx.test.\nin1 300 IN A 203.0.113.26\nin1 300 IN AAAA 2001:db8:4860::1a\n';
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ml-col-cli-'));
      writeFileSync(join(dir, 'mx.test.zone'), ZONE);
      // the namespace's Exim delivers by DNS (see netns.test.ts for why this path)
      mkdirSync(join(etc, 'exim4'), { recursive: true });
      writeFileSync(join(etc, 'exim4', 'exim4.conf'), 'primary_hostname = mail.example\nexim_user = Debian-exim\nexim_group = Debian-exim\nbegin routers\ndnslookup:\n  driver = dnslookup\n  transport = remote_smtp\n  no_more\nbegin transports\nremote_smtp:\n  driver = smtp\n');
      spawnSync('ip', ['netns', 'add', NS]);
      spawnSync('ip', ['netns', 'exec', NS, 'iptables-restore'], { input: RULES4 });
      spawnSync('ip', ['netns', 'exec', NS, 'ip6tables-restore'], { input: RULES6 });
      // live mode in the namespace asks a DNS server there; the laptop side reads the zone file
      servers.push(await startDnsmasq({ records: ZONE, netns: NS }));
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      spawnSync('ip', ['netns', 'del', NS]);
      rmSync(etc, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    });

    it('explains the piped bundle as live mode explains that host', () => {
      const script = node([built!.cli, 'collect', '--script']).stdout;
      const bundle = spawnSync('ip', ['netns', 'exec', NS, findShell('dash')!], { input: script, encoding: 'utf8' }).stdout;
      const zone = ['--dns', join(dir, 'mx.test.zone')];
      const live = node([built!.cli, 'explain', 'mx.test', '--live', '--dns-server', servers[0]!.server, '--json'], undefined, ['ip', 'netns', 'exec', NS]);
      const piped = node([built!.cli, 'explain', 'mx.test', '--bundle', '-', ...zone, '--json'], bundle);
      expect(live.code).toBe(0);
      expect(piped.code, piped.stderr).toBe(0);
      const [a, b] = [JSON.parse(live.stdout), JSON.parse(piped.stdout)];
      expect(b.verdict).toBe(a.verdict);
      expect(b.answer).toBe(a.answer);
      expect(b.findings.map((f: { code: string }) => f.code)).toEqual(a.findings.map((f: { code: string }) => f.code));
      // IPv6 is open while IPv4 port 25 is rejected: the leak is over IPv6
      expect(b.verdict).toBe('leaks');
      // the bare one-liner: no flags, the bundle recognised on stdin (live DNS: the answer may be uncertain, but it is an analysis of the bundle)
      const bare = node([built!.cli, 'explain', 'mx.test', '--offline', '--json'], bundle);
      expect(bare.code).toBe(0);
      expect(JSON.parse(bare.stdout).inputs.map((i: { origin: string }) => i.origin)).toEqual(expect.arrayContaining(['iptables-save -c', 'ip6tables-save -c', 'exim -bP config']));
      // check reads it too, with check's exit code: mx.test leaks, so a probe of it is a violation
      const check = node([built!.cli, 'check', '--allow', 'other.test', '--probe', 'mx.test', '--bundle', '-', ...zone], bundle);
      expect(check.code).toBe(1);
    });
  });
});
