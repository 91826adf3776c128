// `mailleak egress` and the egress half of `mailleak check` as a user runs them: the bundled
// CLI, spawned, colour off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeCli, runCli } from '../golden/bundle.js';

const fx = (p: string): string => `fixtures/${p}`;
const zones = ['--dns', fx('demo/gmail.com.zone'), '--dns', fx('demo/domain.com.zone')];
const allowMx = ['--iptables', fx('allow-mx-only/iptables.save'), '--ip6tables', fx('allow-mx-only/ip6tables.save')];

describe('mailleak egress', () => {
  let cli = '';
  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(removeCli);

  it('prints one table per family: the MX hosts accepted, everything else rejected', () => {
    const r = runCli(cli, ['egress', ...allowMx, '--uid', '101', '--oif', 'eth0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^IPv4 \(iptables\): tcp\/25,465,587 NEW from the MTA user \(uid 101\)/);
    expect(r.stdout).toMatch(/IPv6 \(ip6tables\): tcp\/25,465,587 NEW/);
    expect(r.stdout).toMatch(/198\.51\.100\.25\s+│ 25,465,587 │ ACCEPT OUTPUT rule 1/);
    expect(r.stdout).toMatch(/203\.0\.113\.25\s+│ 25,465,587 │ ACCEPT OUTPUT rule 2/);
    expect(r.stdout).toMatch(/2001:db8:25::1\s+│ 25,465,587 │ ACCEPT OUTPUT rule 1/);
    expect(r.stdout).toMatch(/REJECT OUTPUT rule 3/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--json --cidrs lists every row with its exact CIDR cover and the rule text', () => {
    const r = runCli(cli, ['egress', ...allowMx, '--uid', '101', '--oif', 'eth0', '--json', '--cidrs', '--ports', '25']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: 1, command: 'egress' });
    const v4 = out.families.find((f: { family: number }) => f.family === 4);
    expect(v4.ports).toBe('25');
    const accepted = v4.rows.filter((row: { answers: { verdict: string }[] }) => row.answers[0]!.verdict === 'ACCEPT');
    expect(accepted.map((row: { cidrs: string[] }) => row.cidrs)).toEqual([['198.51.100.25/32'], ['203.0.113.25/32']]);
    expect(accepted[0].answers[0].decidedBy).toMatchObject({ table: 'filter', chain: 'OUTPUT', rule: 1 });
    expect(accepted[0].answers[0].decidedBy.text).toMatch(/-d 198\.51\.100\.25\/32/);
  });

  it('--json without --cidrs gives each row as its from-to address range only', () => {
    const r = runCli(cli, ['egress', ...allowMx, '--uid', '101', '--oif', 'eth0', '--json', '--ports', '25']);
    expect(r.code).toBe(0);
    const v4 = JSON.parse(r.stdout).families.find((f: { family: number }) => f.family === 4);
    const accepted = v4.rows.filter((row: { answers: { verdict: string }[] }) => row.answers[0]!.verdict === 'ACCEPT');
    expect(accepted.map((row: { from: string; to: string }) => [row.from, row.to])).toEqual([['198.51.100.25', '198.51.100.25'], ['203.0.113.25', '203.0.113.25']]);
    expect(v4.rows.every((row: object) => !('cidrs' in row))).toBe(true);
  });

  it('compares root, the MTA user and an ordinary user when owner rules exist', () => {
    const r = runCli(cli, ['egress', '--iptables', fx('owner-allows-mta/iptables.save'), '--uid', '101', '--gid', '12', '--oif', 'eth0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/root \(uid 0\).*the MTA user \(uid 101\).*an ordinary user \(uid 1000\)/s);
    expect(r.stdout).toMatch(/ACCEPT OUTPUT rule 1\s+│ ACCEPT OUTPUT rule 2\s+│ REJECT OUTPUT rule 4/);
    expect(r.stdout).toMatch(/IPv6: no ip6tables ruleset was supplied/);
  });

  it('exits 2 on a bad --ports and without a ruleset', () => {
    const bad = runCli(cli, ['egress', ...allowMx, '--ports', '25,99999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mailleak: --ports: "99999"/);
    const none = runCli(cli, ['egress', '--dns', fx('demo/gmail.com.zone')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/egress needs a firewall ruleset/);
  });

  it('check: compliant only when every accepted SMTP destination is an MX address of the allowed domain', () => {
    const ok = runCli(cli, ['check', '--allow', 'domain.com', '--probe', 'gmail.com', ...allowMx, ...zones, '--oif', 'eth0']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok {3}egress \(every SMTP destination\): SMTP from .* can reach only MX addresses of domain\.com/m);
    // mx-not-covered leaves 465 and 587 open to the world: named with the range and the rule
    const leak = runCli(cli, ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', fx('mx-not-covered/iptables.save'), '--ip6tables', fx('mx-not-covered/ip6tables.save'), ...zones, '--oif', 'eth0']);
    expect(leak.code).toBe(1);
    expect(leak.stdout).toMatch(/^FAIL egress \(every SMTP destination\): SMTP from .* is ACCEPTed to IPv4 0\.0\.0\.0 – 192\.0\.2\.79 port 465,587 \(OUTPUT policy\)/m);
  });
});
