// One fleet host against `mailleak check --bundle FILE` with the same --allow/--probe, in
// process: the status, the exit code, each domain's outcome and the egress half must be the
// same, because fleet runs check's own function. And each domain reads for its role: an allowed
// domain that gets out is delivered, one that is stopped says what stops it and what opens it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryOf, runCheck, type CheckResult } from '../../../src/analyses/check/check.js';
import { analyseBundleText } from '../../../src/analyses/fleet/fleet-host.js';
import type { FleetHostResult, FleetOptions } from '../../../src/analyses/fleet/fleet-types.js';
import { readDeclaredFiles } from '../../../src/input/files.js';
import { acquireInputs } from '../../../src/input/node/acquire.js';
import { readFileText } from '../../../src/input/node/read.js';
import { renderFleetJson } from '../../../src/report/fleet-json.js';
import { renderFleetText } from '../../../src/report/fleet-text.js';
import { createPalette } from '../../../src/report/color.js';
import { ROOT } from './support/build.js';
import { fixtureBundle } from './support/bundles.js';
import { HOST_NAMED_AFTER_ALLOWED, ONLY_EGRESS_FAILS, STOPPED_BY_RULES } from './support/hosts.js';

const ZONES = ['fixtures/demo/gmail.com.zone', 'fixtures/demo/domain.com.zone', 'fixtures/via-smarthost/relay.example.zone'].map((z) => join(ROOT, z));
const ALLOW = ['domain.com'];
const PROBES = ['gmail.com'];

const HOSTS: [file: string, text: () => string][] = [
  ['mx-only', () => fixtureBundle('allow-mx-only', 'mx-only.example')],
  ['mx-not-covered', () => fixtureBundle('mx-not-covered', 'mx-not-covered.example')],
  ['stopped', () => STOPPED_BY_RULES('stopped.example')],
  ['ipv6', () => fixtureBundle('ipv6-unfiltered', 'ipv6.example')],
  ['nonroot', () => fixtureBundle('ipv6-unfiltered', 'nonroot.example', { root: false })],
  ['owner', () => fixtureBundle('owner-allows-mta', 'owner.example')],
  ['smarthost', () => fixtureBundle('via-smarthost', 'smarthost.example')],
  ['egress-only', () => ONLY_EGRESS_FAILS('egress-only.example')],
  ['named-domain', () => HOST_NAMED_AFTER_ALLOWED()],
];

let dir = '';
const fleet = new Map<string, FleetHostResult>();
const check = new Map<string, CheckResult>();

