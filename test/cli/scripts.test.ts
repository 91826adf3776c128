// Firewall scripts as admins write them, through `mailleak explain` as a user runs it: option
// prefixes, functions that drive both families, init-script branches, each diagnostic once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeCli, runCli } from '../golden/bundle.js';

const gmailZone = ['--dns', 'fixtures/demo/gmail.com.zone'];

const BOTH_FAMILIES = [
  '#!/bin/sh',
  'IPTABLES=/sbin/iptables',
  'IP6TABLES=/sbin/ip6tables',
  'ip46tables() { $IPTABLES "$@"; $IP6TABLES "$@"; }',
  'echo "loading firewall"',
  'case "$1" in',
  '  start)',
  '    ip46tables -P OUTPUT ACCEPT',
  '    ip46tables -A OUTPUT -o lo -j ACCEPT',
  '    ip46tables -A OUTPUT -p tcp -m multiport --dport 25,465,587 -j REJECT',
  '    ;;',
  '  stop)',
  '    ip46tables -F',
  '    ;;',
  'esac',
  'logger done',
].join('\n');

describe('mailleak explain on firewall scripts', () => {
  let cli = '';
  let dir = '';
  beforeAll(async () => {
    cli = await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'ml-scripts-'));
  });
  afterAll(removeCli);

  it('a script given once fills both families: multiport --dport blocks, as the kernel would', () => {
    const file = join(dir, 'fw.sh');
    writeFileSync(file, BOTH_FAMILIES);
    for (const input of [['--iptables', file], ['--iptables', '-']]) {
      const r = runCli(cli, ['explain', 'gmail.com', ...input, ...gmailZone], { stdin: BOTH_FAMILIES });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(/^Mail to gmail\.com is blocked/);
      expect(r.stdout).toMatch(/IPv4 script: 2 rules in 1 chain \(filter\); IPv6 script: 2 rules in 1 chain \(filter\)/);
    }
  });

  it('each diagnostic once: no "… and 1 more like it" repeating the same line', () => {
    const file = join(dir, 'fw2.sh');
    writeFileSync(file, BOTH_FAMILIES);
    const r = runCli(cli, ['explain', 'gmail.com', '--iptables', file, ...gmailZone]);
    expect(r.stdout).not.toMatch(/more like it/);
    for (const code of ['ignored-line', 'case-branch-read']) {
      const lines = r.stdout.split('\n').filter((l) => l.includes(`[${code}]`));
      expect(new Set(lines).size, code).toBe(lines.length);
    }
    expect(r.stdout.split('\n').filter((l) => l.includes('[case-branch-read]'))).toHaveLength(1);
  });
});
