// Issue 6, robustness: hostile DNS and hostile live-collection input. Whatever DNS does (no
// server, a server that never answers, truncated answers, SERVFAIL, MX records that are address
// literals or CNAME loops), `explain` must finish, in bounded time, with an answer that says it is
// uncertain and names the lookup, never a crash and never a confident verdict. And no text a user
// gives (target, pasted chain names, command output in another language) ever reaches a shell.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyses/explain/analyse.js';
import type { Report } from '../../src/analyses/explain/types.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { buildFleetCli, removeFleetCli, type BuiltCli } from '../analyses/fleet/support/build.js';
import { fakeFiles, fakeRun, GROUP, PASSWD, type Answer } from '../input/fake-run.js';
import { runCommand } from '../../src/input/node/run-command.js';
import { createLiveResolver } from '../../src/mail/dns/live-resolver.js';
import { dnsmasqAvailable, startDnsmasq, type DnsmasqServer } from '../support/dnsmasq.js';
import { closedPort, startScriptedServer, startSilentServer, startTruncatingServer, type HostileServer } from './lib/dns-responders.js';
// the CLI's live DNS (the core asks DNS only through the factory it is given)
import { liveDns } from '../../src/mail/dns/live-resolver.js';

const ROOT = new URL('../../', import.meta.url).pathname;
// the CLI is bundled from src/ into a private folder (as test/analyses/fleet does), so it is the code under
// test and not whatever dist/ another developer last built
let cli: BuiltCli | undefined;
beforeAll(async () => {
  cli = await buildFleetCli().catch((error: unknown) => {
    console.warn(`CLI checks in dns-live-hostility use bin/mailleak.js: bundling src/ failed (${String(error).split('\n')[0]})`);
    return undefined;
  });
}, 60_000);
afterAll(() => removeFleetCli(cli));
const cliPath = () => cli?.cli ?? join(ROOT, 'bin/mailleak.js');
const noDnsmasq = dnsmasqAvailable();
if (noDnsmasq) console.warn(`dnsmasq checks in dns-live-hostility skipped: ${noDnsmasq}`);

// Port 25 allowed to one address only, in both families: whether mail leaks depends entirely on
// which addresses DNS gives, so a DNS failure must leave the answer open.
const RULES4 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -d 192.0.2.25 -j ACCEPT\n-A OUTPUT -p tcp -m tcp --dport 25 -j DROP\nCOMMIT\n';
const RULES6 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -j DROP\nCOMMIT\n';
const FILES = { '/in/rules4': RULES4, '/in/rules6': RULES6, '/etc/passwd': PASSWD, '/etc/group': GROUP };
/** c-ares with mailleak's defaults (3 s, 2 tries) needs about 9 s for a silent server; a hang is far longer */
const BOUND_MS = 20_000;

// files for the CLI runs, and the place where a canary would appear if anything reached a shell
const dir = mkdtempSync(join(tmpdir(), 'ml-dnsfuzz-'));
const rules4File = join(dir, 'rules4');
writeFileSync(rules4File, RULES4);
const zoneFile = join(dir, 'example.test.zone');
writeFileSync(zoneFile, '$ORIGIN example.test.\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ MX 10 mx\nmx A 198.51.100.25\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function explainWith(dnsServer: string, target: string): Promise<{ report: Report; ms: number }> {
  const inputs = await acquireInputs({ iptables: ['/in/rules4'], ip6tables: ['/in/rules6'], dns: [], dnsServer, stdinIsTTY: true, readFile: fakeFiles(FILES) });
  const started = Date.now();
  const report = await analyse(inputs, target, { liveDns });
  return { report, ms: Date.now() - started };
}

interface CliRun { code: number | null; stdout: string; stderr: string; ms: number }

function runCli(args: string[], stdin = '', cwd = dir): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cliPath(), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin?.end(stdin);
  });
}

const uncertainties = (report: Report) => report.plan.uncertain.join('\n');