async function fleetHost(file: string, options: Partial<FleetOptions> = {}): Promise<FleetHostResult> {
  const dns = await readDeclaredFiles({ dns: ZONES }, (path) => readFileText(path), async () => '');
  return analyseBundleText(readFileSync(join(dir, file), 'utf8'), join(dir, file), { allow: ALLOW, probes: PROBES, dnsSections: dns.sections, ...options });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ml-fleet-host-'));
  for (const [file, text] of HOSTS) {
    writeFileSync(join(dir, file), text());
    fleet.set(file, await fleetHost(file));
    // as `mailleak check --bundle FILE --dns … --allow domain.com --probe gmail.com` acquires and checks it
    const result = await runCheck(await acquireInputs({ bundle: join(dir, file), dns: ZONES, stdinIsTTY: true }), ALLOW, PROBES);
    if ('unreadable' in result) throw new Error(`${file}: unreadable`);
    check.set(file, result);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a fleet host is judged as `check --bundle` judges it', () => {
  it.each(HOSTS.map(([file]) => file))('%s', (file) => {
    const f = fleet.get(file)!;
    const c = check.get(file)!;
    expect(f.exitCode).toBe(c.summary.exitCode);
    expect(f.status).toBe(c.summary.status);
    expect(f.results.map((r) => [r.domain, r.outcome, r.delivery, r.answer])).toEqual(c.results.map((r) => [r.domain, r.outcome, r.delivery, r.answer]));
    expect(f.egress?.outcome).toBe(c.egress.outcome);
  });

  it('covers every exit code, and a host where only the egress half fails', () => {
    expect(new Set([...fleet.values()].map((h) => h.exitCode))).toEqual(new Set([0, 1, 3]));
    const only = fleet.get('egress-only')!;
    expect(only.results.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    expect(only.egress).toMatchObject({ outcome: 'violation', family: 4 });
    expect(only).toMatchObject({ status: 'violation', exitCode: 1 });
  });

  it("reads Exim's @ as the bundle's hostname, as check does", () => {
    // local_domains = @ on a host named domain.com: mail to domain.com stays there
    expect(fleet.get('named-domain')!.results[0]).toMatchObject({ domain: 'domain.com', verdict: 'blocked', outcome: 'violation' });
    expect(fleet.get('named-domain')!.exitCode).toBe(1);
  });

  it('without --allow, judges the probes only: the egress half is not run', async () => {
    const h = await fleetHost('egress-only', { allow: [] });
    expect(h).toMatchObject({ status: 'compliant', exitCode: 0, egress: { outcome: 'not-run', why: 'no-allowed-domain' } });
    const json = JSON.parse(renderFleetJson({ status: h.status, exitCode: h.exitCode, hosts: [h], counts: { violation: 0, unreadable: 0, undecided: 0, compliant: 1 }, elapsedMs: 0, workers: 1 }, PROBES, []));
    expect(json.hosts[0].egress).toEqual({ outcome: 'not-run', message: expect.stringMatching(/no allowed domain/) });
  });
});

describe('an allowed domain reads for its role', () => {
  it('delivery is decided from the role and the verdict', () => {
    expect(deliveryOf('allowed', 'leaks')).toBe('delivers');
    expect(deliveryOf('probe', 'leaks')).toBe('leaks');
    expect(deliveryOf('allowed', 'blocked')).toBe('blocked');
    expect(deliveryOf('probe', 'uncertain')).toBe('uncertain');
  });

  it('one that gets out delivers: never said as a leak, no leak labels', () => {
    for (const host of ['mx-only', 'ipv6', 'smarthost', 'egress-only']) {
      const allowed = fleet.get(host)!.results.find((r) => r.role === 'allowed')!;
      expect(allowed, host).toMatchObject({ verdict: 'leaks', delivery: 'delivers', outcome: 'ok', how: [] });
      expect(allowed.answer, host).toMatch(/^Mail to domain\.com gets out over IPv/);
      expect(allowed.answer, host).not.toMatch(/leak/);
    }
    // a probe that gets out still leaks
    expect(fleet.get('ipv6')!.results.find((r) => r.role === 'probe')).toMatchObject({ delivery: 'leaks', how: expect.arrayContaining(['IPv6']) });
  });

  it('one that is stopped says what stops it, and its next step opens it', () => {
    const covered = fleet.get('mx-not-covered')!.results.find((r) => r.role === 'allowed')!;
    expect(covered).toMatchObject({ delivery: 'blocked', outcome: 'violation', how: ['MX not covered'] });
    expect(covered.next).toMatch(/^Let mail to domain\.com out/);
    const stopped = fleet.get('stopped')!.results.find((r) => r.role === 'allowed')!;
    expect(stopped.how).toEqual(['OUTPUT rule 1 (IPv6)', 'OUTPUT rule 1 (IPv4)']);
    expect(stopped.next).toMatch(/^Let mail to domain\.com out/);
    const named = fleet.get('named-domain')!.results.find((r) => r.role === 'allowed')!;
    expect(named.how).toEqual(['MTA refuses']);
    expect(named.next).toMatch(/^At the MTA: .*domain\.com/);
    expect(named.next).not.toMatch(/fail every domain except/);
  });

  it('the fleet table says "delivers", and shows an egress half that fails', () => {
    const hosts = [...fleet.values()];
    const text = renderFleetText({ status: 'violation', exitCode: 1, hosts, counts: { violation: 0, unreadable: 0, undecided: 0, compliant: 0 }, elapsedMs: 0, workers: 1 }, createPalette(false));
    expect(text).toContain('domain.com delivers');
    expect(text).not.toContain('domain.com leaks');
    expect(text).toContain('gmail.com leaks ✗');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('egress-only.example'));
    const row = lines.slice(at, at + 3).join('\n');
    expect(row).toContain('domain.com delivers');
    expect(row).toContain('other SMTP accepted ✗');
    expect(row).toContain('SMTP to IPv4 192.0.2.0/24 (OUTPUT rule 3)');
    expect(row).toContain('Accept SMTP only to the MX addresses of domain.com');
  });
});
