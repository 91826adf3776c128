// Live collection for real: a network namespace with its own rulesets (nft and legacy), read by
// acquireInputs through a runner that prefixes `ip netns exec NS` (both are argument arrays).
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { routeTo } from '../../src/input/live.js';
import { runCommand } from '../../src/input/node/run-command.js';
import type { RunCommand } from '../../src/input/run-command.js';
import { findAccount } from '../../src/input/passwd.js';
import { readFileSync } from 'node:fs';

const NS = `ml-i-${process.pid}`;

async function available(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (network namespaces need root)';
  for (const tool of ['ip', 'iptables-restore', 'ip6tables-restore', 'iptables-legacy', 'exim']) {
    const found = await execa('which', [tool], { reject: false });
    if (found.exitCode !== 0) return `${tool} is not installed`;
  }
  return undefined;
}
const missing = await available();
if (missing) console.warn(`skipping live namespace tests: ${missing}`);

const RULES4 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -d 203.0.113.10/32 -p tcp -m tcp --dport 25 -m owner --uid-owner 102 -j ACCEPT
-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -p tcp -m tcp --dport 587 -j REDIRECT --to-ports 25
COMMIT
`;
const RULES6 = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT DROP [0:0]
-A OUTPUT -d 2001:db8:4860::/48 -p tcp -m tcp --dport 25 -j ACCEPT
COMMIT
`;

async function inNamespace(argv: string[], input?: string): Promise<void> {
  await execa('ip', ['netns', 'exec', NS, ...argv], input === undefined ? {} : { input });
}

describe.skipIf(missing !== undefined)('live collection inside a network namespace', () => {
  const nsRun: RunCommand = (argv, options) => runCommand(['ip', 'netns', 'exec', NS, ...argv], options);

  beforeAll(async () => {
    await execa('ip', ['netns', 'add', NS]);
    await inNamespace(['iptables-restore'], RULES4);
    await inNamespace(['ip6tables-restore'], RULES6);
    // a legacy table next to the nft ones: iptables-nft-save then warns (iptables-listing.md §6)
    await inNamespace(['iptables-legacy', '-A', 'OUTPUT', '-p', 'tcp', '--dport', '2525', '-j', 'DROP']);
  });
  afterAll(async () => {
    await execa('ip', ['netns', 'del', NS], { reject: false });
  });

  it('reads both families, the legacy tables, Exim and the Exim user', async () => {
    const inputs = await acquireInputs({ live: true, stdinIsTTY: false, stdinIsNull: true, run: nsRun });
    expect(inputs.mode).toBe('live');
    expect(inputs.problems).toEqual([]);
    const byOrigin = new Map(inputs.sections.map((s) => [s.origin, s]));
    const v4 = byOrigin.get('iptables-save -c')!;
    expect(v4).toMatchObject({ kind: 'iptables-save', family: 4, command: 'iptables-save -c' });
    expect(v4.text).toContain('-A OUTPUT -d 203.0.113.10/32 -p tcp -m tcp --dport 25 -m owner --uid-owner 102 -j ACCEPT');
    expect(v4.text).toContain('-A OUTPUT -p tcp -m tcp --dport 587 -j REDIRECT --to-ports 25');
    const v6 = byOrigin.get('ip6tables-save -c')!;
    expect(v6).toMatchObject({ kind: 'iptables-save', family: 6 });
    expect(v6.text).toContain(':OUTPUT DROP');
    expect(v6.text).toContain('-A OUTPUT -d 2001:db8:4860::/48 -p tcp -m tcp --dport 25 -j ACCEPT');
    const legacy = byOrigin.get('iptables-legacy-save -c')!;
    expect(legacy).toMatchObject({ kind: 'iptables-save', family: 4 });
    expect(legacy.text).toContain('--dport 2525 -j DROP');
    expect(byOrigin.has('ip6tables-legacy-save -c')).toBe(false);
    const exim = inputs.sections.find((s) => s.kind === 'exim-bp-config')!;
    expect(exim.text).toContain('begin routers');
    const eximUser = findAccount('Debian-exim', readFileSync('/etc/passwd', 'utf8'));
    expect(inputs.uid).toBe(eximUser?.id);
  });

  it('asks the namespace kernel for the route to an address', async () => {
    // a veth pair (its peer stays in the namespace): a device to route through. Added only now:
    // with a default route, Exim's host lookups in the first test would wait for DNS timeouts.
    await inNamespace(['ip', 'link', 'add', 'ml0', 'type', 'veth', 'peer', 'name', 'ml1']);
    await inNamespace(['ip', 'addr', 'add', '192.0.2.2/24', 'dev', 'ml0']);
    await inNamespace(['ip', 'link', 'set', 'ml0', 'up']);
    await inNamespace(['ip', 'link', 'set', 'ml1', 'up']);
    await inNamespace(['ip', 'route', 'add', 'default', 'via', '192.0.2.1']);
    expect(await routeTo('203.0.113.10', nsRun)).toMatchObject({ oif: 'ml0', src: '192.0.2.2' });
    const v6 = await routeTo('2001:db8::25', nsRun);
    expect(v6.oif).toBeUndefined();
    expect(v6.problem?.message).toMatch(/unreachable/i);
  });
});