/** What the user must see: not a confident verdict, and the reason names the DNS lookup. */
function expectDnsUncertainty(report: Report, reason: RegExp): void {
  expect(report.verdict).toBe('uncertain');
  expect(report.plan.outcome).toBe('unknown');
  expect(uncertainties(report)).toMatch(reason);
  expect(report.answer).toMatch(/cannot tell/i);
}

describe('a DNS server that is dead, silent or truncating: explain ends uncertain, in bounded time', () => {
  const servers: HostileServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('nobody listens on the --dns-server port: the MX lookup is said to be refused', async () => {
    const server = await closedPort();
    const { report, ms } = await explainWith(server, 'example.test');
    expectDnsUncertainty(report, /MX lookup for example\.test: .*DNS server refused/);
    expect(report.plan.resolver).toBe(`live DNS (server ${server})`);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a server that reads queries and never answers: the MX query is said to have had no answer', async () => {
    const silent = await startSilentServer();
    servers.push(silent);
    // the library and the built CLI at the same time: both wait out the same c-ares timeouts
    const [{ report, ms }, cli] = await Promise.all([
      explainWith(silent.server, 'user@example.test'),
      runCli(['explain', 'example.test', '--dns-server', silent.server, '--iptables', rules4File, '--json']),
    ]);
    expect(silent.queries()).toBeGreaterThan(0);
    expectDnsUncertainty(report, /MX lookup for example\.test: the DNS server did not answer the MX query .*timed out/);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(cli.code).toBe(0);
    expect(cli.ms).toBeLessThan(BOUND_MS + 5_000);
    const json = JSON.parse(cli.stdout) as Report;
    expect(json.verdict).toBe('uncertain');
    expect(json.plan.uncertain.join('\n')).toMatch(/DNS server did not answer .*timed out/);
  }, 60_000);

  it('every answer truncated (TC bit) and no TCP service: no hang, the MX lookup is named', async () => {
    const truncating = await startTruncatingServer();
    servers.push(truncating);
    const { report, ms } = await explainWith(truncating.server, 'example.test');
    expect(truncating.queries()).toBeGreaterThan(0);
    expectDnsUncertainty(report, /MX lookup for example\.test/);
    expect(ms).toBeLessThan(BOUND_MS);
  }, 30_000);

  it('MX answered, but the address queries of the MX host never answered: uncertain, never "blocked"', async () => {
    const scripted = await startScriptedServer({ 'example.test': [{ type: 'MX', preference: 10, exchange: 'mx.example.test' }] });
    servers.push(scripted);
    const { report, ms } = await explainWith(scripted.server, 'example.test');
    expect(report.verdict).toBe('uncertain');
    expect(uncertainties(report) + report.answer).toMatch(/mx\.example\.test/);
    expect(ms).toBeLessThan(BOUND_MS);
  }, 30_000);

  it('an MX whose host is a CNAME loop: ends, uncertain, naming the host', async () => {
    const scripted = await startScriptedServer({
      'example.test': [{ type: 'MX', preference: 10, exchange: 'loop1.example.test' }],
      'loop1.example.test': [{ type: 'CNAME', target: 'loop2.example.test' }],
      'loop2.example.test': [{ type: 'CNAME', target: 'loop1.example.test' }],
    });
    servers.push(scripted);
    const { report, ms } = await explainWith(scripted.server, 'example.test');
    expect(report.verdict).toBe('uncertain');
    expect(JSON.stringify(report.plan)).toMatch(/CNAME loop: loop1\.example\.test → loop2\.example\.test → loop1\.example\.test/);
    expect(ms).toBeLessThan(BOUND_MS);
  }, 30_000);

  it('a CNAME to a name without addresses stays "no records", not a loop', async () => {
    const scripted = await startScriptedServer({ 'alias.example.test': [{ type: 'CNAME', target: 'empty.example.test' }], 'empty.example.test': [] });
    servers.push(scripted);
    const lookup = await createLiveResolver({ server: scripted.server, timeoutMs: 1000, tries: 1 }).resolveA('alias.example.test');
    expect(lookup).toEqual({ status: 'nodata', message: 'alias.example.test has no A records (followed CNAME alias.example.test → empty.example.test)' });
  });
});

