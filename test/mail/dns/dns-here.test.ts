// Issue 13 point 5: where DNS answers come from. Without --dns/--dns-server, pasted, file and
// bundle inputs are answered by the DNS of the machine mailleak runs on; when that answer alone
// makes Exim refuse (NXDOMAIN), the verdict is uncertain with the suspect "DNS answered here,
// not on the server", never a confident "blocked". Live on the server it is the server's DNS,
// and "blocked" stands. The real check runs the CLI in a network namespace whose resolv.conf
// (/etc/netns/NS/resolv.conf, bind-mounted by `ip netns exec`) points at a dnsmasq inside it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { refusalRestsOnDnsHere } from '../../../src/analyses/explain/dns-here.js';
import type { PlanSummary } from '../../../src/analyses/explain/types.js';
import type { CollectedInputs } from '../../../src/input/collected.js';
import { buildCli, removeCli, ROOT } from '../../golden/bundle.js';
import { dnsmasqAvailable, startDnsmasq, type DnsmasqServer } from '../../support/dnsmasq.js';

const EXIM_CONF = `primary_hostname = mail.example
domainlist local_domains = @ : localhost
begin routers
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  no_more
begin transports
remote_smtp:
  driver = smtp
`;
const ZONE = `$ORIGIN test.
@            3600 IN SOA ns.test. admin.test. 1 3600 600 86400 60
mx.leaky     IN A    198.51.100.25
leaky        IN MX   10 mx.leaky
`;
const FW4 = readFileSync(join(ROOT, 'fixtures/ipv6-unfiltered/iptables.save'), 'utf8');

function plan(outcome: PlanSummary['outcome'], driver = 'dnslookup', result: 'declined' | 'failed' = 'declined'): PlanSummary {
  return { recipient: 'user@nowhere.nx.test', mta: 'exim', outcome, routerSteps: [{ router: 'r', driver, result, reason: 'x' }], uncertain: [], assumptions: [], resolver: 'live DNS (system resolver)' };
}

describe('refusalRestsOnDnsHere', () => {
  it('only a refusal that a dnslookup decline led to, with this machine\'s DNS, outside live mode', () => {
    for (const mode of ['pasted', 'files', 'bundle'] as const) expect(refusalRestsOnDnsHere(mode, true, plan('refused'))).toBe(true);
    expect(refusalRestsOnDnsHere('live', true, plan('refused'))).toBe(false);
    expect(refusalRestsOnDnsHere('files', false, plan('refused'))).toBe(false);
    expect(refusalRestsOnDnsHere('files', true, plan('remote'))).toBe(false);
    // an Exim :fail: router refuses whatever DNS says
    expect(refusalRestsOnDnsHere('files', true, plan('refused', 'redirect', 'failed'))).toBe(false);
  });

  it('DNS records the user gave (--dns) are not "answered here": blocked stands', async () => {
    const inputs: CollectedInputs = {
      mode: 'files', problems: [],
      sections: [
        { kind: 'exim-config', origin: 'exim.conf', firstLine: 1, text: EXIM_CONF, detectedBy: 'test' },
        { kind: 'iptables-save', origin: 'fw4.save', firstLine: 1, family: 4, text: FW4, detectedBy: 'test' },
        { kind: 'dns-records', origin: 'test.zone', firstLine: 1, text: `${ZONE}nx.test. 60 IN SOA ns.test. admin.test. 1 3600 600 86400 60\n`, detectedBy: 'test' },
      ],
    };
    const report = await analyse(inputs, 'user@nowhere.nx.test');
    expect(report.plan.outcome).toBe('refused');
    expect(report.verdict).toBe('blocked');
    expect(report.suspects.map((s) => s.cause.code)).not.toContain('dns-answered-here');
  });
});

const NS = `ml-dnshere-${process.pid}`;
const why = dnsmasqAvailable() ?? (spawnSync('which', ['ip']).status === 0 ? null : 'ip (iproute2) is not installed');
if (why) console.warn(`skipping the DNS-answered-here namespace test: ${why}`);

describe.skipIf(why !== null)('the CLI in a namespace whose resolver is a dnsmasq on loopback', () => {
  let cli = '';
  let dns: DnsmasqServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ml-dnshere-'));
  const at = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(async () => {
    cli = await buildCli();
    spawnSync('ip', ['netns', 'add', NS]);
    mkdirSync(`/etc/netns/${NS}`, { recursive: true });
    writeFileSync(`/etc/netns/${NS}/resolv.conf`, 'nameserver 127.0.0.1\n');
    dns = await startDnsmasq({ records: ZONE, netns: NS });
  }, 30_000);
  afterAll(async () => {
    await dns?.stop();
    spawnSync('ip', ['netns', 'del', NS]);
    rmSync(`/etc/netns/${NS}`, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    await removeCli();
  });

  function explain(args: string[]): { verdict: string; answer: string; suspects: { reason: string }[]; plan: { outcome: string } } {
    const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, cli, 'explain', 'user@nowhere.nx.test', '--json', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  }

  it('files without --dns: NXDOMAIN from this machine\'s DNS makes the answer uncertain, not blocked', () => {
    const report = explain(['--iptables', at('fw4.save', FW4), '--exim-config', at('exim.conf', EXIM_CONF)]);
    expect(report.plan.outcome).toBe('refused');
    expect(report.verdict).toBe('uncertain');
    expect(report.suspects[0]!.reason).toBe('DNS answered here, not on the server; give --dns or --dns-server');
    expect(report.answer).toContain('DNS answered here, not on the server');
  });

  it('the same DNS as --dns-server is the user\'s choice: blocked', () => {
    const report = explain(['--iptables', at('fw4b.save', FW4), '--exim-config', at('exim.conf', EXIM_CONF), '--dns-server', '127.0.0.1']);
    expect(report.verdict).toBe('blocked');
  });

  it('live on the server (the firewall read live, --exim-config beside it): the server\'s DNS, blocked stands', () => {
    const report = explain(['--live', '--exim-config', at('exim.conf', EXIM_CONF)]);
    expect(report.plan.outcome).toBe('refused');
    expect(report.verdict).toBe('blocked');
  });
});
