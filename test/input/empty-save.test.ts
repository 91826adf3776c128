// Issue 13 point 1: an empty `ip6tables-save`/`iptables-save` output means no table is loaded
// (CSF with IPV6 = "0", a fresh namespace): the kernel then lets every packet through. Whether
// it comes as a file named by --ip6tables, live, or from a bundle, mailleak must read it as
// "no tables loaded: every policy ACCEPT" and say mail leaks over IPv6; an empty paste stays
// "nothing was pasted", and a blank listing still is "no table was found".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFromBundle } from '../../src/input/bundle-acquire.js';
import { formatBundle, type BundleRecord } from '../../src/input/bundle-format.js';
import { analyseBundleText } from '../../src/analyses/fleet/fleet-host.js';
import { analyse } from '../../src/analyses/explain/analyse.js';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import { parseIp } from '../../src/firewall/address.js';
import { EPHEMERAL_PORTS } from '../../src/firewall/simulate/types.js';
import { computeEgress } from '../../src/firewall/symbolic/index.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
import type { CollectedInputs } from '../../src/input/collected.js';
import { fakeFiles, fakeRun, GROUP, PASSWD } from './fake-run.js';

const ROOT = join(import.meta.dirname, '../..');
const V4 = readFileSync(join(ROOT, 'fixtures/ipv6-unfiltered/iptables.save'), 'utf8');
const ZONE = join(ROOT, 'fixtures/demo/gmail.com.zone');
const SAYS = 'ip6tables-save printed nothing: no IPv6 tables are loaded, so nothing is filtered';