describe.skipIf(noDnsmasq !== null)('odd answers from a real DNS server (dnsmasq)', () => {
  let dns: DnsmasqServer;
  beforeAll(async () => {
    dns = await startDnsmasq({
      records: [
        '$ORIGIN example.test.',
        '@        SOA   ns1 hostmaster 1 7200 3600 1209600 300',
        'literal  MX    10 192.0.2.25.',
        'self     MX    10 self',
        'self     A     198.51.100.7',
      ].join('\n'),
    });
  });
  afterAll(() => dns?.stop());

  it('SERVFAIL for the MX lookup: uncertain, and the reason says SERVFAIL', async () => {
    const { report } = await explainWith(dns.server, 'user@x.fail.test');
    expectDnsUncertainty(report, /MX lookup for x\.fail\.test: SERVFAIL/);
  });

  it('an MX that is an address literal: Exim declines it (no allow_mx_to_ip), and the answer says why', async () => {
    const { report } = await explainWith(dns.server, 'literal.example.test');
    // Exim's dnslookup declines an MX written as an IP address unless allow_mx_to_ip is set:
    // no connection is made, so the firewall (which allows 192.0.2.25) is not what decides
    expect(report.attempts).toEqual([]);
    expect(report.verdict).toBe('blocked');
    expect(report.answer).toMatch(/\(invalidly\) to IP addresses/);
  });

  it('an MX pointing at the domain itself is followed once, with a note, and traced', async () => {
    const { report } = await explainWith(dns.server, 'self.example.test');
    expect(report.attempts.some((a) => JSON.stringify(a).includes('198.51.100.7'))).toBe(true);
    // 198.51.100.7 is not the one allowed address: over IPv4 this attempt is dropped
    expect(report.verdict).not.toBe('leaks');
  });
});

// German messages as iptables 1.8.9 and exim print them under LANG=de_DE.UTF-8 (runCommand sets
// LC_ALL=C for real runs; an injected or wrapped runner, or a system ignoring LC_ALL, may not)
const DE_NOT_ROOT = 'iptables-save v1.8.9 (nf_tables): Konnte Regelsatz-Generierungs-ID nicht abrufen: Keine Berechtigung (Sie müssen root sein)\n';
const DE_LISTING = 'Kette OUTPUT (Richtlinie DROP 0 Pakete, 0 Bytes)\n num   Pakete Bytes Ziel     prot opt ein    aus    Quelle               Ziel\n1        0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            192.0.2.25           tcp dpt:25\n';

