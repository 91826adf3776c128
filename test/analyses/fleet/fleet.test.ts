// `mailleak fleet DIR` as an admin runs it over a folder of bundles (one per host): every host
// must be judged exactly as `mailleak check --bundle FILE` judges it alone, the table and JSON
// must show it, and the exit code is the worst host's. The CLI runs bundled, with its worker.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBundles, runFleet } from '../../../src/analyses/fleet/node/fleet-run.js';
import type { FleetOptions } from '../../../src/analyses/fleet/fleet-types.js';
import type { InputSection } from '../../../src/input/collected.js';
import { readFileSync } from 'node:fs';
import { buildFleetCli, removeFleetCli, ROOT, type BuiltCli } from './support/build.js';
import { fixtureBundle, fixturePath } from './support/bundles.js';
import { HOST_NAMED_AFTER_ALLOWED, ONLY_EGRESS_FAILS } from './support/hosts.js';

const ZONES = ['fixtures/demo/gmail.com.zone', 'fixtures/demo/domain.com.zone', 'fixtures/via-smarthost/relay.example.zone'];
const DNS = ZONES.flatMap((z) => ['--dns', z]);
const POLICY = ['--allow', 'domain.com', '--probe', 'gmail.com'];
const WORST = [1, 2, 3, 0];

const HOSTS: [file: string, make: () => string][] = [
  ['web1.bundle', () => fixtureBundle('allow-mx-only', 'web1.example')],
  ['web2.bundle', () => fixtureBundle('ipv6-unfiltered', 'web2.example')],
  ['web3.bundle', () => fixtureBundle('owner-allows-mta', 'web3.example')],
  ['relay.bundle', () => fixtureBundle('via-smarthost', 'relay-user.example')],
  ['nonroot.bundle', () => fixtureBundle('ipv6-unfiltered', 'nonroot.example', { root: false })],
  // every domain as wanted, but port 25 is also accepted to 192.0.2.0/24: only check's egress half fails
  ['mail4.bundle', () => ONLY_EGRESS_FAILS('mail4.example')],
  // Exim's @ is the header's hostname: mail to domain.com stays on the host named domain.com
  ['domain.com.bundle', HOST_NAMED_AFTER_ALLOWED],
  ['broken.txt', () => 'Chain OUTPUT (policy ACCEPT)\n'],
  // `ansible … -m script --tree DIR`: JSON per host, the bundle in "stdout" with the pty's CRLF
  ['db1', () => JSON.stringify({ changed: true, rc: 0, stdout: fixtureBundle('owner-allows-mta', 'db1.example').replace(/\n/g, '\r\n'), stderr: '' })],
];

function allowedAnswer(host: { results: { role: string; answer: string }[] }): string {
  return host.results.find((r) => r.role === 'allowed')!.answer;
}

function run(cli: string, args: string[]): { stdout: string; stderr: string; code: number } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

