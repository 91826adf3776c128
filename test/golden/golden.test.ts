// Golden transcripts: the exact text a user sees (colour off) and the exit code, for several
// cases. UPDATE_GOLDEN=1 rewrites them; review the diff like code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeCli, ROOT, runCli } from './bundle.js';

interface GoldenCase {
  name: string;
  args: string[];
  stdinFile?: string;
}

const CASES: GoldenCase[] = [
  { name: 'demo', args: ['explain', 'gmail.com', '--demo'] },
  { name: 'ipv6-unfiltered', args: ['explain', 'gmail.com', '--iptables', 'fixtures/ipv6-unfiltered/iptables.save', '--ip6tables', 'fixtures/ipv6-unfiltered/ip6tables.save', '--dns', 'fixtures/demo/gmail.com.zone', '--oif', 'eth0'] },
  { name: 'mx-not-covered', args: ['explain', 'gmail.com', '--allow', 'domain.com', '--iptables', 'fixtures/mx-not-covered/iptables.save', '--ip6tables', 'fixtures/mx-not-covered/ip6tables.save', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/demo/domain.com.zone', '--oif', 'eth0'] },
  { name: 'mta-refuses', args: ['explain', 'user@gmail.com', '--iptables', 'fixtures/mta-refuses/iptables.save', '--exim-config', 'fixtures/mta-refuses/exim.conf', '--dns', 'fixtures/demo/gmail.com.zone'] },
  { name: 'pasted-ufw-docker', args: ['explain', 'gmail.com', '--dns', 'fixtures/demo/gmail.com.zone', '--iptables', '-'], stdinFile: 'fixtures/mailcow817-ufw-docker-no-v/paste.txt' },
  { name: 'check-violation', args: ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', 'fixtures/ipv6-unfiltered/iptables.save', '--ip6tables', 'fixtures/ipv6-unfiltered/ip6tables.save', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/demo/domain.com.zone', '--oif', 'eth0'] },
  { name: 'check-undecided', args: ['check', '--allow', 'domain.com', '--probe', 'gmail.com', '--iptables', 'fixtures/demo/serverfault-930157.txt', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/demo/domain.com.zone'] },
  // bundles from test/analyses/fleet/support (fixtures and hosts.ts), kept as files so the command reads as typed
  { name: 'fleet', args: ['fleet', 'test/golden/fleet-bundles', '--allow', 'domain.com', '--probe', 'gmail.com', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/demo/domain.com.zone', '--jobs', '1'] },
  { name: 'postfix-fallback-relay', args: ['explain', 'gmail.com', '--iptables', 'fixtures/postfix-fallback-relay/iptables.save', '--postfix-config', 'fixtures/postfix-fallback-relay/etc-postfix', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/postfix-fallback-relay/relay.example.zone'] },
  { name: 'postfix-transport-maps', args: ['explain', 'user@gmail.com', '--iptables', 'fixtures/postfix-transport-maps/iptables.save', '--postfix-config', 'fixtures/postfix-transport-maps/etc-postfix', '--dns', 'fixtures/demo/gmail.com.zone'] },
  { name: 'postfix-route', args: ['route', 'gmail.com', '--postfix-config', 'fixtures/postfix-fallback-relay/etc-postfix', '--uid', '107', '--gid', '113', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/postfix-fallback-relay/relay.example.zone'] },
  { name: 'nft-ipv6-leak', args: ['explain', 'gmail.com', '--nft', 'fixtures/nft-ipv6-leak/ruleset.nft', '--dns', 'fixtures/demo/gmail.com.zone'] },
  { name: 'nft-accept-not-final', args: ['explain', 'gmail.com', '--allow', 'domain.com', '--nft', 'fixtures/nft-accept-not-final/ruleset.nft', '--dns', 'fixtures/demo/gmail.com.zone', '--dns', 'fixtures/demo/domain.com.zone'] },
  { name: 'nft-ipv4-only-match', args: ['explain', 'gmail.com', '--nft', 'fixtures/nft-ipv4-only-match/ruleset.nft', '--dns', 'fixtures/demo/gmail.com.zone', '--uid', '104'] },
  { name: 'nft-firewalld', args: ['explain', 'gmail.com', '--nft', 'fixtures/nft-firewalld/ruleset.nft', '--dns', 'fixtures/demo/gmail.com.zone'] },
  { name: 'nft-native-tables-present', args: ['explain', 'gmail.com', '--iptables', 'fixtures/nft-native-tables-present/iptables.save', '--nft', 'fixtures/nft-native-tables-present/nftables.conf', '--dns', 'fixtures/demo/gmail.com.zone'] },
  { name: 'missing-file', args: ['explain', 'gmail.com', '--iptables', 'fixtures/no-such-file.save'] },
  { name: 'bad-target', args: ['explain', 'not a domain', '--offline', '--iptables', 'fixtures/ipv6-unfiltered/iptables.save'] },
];

function transcript(c: GoldenCase, r: { stdout: string; stderr: string; code: number }): string {
  const stdin = c.stdinFile ? ` < ${c.stdinFile}` : '';
  const parts = [`$ mailleak ${c.args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}${stdin}`, r.stdout.trimEnd()];
  if (r.stderr.trim()) parts.push(`[stderr]\n${r.stderr.trimEnd()}`);
  parts.push(`[exit ${r.code}]`);
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}

describe('golden transcripts', () => {
  let bundle = '';
  beforeAll(async () => {
    bundle = await buildCli();
  });
  afterAll(removeCli);

  it.each(CASES)('$name', (c) => {
    // without a stdin file, stdin is /dev/null, as for a command typed at a prompt or run by cron
    const actual = transcript(c, runCli(bundle, c.args, c.stdinFile ? { stdin: readFileSync(join(ROOT, c.stdinFile), 'utf8') } : {}));
    const file = join(import.meta.dirname, `${c.name}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    expect(existsSync(file), `${c.name}.txt is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden and review it`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
