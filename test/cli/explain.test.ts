// The explain and check commands as a user runs them: the bundled CLI, spawned, colour off.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeCli, runCli } from '../golden/bundle.js';

const fx = (p: string): string => `fixtures/${p}`;
const gmailZone = ['--dns', fx('demo/gmail.com.zone')];
const bothZones = [...gmailZone, '--dns', fx('demo/domain.com.zone')];

describe('mailleak explain / check', () => {
  let cli = '';
  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(removeCli);

  it('--demo works from any working directory and answers first', () => {
    const r = runCli(cli, ['explain', 'gmail.com', '--demo'], { cwd: mkdtempSync(join(tmpdir(), 'ml-demo-')) });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Cannot tell whether mail to gmail\.com leaks: /);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--json gives the documented schema', () => {
    const r = runCli(cli, ['explain', 'user@gmail.com', '--demo', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, target: 'user@gmail.com', domain: 'gmail.com', verdict: 'uncertain' });
    expect(report.attempts.length).toBeGreaterThan(0);
    for (const a of report.attempts) expect(Object.keys(a)).toEqual(expect.arrayContaining(['host', 'address', 'family', 'port', 'verdict', 'decidedBy']));
    for (const f of report.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['code', 'severity', 'message', 'evidence', 'fix']));
  });

  it('exits 0 with a leak verdict: the exit code says an analysis was produced', () => {
    const r = runCli(cli, ['explain', 'gmail.com', '--iptables', fx('ipv6-unfiltered/iptables.save'), '--ip6tables', fx('ipv6-unfiltered/ip6tables.save'), ...gmailZone, '--oif', 'eth0']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Mail to gmail\.com leaks over IPv6/);
  });

  it('exits 2 with one line naming the file when an input cannot be read', () => {
    const r = runCli(cli, ['explain', 'gmail.com', '--iptables', fx('no-such-file.save')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^mailleak: .*no-such-file\.save/);
  });

  it('exits 2 for a target that is not a domain', () => {
    const r = runCli(cli, ['explain', 'gmail', '--offline', '--iptables', fx('ipv6-unfiltered/iptables.save')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailleak: target "gmail" is not a mail domain/);
  });

  it('check: 0 compliant, 1 violation, 2 usage, 3 cannot decide', () => {
    const compliant = runCli(cli, ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', fx('allow-mx-only/iptables.save'), '--ip6tables', fx('allow-mx-only/ip6tables.save'), ...bothZones, '--oif', 'eth0']);
    expect(compliant.code, compliant.stdout + compliant.stderr).toBe(0);
    const violation = runCli(cli, ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', fx('mx-not-covered/iptables.save'), '--ip6tables', fx('mx-not-covered/ip6tables.save'), ...bothZones, '--oif', 'eth0']);
    expect(violation.code).toBe(1);
    const usage = runCli(cli, ['check', '--probe', 'gmail.com', '--iptables', fx('allow-mx-only/iptables.save')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^mailleak: check needs --allow/);
    const undecided = runCli(cli, ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', fx('demo/serverfault-930157.txt'), ...bothZones]);
    expect(undecided.code).toBe(3);
  });

  it('check --json holds one report per domain', () => {
    const r = runCli(cli, ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', fx('allow-mx-only/iptables.save'), '--ip6tables', fx('allow-mx-only/ip6tables.save'), ...bothZones, '--oif', 'eth0', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, command: 'check', status: 'compliant', exitCode: 0 });
    expect(out.results.map((x: { domain: string; role: string; report: { verdict: string } }) => [x.domain, x.role, x.report.verdict])).toEqual([['domain.com', 'allowed', 'leaks'], ['gmail.com', 'probe', 'blocked']]);
  });
});