describe('mailleak fleet', () => {
  let built: BuiltCli | undefined;
  let dir = '';
  const checkExit = new Map<string, number>();

  beforeAll(async () => {
    built = await buildFleetCli();
    dir = mkdtempSync(join(tmpdir(), 'ml-fleet-'));
    for (const [file, make] of HOSTS) writeFileSync(join(dir, file), make());
    for (const [file] of HOSTS) checkExit.set(file, run(built.cli, ['check', '--bundle', join(dir, file), ...POLICY, ...DNS]).code);
  });
  afterAll(() => {
    removeFleetCli(built);
    rmSync(dir, { recursive: true, force: true });
  });

  it('judges each host as `check --bundle` does, and a bundle as check judges the same files', () => {
    expect([...checkExit.values()].sort()).toEqual(expect.arrayContaining([0, 1, 2, 3]));
    const files = run(built!.cli, ['check', ...POLICY, ...DNS, '--iptables', fixturePath('ipv6-unfiltered', 'iptables.save'), '--ip6tables', fixturePath('ipv6-unfiltered', 'ip6tables.save'), '--uid', '47', '--gid', '12']);
    expect(checkExit.get('web2.bundle')).toBe(files.code);

    const r = run(built!.cli, ['fleet', dir, ...POLICY, ...DNS, '--json']);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ schemaVersion: 1, command: 'fleet', probes: ['gmail.com'], allow: ['domain.com'] });
    expect(json.hosts).toHaveLength(HOSTS.length);
    // every bundle once, each with the exit code `check --bundle` gave it alone
    const fleetExit = json.hosts.map((h: { file: string; exitCode: number }) => [h.file.split('/').pop(), h.exitCode]);
    expect(new Map(fleetExit)).toEqual(checkExit);
    expect(fleetExit).toHaveLength(checkExit.size);
    const worst = WORST.find((code) => [...checkExit.values()].includes(code));
    expect(r.code).toBe(worst);
    expect(json.exitCode).toBe(worst);
    // worst first
    const order = json.hosts.map((h: { exitCode: number }) => WORST.indexOf(h.exitCode));
    expect(order).toEqual([...order].sort((a: number, b: number) => a - b));
  });

  it('says how each host leaks and what to fix first', () => {
    const json = JSON.parse(run(built!.cli, ['fleet', dir, ...POLICY, ...DNS, '--json']).stdout);
    const byHost = new Map(json.hosts.map((h: { host: string }) => [h.host, h]));
    const probe = (host: string) => (byHost.get(host) as { results: { role: string; how: string[]; next?: string; verdict: string }[] }).results.find((x) => x.role === 'probe')!;
    expect(probe('web2.example')).toMatchObject({ verdict: 'leaks' });
    expect(probe('web2.example').how).toContain('IPv6');
    expect(probe('web2.example').next).toBeTruthy();
    expect(probe('web3.example').how).toContain('owner');
    expect(probe('db1.example')).toEqual(probe('web3.example'));
    expect(probe('relay-user.example').how).toContain('smarthost');
    const nonroot = byHost.get('nonroot.example') as { status: string; problems: string[] };
    expect(nonroot.status).toBe('undecided');
    expect(nonroot.problems).toContain('iptables-save -c: permission denied (you must be root)');
    expect(byHost.get('broken')).toMatchObject({ status: 'unreadable', error: expect.stringMatching(/not a mailleak bundle/) });
  });

  it('says an allowed domain that gets out delivers, and shows the egress half as check does', () => {
    const json = JSON.parse(run(built!.cli, ['fleet', dir, ...POLICY, ...DNS, '--json']).stdout);
    const byHost = new Map<string, { status: string; results: { role: string; verdict: string; delivery: string; answer: string; how: string[] }[]; egress?: { outcome: string; message: string } }>(json.hosts.map((h: { host: string }) => [h.host, h]));
    for (const host of ['web1.example', 'web2.example', 'mail4.example']) {
      const allowed = byHost.get(host)!.results.find((r) => r.role === 'allowed')!;
      // `verdict` keeps explain's word; `delivery` and `answer` say it for the role
      expect(allowed, host).toMatchObject({ verdict: 'leaks', delivery: 'delivers', how: [], answer: expect.stringMatching(/^Mail to domain\.com gets out over/) });
    }
    expect(byHost.get('web2.example')!.results.find((r) => r.role === 'probe')).toMatchObject({ verdict: 'leaks', delivery: 'leaks' });
    const egress = byHost.get('mail4.example')!;
    expect(egress.status).toBe('violation');
    expect(egress.results.map((r) => r.delivery)).toEqual(['delivers', 'blocked']);
    expect(egress.egress).toMatchObject({ outcome: 'violation', message: expect.stringMatching(/ACCEPTed to IPv4 192\.0\.2\.0\/24 port 25 \(OUTPUT rule 3\)/) });
    // the same message `check --json` gives for that bundle
    const checked = JSON.parse(run(built!.cli, ['check', '--bundle', join(dir, 'mail4.bundle'), ...POLICY, ...DNS, '--json']).stdout);
    expect(egress.egress).toEqual(checked.egress);
    expect(checked.results[0]).toMatchObject({ role: 'allowed', expected: 'leaks', expectedDelivery: 'delivers', delivery: 'delivers', answer: allowedAnswer(byHost.get('mail4.example')!) });

    const table = run(built!.cli, ['fleet', dir, ...POLICY, ...DNS]).stdout;
    expect(table).toContain('domain.com delivers');
    expect(table).not.toContain('domain.com leaks');
    expect(table).toContain('other SMTP accepted ✗');
    expect(table).toMatch(/domain\.com blocked ✗ +│ MTA refuses/);
  });

  it('prints one table, worst hosts first, and a summary line', () => {
    const r = run(built!.cli, ['fleet', dir, ...POLICY, ...DNS]);
    const lines = r.stdout.split('\n');
    for (const host of ['db1.example', 'web1.example', 'web2.example', 'web3.example', 'relay-user.example', 'nonroot.example', 'broken']) expect(r.stdout).toContain(host);
    expect(lines.findIndex((l) => l.includes('VIOLATION'))).toBeLessThan(lines.findIndex((l) => l.includes('cannot decide')));
    expect(r.stdout).toMatch(new RegExp(`mailleak fleet: ${HOSTS.length} host\\(s\\): .*violation.* \\(exit ${r.code}\\)`));
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('exit 0 for a compliant fleet, 3 when one host cannot be decided, 2 for a folder without bundles', () => {
    const sub = mkdtempSync(join(tmpdir(), 'ml-fleet-ok-'));
    try {
      writeFileSync(join(sub, 'a'), fixtureBundle('allow-mx-only', 'a.example'));
      writeFileSync(join(sub, 'b'), fixtureBundle('allow-mx-only', 'b.example'));
      mkdirSync(join(sub, 'not-a-file'));
      writeFileSync(join(sub, '.hidden'), 'ignored');
      const compliant = run(built!.cli, ['fleet', sub, ...POLICY, ...DNS]);
      expect(compliant.code).toBe(checkExit.get('web1.bundle'));
      writeFileSync(join(sub, 'c'), fixtureBundle('ipv6-unfiltered', 'c.example', { root: false }));
      expect(run(built!.cli, ['fleet', sub, ...POLICY, ...DNS]).code).toBe(WORST.find((c) => c === checkExit.get('nonroot.bundle') || c === checkExit.get('web1.bundle')));
      const empty = mkdtempSync(join(tmpdir(), 'ml-fleet-empty-'));
      const none = run(built!.cli, ['fleet', empty, ...POLICY]);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/^mailleak: .*no bundle files/);
      rmSync(empty, { recursive: true, force: true });
      expect(run(built!.cli, ['fleet', join(sub, 'missing'), ...POLICY]).stderr).toMatch(/^mailleak: .*cannot read the folder: no such file/);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });

  it('gives the same results in worker threads as in one thread', async () => {
    const dnsSections: InputSection[] = ZONES.map((z) => ({ kind: 'dns-records', origin: z, firstLine: 1, text: readFileSync(join(ROOT, z), 'utf8'), detectedBy: 'test' }));
    const options: FleetOptions = { probes: ['gmail.com'], allow: ['domain.com'], dnsSections };
    const files = await listBundles(dir);
    const [threaded, single] = await Promise.all([runFleet(files, options, { jobs: 2, workerScript: built!.worker }), runFleet(files, options, { jobs: 1 })]);
    expect(threaded.workers).toBe(2);
    expect(single.workers).toBe(1);
    expect(threaded.hosts).toEqual(single.hosts);
    expect(threaded.exitCode).toBe(single.exitCode);
  });
});