describe('live collection hostility (injected command runner)', () => {
  it('German error messages and a German listing: clear problems and an uncertain answer, no crash', async () => {
    const table: Record<string, Answer> = {
      'iptables-save -c': { stderr: DE_NOT_ROOT, exitCode: 1 },
      'iptables -L -n -v -x --line-numbers': { stdout: DE_LISTING },
      'iptables -t nat -L -n -v -x --line-numbers': { stderr: 'iptables: Tabelle existiert nicht (Haben Sie ein Kernelmodul geladen?)\n', exitCode: 3 },
      'ip6tables-save -c': { stderr: DE_NOT_ROOT.replace(/iptables/g, 'ip6tables'), exitCode: 1 },
      'ip6tables -L -n -v -x --line-numbers': { stderr: 'ip6tables: Keine Berechtigung\n', exitCode: 4 },
      'exim -bP config': { stderr: 'exim: Konfigurationsdatei /etc/exim4/exim4.conf konnte nicht geöffnet werden: Keine Berechtigung\n', exitCode: 1 },
      'exim -bP configure_file': { stdout: 'Konfigurationsdatei = /etc/exim4/exim4.conf\n' },
    };
    const fake = fakeRun(table);
    const inputs = await acquireInputs({ stdinIsTTY: true, run: fake.run, readFile: fakeFiles({ '/etc/passwd': PASSWD, '/etc/group': GROUP }), platform: 'linux', offline: true });
    const problems = new Map(inputs.problems.map((p) => [p.what, p.message]));
    // every failure is said with the command and the program's own (German) first line
    expect(problems.get('iptables-save -c')).toMatch(/^exited with status 1: .*Keine Berechtigung/);
    expect(problems.get('ip6tables-save -c')).toMatch(/Keine Berechtigung/);
    expect(problems.get('iptables -t nat -L -n -v -x --line-numbers')).toMatch(/^exited with status 3: iptables: Tabelle existiert nicht/);
    expect(problems.get('exim -bP config')).toMatch(/Keine Berechtigung.*configure_file instead/);
    // "Konfigurationsdatei = …" is not a path: said, not read as one
    expect(problems.get('exim -bP configure_file')).toMatch(/did not name a configuration file/);
    for (const message of problems.values()) expect(message).not.toMatch(/undefined|\[object/);

    const report = await analyse(inputs, 'example.test', { liveDns });
    expect(report.verdict).toBe('uncertain');
    expect(report.problems).toEqual(inputs.problems);
  });

  it('real runs ask for untranslated messages (LC_ALL=C), whatever the caller\'s locale', async () => {
    const outcome = await runCommand(['printenv', 'LC_ALL']);
    expect(outcome).toMatchObject({ status: 'ok', stdout: 'C\n' });
  });
});

describe('shell metacharacters in a target, an option or pasted text never reach a shell (built CLI)', () => {
  const canary = () => join(dir, 'CANARY');
  const oneLine = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at |Error:|internal error/);
  };

  it('hostile targets, --allow and --dns-server values: exit 2 with one line, canary never created', async () => {
    const c = canary();
    const hostile = [
      ['explain', `x$(touch ${c}).test`],
      ['explain', `x\`touch ${c}\`.test`],
      ['explain', `x.test;touch ${c}`],
      ['explain', `user@$(touch ${c})`],
      ['explain', 'example.test', '--allow', `a.test,$(touch ${c})`],
      ['explain', 'example.test', '--dns-server', `127.0.0.1;touch ${c}`],
      ['explain', 'example.test', '--dns-server', `$(touch ${c})`],
    ];
    const runs = await Promise.all(hostile.map((args) => runCli([...args, '--iptables', rules4File, ...(args.includes('--dns-server') ? [] : ['--offline'])])));
    runs.forEach((run, i) => {
      expect({ args: hostile[i], code: run.code }).toEqual({ args: hostile[i], code: 2 });
      oneLine(run.stderr);
      expect(run.stderr).toMatch(/^mailleak: /);
    });
    expect(existsSync(c)).toBe(false);
  }, 30_000);

  it('a pasted ruleset with chains and comments named like commands: read as names, exit 0, canary never created', async () => {
    // no spaces (a chain name cannot have any): ${IFS} and the relative path run in a shell
    // started in `dir`, which is the CLI's working directory
    const cmd = 'touch${IFS}CANARY';
    const paste = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      `:$(${cmd}) - [0:0]`,
      `:\`${cmd}\` - [0:0]`,
      `-A OUTPUT -p tcp -m tcp --dport 25 -j $(${cmd})`,
      `-A $(${cmd}) -m comment --comment "x;touch ${canary()};\`touch ${canary()}\`" -j \`${cmd}\``,
      `-A \`${cmd}\` -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset`,
      'COMMIT',
      '',
    ].join('\n');
    // DNS from a zone file, so an attempt is traced through those chains
    const run = await runCli(['explain', 'example.test', '--iptables', '-', '--dns', zoneFile, '--json'], paste);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.inputs.map((i) => i.kind)).toEqual(['iptables-save', 'dns-records']);
    expect(report.inputs[0]!.summary).toMatch(/3 rules in 5 chains/);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // the names are kept as text, the packet is traced through them to the REJECT
    const trace = JSON.stringify(report.attempts);
    expect(trace).toContain(`$(${cmd})`);
    expect(trace).toContain(`\`${cmd}\``);
    expect(trace).toMatch(/REJECT/);
    expect(existsSync(canary())).toBe(false);
  }, 30_000);
});
