// Truth: for a matrix of configurations, mailleak's plan must name the same router and transport
// as real Exim 4.96 (`exim -C CONFIG -bt ADDRESS` in a network namespace with its own DNS) and the
// same hosts and addresses in the same order.
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveResolver } from '../../../src/mail/dns/live-resolver.js';
import type { Resolver } from '../../../src/mail/dns/resolver.js';
import { readBtOutput } from '../../../src/mail/exim/bt-output.js';
import { orderHostAddresses, type HostCandidate } from '../../../src/mail/exim/host-order.js';
import { readEximConfigFile } from '../../../src/mail/exim/read-config.js';
import { planDelivery } from '../../../src/mail/plan.js';
import type { DeliveryPlan } from '../../../src/mail/types.js';
import { expectAgreement } from './support/agreement.js';
import { eximRigAvailable, startEximRig, type EximRig } from './support/exim-rig.js';
import { LAB_ZONE } from './support/lab-zone.js';
import * as configs from './support/lab-configs.js';
import { SAMPLES_DIR as SAMPLES, samplesAvailable } from './support/samples.js';

const unavailable = eximRigAvailable();
if (unavailable) console.warn(`skipping Exim truth tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('mailleak route agrees with exim -bt', () => {
  let rig: EximRig;
  let resolver: Resolver;
  beforeAll(async () => {
    rig = await startEximRig(LAB_ZONE);
    resolver = createLiveResolver({ server: rig.dnsServer, timeoutMs: 1000, tries: 1 });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  async function compare(name: string, body: string, addresses: string[], defines: Record<string, string> = {}, options: { readLookups?: boolean } = {}): Promise<Map<string, DeliveryPlan>> {
    const path = rig.writeConfig(name, body.replaceAll('@TMP@', rig.dir));
    const exim = rig.runBt(path, addresses, defines);
    expect(exim.stderr).not.toMatch(/configuration error/i);
    const bt = readBtOutput(exim.stdout, `exim -bt (${name})`);
    expect(bt.diagnostics, exim.stdout).toEqual([]);
    const config = readEximConfigFile(readFileSync(path, 'utf8'), path, { defines });
    expect(config.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plans = new Map<string, DeliveryPlan>();
    for (const address of addresses) {
      const plan = await planDelivery(address, { config }, {
        resolver, mode: 'address-test', readLookups: options.readLookups ?? false, readLookupFile: (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } },
      });
      expectAgreement(plan, bt, address);
      plans.set(address, plan);
    }
    return plans;
  }

  async function compareFile(path: string, addresses: string[], defines: Record<string, string>): Promise<Map<string, DeliveryPlan>> {
    const exim = rig.runBt(path, addresses, defines);
    const bt = readBtOutput(exim.stdout, `exim -bt (${path})`);
    expect(bt.diagnostics, exim.stdout).toEqual([]);
    const config = readEximConfigFile(readFileSync(path, 'utf8'), path, { defines });
    expect(config.diagnostics).toEqual([]);
    const plans = new Map<string, DeliveryPlan>();
    for (const address of addresses) {
      const plan = await planDelivery(address, { config }, { resolver, mode: 'address-test', primaryHostname: hostname() });
      expectAgreement(plan, bt, address);
      plans.set(address, plan);
    }
    return plans;
  }

  it.skipIf(!samplesAvailable)("Debian's generated config, internet site (macros, .ifdef, hubbed_hosts absent by Debian's default)", async () => {
    const plans = await compareFile(`${SAMPLES}/debian-internet.conf`, ['user@gmail.test', 'user@allowed.test', 'user@implicit.test'], { SPOOLDIR: `${rig.dir}/spool` });
    const plan = plans.get('user@gmail.test')!;
    // hubbed_hosts' domains expands to a forced failure when the file is absent: decided, and
    // the plan states the assumption with the command that settles it
    expect(plan.stack).toBe('debian');
    expect(plan.stackAssumptions).toContainEqual({ kind: 'file-absent', stack: 'debian', path: '/etc/exim4/hubbed_hosts' });
    expect(plan.stackAssumptions).toContainEqual({ kind: 'debian-configtype', configtype: 'internet', from: 'macro' });
    expect(plan.outcome).toBe('remote');
  });

  it.skipIf(!samplesAvailable)("Debian's generated config, smarthost site (DCsmarthost with ::587, byname, host_find_failed = ignore)", async () => {
    const plans = await compareFile(`${SAMPLES}/debian-smarthost.conf`, ['user@gmail.test'], { SPOOLDIR: `${rig.dir}/spool` });
    expect(plans.get('user@gmail.test')?.attempts.map((a) => a.port)).toEqual([587, 587]);
  });

  it('redirect :fail: restriction, manualroute smarthost on 587, dnslookup for the allowed domain', async () => {
    const plans = await compare('restrict.conf', configs.RESTRICT, ['user@gmail.test', 'user@allowed.test', 'user@org.example', 'user@nosuch.test']);
    expect(plans.get('user@gmail.test')?.reason).toContain('blocked by local policy');
    expect(plans.get('user@org.example')?.attempts.map((a) => a.port)).toEqual([587, 587]);
  });

  it('direct MX delivery: IPv6 first within each MX preference, implicit MX, declines', async () => {
    const plans = await compare('direct.conf', configs.DIRECT, ['user@gmail.test', 'user@implicit.test', 'user@v6only.test', 'user@nullmx.test', 'user@mxmissing.test', 'user@loopmx.test', 'user@nosuch.test']);
    expect(plans.get('user@gmail.test')?.attempts.map((a) => a.family)).toEqual([6, 4, 6, 4, 4]);
  });

  it.each([
    ['disable_ipv6', { NOV6: '' }],
    ['dns_ipv4_lookup = *', { V4LOOKUP: '*' }],
    ['dns_ipv4_lookup for one MX host', { V4LOOKUP: 'mx2.gmail.test' }],
    ['ipv4_only', { V4ONLY: '' }],
    ['ipv4_prefer', { V4PREFER: '' }],
    ['a dnslookup that declines falls through to a smarthost', { MORE: '' }],
    [':fail: without allow_fail defers', { FAILNOALLOW: '' }],
    [':blackhole: discards', { BLACKHOLE: '' }],
    ['an unseen archive router adds a second delivery', { ARCHIVE: '' }],
    ['mx_domains refuses the implicit MX', { MXDOMAINS: '' }],
  ])('direct MX delivery with %s', async (_name, defines) => {
    await compare('direct.conf', configs.DIRECT, ['user@gmail.test', 'user@implicit.test', 'user@v6only.test', 'user@nullmx.test', 'user@nosuch.test', 'user@loopmx.test'], defines);
  });

  it('manualroute: host ports, /MX, byname, ipv4_only, ipv4_prefer, a per-rule transport, a missing host', async () => {
    const plans = await compare('manual.conf', configs.MANUAL, ['u@ports.test', 'u@mx.test', 'u@byname.test', 'u@v4.test', 'u@v4pref.test', 'u@submission.test', 'u@missing.test', 'u@hostport.test']);
    expect(plans.get('u@submission.test')?.attempts.map((a) => [a.port, a.protocol])).toEqual([[465, 'smtps'], [465, 'smtps']]);
    expect(plans.get('u@ports.test')?.attempts.map((a) => a.port)).toEqual([2525, 587]);
  });

  it('cPanel-like router order: undecidable checks are explored, the lsearch list is read with --read-lookups', async () => {
    writeFileSync(join(rig.dir, 'manualmx'), '# no manual MX entries\n');
    const plans = await compare('cpanel.conf', configs.CPANEL, ['user@gmail.test', 'user@allowed.test'], {}, { readLookups: true });
    const plan = plans.get('user@gmail.test')!;
    expect(plan.uncertain.some((u) => u.includes('check_mail_permissions'))).toBe(true);
    expect(plan.alternatives?.length).toBeGreaterThan(1);
  });

  // Exim shuffles equal MX preferences, then makes one forward pass that swaps an IPv4 address
  // with a following IPv6 one of the same preference (host.c). Every order Exim prints must be
  // mailleak's order for some shuffle of the hosts — including IPv4 before IPv6 (a4, b6, c4).
  it.each([['same.test', ''], ['three.test', ''], ['same.test', 'V4PREFER']])('equal MX preferences (%s %s): every order Exim uses is one mailleak predicts', async (domain, flag) => {
    const defines: Record<string, string> = flag ? { [flag]: '' } : {};
    const path = rig.writeConfig('direct.conf', configs.DIRECT);
    const mx = await resolver.resolveMx(domain);
    if (mx.status !== 'ok') throw new Error(`no MX for ${domain}`);
    const hosts: HostCandidate[] = await Promise.all(mx.records.map(async (r) => ({ name: r.exchange, preference: r.preference, a: await resolver.resolveA(r.exchange), aaaa: await resolver.resolveAaaa(r.exchange) })));
    const lists = { config: readEximConfigFile('', 'x'), primaryHostname: undefined, readLookups: false };
    const predicted = new Set(permutations(hosts).map((p) => orderHostAddresses(p, { ipv4Only: false, ipv4Prefer: flag === 'V4PREFER', ipv6: { disableIpv6: false, ipv4LookupDomains: undefined }, lists }).targets.map((t) => t.address).join(' ')));
    const seen = new Set<string>();
    for (let i = 0; i < 16; i++) {
      const bt = readBtOutput(rig.runBt(path, [`u@${domain}`], defines).stdout, 'exim');
      const block = bt.blocks[0];
      if (block?.kind !== 'routed') throw new Error(`exim did not route u@${domain}`);
      seen.add(block.hosts.map((h) => h.address).join(' '));
    }
    for (const order of seen) expect(predicted, `Exim used ${order}`).toContain(order);
  });

  it('hosts from the transport (accept router, hosts_override): no host lines in -bt, mailleak lists them', async () => {
    const plans = await compare('transport-hosts.conf', configs.TRANSPORT_HOSTS, ['user@accept.test', 'user@gmail.test']);
    expect(plans.get('user@accept.test')?.attempts.map((a) => [a.address, a.port])).toEqual([['2001:db8:50::50', 587], ['203.0.113.50', 587]]);
    expect(plans.get('user@gmail.test')?.attempts.map((a) => [a.address, a.port])).toEqual([['2001:db8:50::50', 2525], ['203.0.113.50', 2525]]);
  });
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