const dir = mkdtempSync(join(tmpdir(), 'ml-empty-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withZone(inputs: CollectedInputs): CollectedInputs {
  return { ...inputs, sections: [...inputs.sections, { kind: 'dns-records', origin: 'gmail.com.zone', firstLine: 1, text: readFileSync(ZONE, 'utf8'), detectedBy: 'test' }] };
}

async function expectLeaksOverIpv6(inputs: CollectedInputs): Promise<void> {
  const report = await analyse(withZone(inputs), 'gmail.com');
  expect(report.verdict).toBe('leaks');
  expect(report.answer).toMatch(/^Mail to gmail\.com leaks over IPv6: no ip6tables table is loaded, so nothing stops the connection to gmail-smtp-in\.l\.google\.com \[2001:db8:4860::1a\]:25/);
  const finding = report.findings.find((f) => f.code === 'ipv6-unfiltered');
  expect(finding?.evidence.map((e) => e.note)).toEqual([SAYS]);
  expect(report.findings.map((f) => f.code)).not.toContain('ipv6-unknown');
  const v6 = report.inputs.find((i) => i.family === 6)!;
  expect(v6.summary).toBe('IPv6 save: no tables loaded: every policy ACCEPT');
  expect(v6.detectedBy).toContain(SAYS);
  // the attempts over IPv6 are decided by nothing, and the table says why
  expect(report.attempts.filter((a) => a.family === 6).every((a) => a.verdict === 'ACCEPT' && a.decidedBy === null && a.cause?.code === 'no-table-loaded')).toBe(true);
  // no suspect asks for the very command whose output was given
  expect(report.suspects.map((s) => s.command ?? '')).not.toContain('ip6tables-save -c');
}

describe('an empty *-save output: no tables loaded', () => {
  it('a file named by --ip6tables that is empty', async () => {
    const empty = join(dir, 'fw6.save');
    writeFileSync(empty, '');
    const v4 = join(dir, 'fw4.save');
    writeFileSync(v4, V4);
    const inputs = await acquireInputs({ iptables: [v4], ip6tables: [empty], stdinIsTTY: true });
    expect(inputs.problems).toEqual([]);
    expect(inputs.sections[1]).toMatchObject({ kind: 'iptables-save', family: 6, detectedBy: `declared IPv6 by --ip6tables; ${SAYS}` });
    await expectLeaksOverIpv6(inputs);
  });

  it('live: ip6tables-save -c printed nothing and exited 0', async () => {
    const fake = fakeRun({ 'iptables-save -c': { stdout: V4 }, 'ip6tables-save -c': { stdout: '' } });
    const inputs = await acquireInputs({ live: true, stdinIsTTY: true, run: fake.run, readFile: fakeFiles({ '/etc/passwd': PASSWD, '/etc/group': GROUP }), platform: 'linux' });
    expect(inputs.sections.find((s) => s.origin === 'ip6tables-save -c')?.detectedBy).toBe(`collected live; ${SAYS}`);
    await expectLeaksOverIpv6(inputs);
  });

  const bundle = formatBundle({ hostname: 'nov6.example', system: 'Linux' }, [
    rec('cmd', 'iptables-save -c', V4), rec('cmd', 'ip6tables-save -c', ''),
    { type: 'cmd', name: 'exim -bP config', stdout: '', stderr: '', exit: 127, word: 'not-found' },
    { type: 'cmd', name: 'exim4 -bP config', stdout: '', stderr: '', exit: 127, word: 'not-found' },
    rec('file', '/etc/passwd', PASSWD), rec('file', '/etc/group', GROUP),
  ]);

  it('a bundle from a host without IPv6 tables', async () => {
    const acquired = await acquireFromBundle(bundle, 'nov6.bundle');
    await expectLeaksOverIpv6({ ...acquired, mode: 'bundle' });
  });

  it('fleet/check over that bundle: a violation, not "cannot decide"', async () => {
    const zone = { kind: 'dns-records' as const, origin: 'gmail.com.zone', firstLine: 1, text: readFileSync(ZONE, 'utf8'), detectedBy: 'test' };
    const host = await analyseBundleText(bundle, 'nov6.bundle', { allow: [], probes: ['gmail.com'], dnsSections: [zone] });
    expect(host.status).toBe('violation');
    expect(host.results[0]).toMatchObject({ domain: 'gmail.com', verdict: 'leaks', outcome: 'violation' });
  });

  it('the simulator lets every packet through a ruleset with no table loaded, and says why', () => {
    const ruleset = { format: 'save' as const, origin: 'ip6tables-save -c', tables: [], interfacesKnown: true, diagnostics: [], family: 6 as const, noTablesLoaded: true };
    const trace = tracePacket(ruleset, { family: 6, protocol: 6, dst: parseIp('2001:db8::25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' });
    expect(trace.verdict).toBe('ACCEPT');
    expect(trace.notes.join(' ')).toContain('no ip6tables table is loaded');
    // and egress (the symbolic evaluator): every destination and port is ACCEPTed
    const egress = computeEgress(ruleset, { family: 6, ports: [25, 465, 587].map((p) => ({ from: p, to: p })) });
    expect([...new Set(egress.rows.map((r) => r.verdict))]).toEqual(['ACCEPT']);
  });
});

describe('what stays as it was', () => {
  it('an empty paste on stdin is "nothing was pasted"', async () => {
    await expect(acquireInputs({ stdinIsTTY: false, readStdin: async () => '' })).resolves.toMatchObject({ sections: [], problems: [{ what: 'stdin', message: expect.stringContaining('nothing was pasted') }] });
  });
  it('blank text that is not known to be *-save output still has no table in it', () => {
    const parsed = parseFirewallText('\n', { origin: 'paste', family: 6 });
    expect(parsed.noTablesLoaded).toBeUndefined();
    const trace = tracePacket(parsed, { family: 6, protocol: 6, dst: parseIp('2001:db8::25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' });
    expect(trace.verdict).toBe('UNKNOWN');
  });
  it('a save text with only the legacy warning is not "no tables": legacy tables exist', async () => {
    const inputs = await acquireInputs({ ip6tables: [writeTemp('warn6.save', '# Warning: ip6tables-legacy tables present, use ip6tables-legacy-save to see them\n')], stdinIsTTY: true });
    const report = await analyse(withZone(inputs), 'gmail.com');
    expect(report.verdict).toBe('uncertain');
  });
});

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function rec(type: BundleRecord['type'], name: string, stdout: string): Omit<BundleRecord, 'line'> {
  return { type, name, stdout, stderr: '', exit: 0 };
}
