// --sender on route, explain and check, as a user runs them: a sender-dependent relayhost table
// gives one answer for the sender named, both possibilities without it; a bad sender is exit 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeCli, runCli } from '../golden/bundle.js';

const ZONE = `$ORIGIN test.
@         3600 IN SOA ns.test. admin.test. 1 3600 600 86400 300
dest      3600 IN MX 10 mx.dest.test.
mx.dest   3600 IN A 192.0.2.11
relay     3600 IN A 198.51.100.25
`;
const MAIN = 'inet_protocols = ipv4\nsender_dependent_relayhost_maps = texthash:/etc/postfix/sender_relay\n';
const TABLE = 'shop@mail.example   [relay.test]:587\n<>   [relay.test]:2525\n';
// port 25 dropped, the relay's 587 open
const V4 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT DROP [0:0]\n-A OUTPUT -d 198.51.100.25/32 -p tcp -m tcp --dport 587 -j ACCEPT\nCOMMIT\n';

describe('--sender', () => {
  let cli = '';
  let dir = '';
  beforeAll(async () => {
    cli = await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'ml-sender-'));
    // the table is named by its path: the test's copy
    writeFileSync(join(dir, 'main.cf'), MAIN.replace('/etc/postfix/sender_relay', join(dir, 'sender_relay')));
    writeFileSync(join(dir, 'sender_relay'), TABLE);
    writeFileSync(join(dir, 'z.zone'), ZONE);
    writeFileSync(join(dir, 'v4.save'), V4);
  }, 120_000);
  afterAll(async () => {
    await removeCli();
    rmSync(dir, { recursive: true, force: true });
  });
  const postfix = (): string[] => ['--postconf', join(dir, 'main.cf')];
  const addresses = (json: string): string[] => (JSON.parse(json) as { attempts: { address: string; port: number }[] }).attempts.map((a) => `${a.address}:${a.port}`);

  it('route: without it both possibilities; with it the sender\'s one', () => {
    const both = runCli(cli, ['route', 'user@dest.test', ...postfix(), '--dns', join(dir, 'z.zone'), '--json']);
    expect(both.code).toBe(0);
    expect(addresses(both.stdout).sort()).toEqual(['192.0.2.11:25', '198.51.100.25:2525', '198.51.100.25:587']);
    const shop = runCli(cli, ['route', 'user@dest.test', ...postfix(), '--dns', join(dir, 'z.zone'), '--json', '--sender', 'shop@mail.example']);
    expect(addresses(shop.stdout)).toEqual(['198.51.100.25:587']);
    const other = runCli(cli, ['route', 'user@dest.test', ...postfix(), '--dns', join(dir, 'z.zone'), '--json', '--sender', 'alerts@mail.example']);
    expect(addresses(other.stdout)).toEqual(['192.0.2.11:25']);
    // the null sender is looked up as <> (empty_address_relayhost_maps_lookup_key)
    const bounce = runCli(cli, ['route', 'user@dest.test', ...postfix(), '--dns', join(dir, 'z.zone'), '--json', '--sender', '<>']);
    expect(addresses(bounce.stdout)).toEqual(['198.51.100.25:2525']);
  });

  it('explain and check: the verdict follows the sender named', () => {
    const common = [...postfix(), '--dns', join(dir, 'z.zone'), '--iptables', join(dir, 'v4.save'), '--json'];
    const verdict = (args: string[]): string => (JSON.parse(runCli(cli, ['explain', 'user@dest.test', ...common, ...args]).stdout) as { verdict: string }).verdict;
    expect(verdict([])).toBe('leaks');
    expect(verdict(['--sender', 'shop@mail.example'])).toBe('leaks');
    expect(verdict(['--sender', 'alerts@mail.example'])).toBe('blocked');
    const check = runCli(cli, ['check', '--allow', 'allowed.test', '--probe', 'dest.test', ...common, '--sender', 'alerts@mail.example']);
    const probe = (JSON.parse(check.stdout) as { results: { domain: string; outcome: string }[] }).results.find((r) => r.domain === 'dest.test');
    expect(probe?.outcome).toBe('ok');
  });

  it('a sender that is not an address is a usage error (exit 2)', () => {
    const r = runCli(cli, ['route', 'user@dest.test', ...postfix(), '--offline', '--sender', 'not an address']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--sender "not an address" is not a mail address');
  });
});
