// Issue 13 point 2: input is never dropped silently, and inputs combine as users combine them.
// A pipe on stdin is read next to any flag that does not name `-`; an idle pipe (nobody writes)
// never hangs the run; --live collects only the kinds of input the user did not supply.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBundle } from '../../src/input/bundle-format.js';
import { analyse } from '../../src/analyses/explain/analyse.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { readStreamUnlessIdle } from '../../src/input/node/read.js';
import { buildCli, removeCli, ROOT } from '../golden/bundle.js';
import { fakeFiles, fakeRun, GROUP, PASSWD } from './fake-run.js';
import { eximStdout } from './samples.js';

const LISTING = readFileSync(join(ROOT, 'fixtures/demo/serverfault-930157.txt'), 'utf8');
const ZONE = join(ROOT, 'fixtures/demo/gmail.com.zone');
const SAVE4 = readFileSync(join(ROOT, 'fixtures/ipv6-unfiltered/iptables.save'), 'utf8');
const SAVE6 = readFileSync(join(ROOT, 'fixtures/ipv6-unfiltered/ip6tables.save'), 'utf8');
const ETC = fakeFiles({ '/etc/passwd': PASSWD, '/etc/group': GROUP });
/** the host's /etc from the fake, the files named by flags from disk */
const FILES = async (path: string): Promise<string> => (path.startsWith('/etc/') ? ETC(path) : readFileSync(path, 'utf8'));
const EXIM_LIVE = {
  'exim -bP config': { stdout: eximStdout('bP-config.txt') },
  'exim -bP exim_user exim_group': { stdout: 'exim_user = Debian-exim\nexim_group = Debian-exim\n' },
};
/** a pipe nobody writes to: resolves only when a grace is given, and then as idle */
const idle = (graceMs?: number): Promise<string | undefined> => (graceMs === undefined ? new Promise(() => undefined) : Promise.resolve(undefined));

const dir = mkdtempSync(join(tmpdir(), 'ml-stdin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('a pipe next to flags', () => {
  it('`… | mailleak explain gmail.com --dns gmail.zone` reads the piped listing', async () => {
    const inputs = await acquireInputs({ dns: [ZONE], stdinIsTTY: false, readStdin: async () => LISTING });
    expect(inputs.mode).toBe('files');
    expect(inputs.sections.map((s) => [s.kind, s.origin])).toEqual([['dns-records', ZONE], ['iptables-listing', 'stdin']]);
    expect(inputs.problems).toEqual([]);
    const report = await analyse(inputs, 'gmail.com');
    expect(report.answer).not.toContain('no iptables data was supplied');
    expect(report.answer).toContain('chain LOCALOUTPUT was not supplied');
  });

  it('is not read when a flag names `-` (that flag reads it)', async () => {
    let reads = 0;
    const inputs = await acquireInputs({ ip6tables: ['-'], dns: [ZONE], stdinIsTTY: false, readStdin: async () => ((reads += 1), SAVE6) });
    expect(reads).toBe(1);
    expect(inputs.sections.filter((s) => s.origin === 'stdin')).toMatchObject([{ kind: 'iptables-save', family: 6 }]);
  });

  it('an idle pipe next to other inputs: the run goes on and says so', async () => {
    const inputs = await acquireInputs({ iptables: [file('fw4.save', SAVE4)], stdinIsTTY: false, readStdin: idle });
    expect(inputs.sections.map((s) => s.kind)).toEqual(['iptables-save']);
    expect(inputs.problems).toEqual([{ what: 'stdin', message: expect.stringMatching(/^idle: nothing arrived within 3 s .*so it was not read; the other inputs were used/) }]);
  });

  it('an empty pipe next to other inputs is said; /dev/null is not worth a word', async () => {
    const empty = await acquireInputs({ iptables: [file('fw4b.save', SAVE4)], stdinIsTTY: false, readStdin: async () => '' });
    expect(empty.problems).toEqual([{ what: 'stdin', message: 'empty: nothing was piped; the other inputs were used' }]);
    let read = false;
    const devNull = await acquireInputs({ iptables: [file('fw4c.save', SAVE4)], stdinIsTTY: false, stdinIsNull: true, readStdin: async () => ((read = true), '') });
    expect(devNull.problems).toEqual([]);
    expect(read).toBe(false);
  });

  it('a bundle piped next to --iptables is refused, not dropped; next to --dns it is read', async () => {
    const bundle = formatBundle({ hostname: 'b.example' }, [{ type: 'cmd', name: 'iptables-save -c', stdout: SAVE4, stderr: '', exit: 0 }]);
    await expect(acquireInputs({ iptables: [file('x.save', SAVE4)], stdinIsTTY: false, readStdin: async () => bundle })).rejects.toThrow(/--bundle cannot be combined with --iptables/);
    const withDns = await acquireInputs({ dns: [ZONE], stdinIsTTY: false, readStdin: async () => bundle });
    expect(withDns.mode).toBe('bundle');
    expect(withDns.sections.map((s) => s.kind)).toEqual(['iptables-save', 'dns-records']);
  });

  it('text piped next to --bundle FILE is refused, not dropped', async () => {
    await expect(acquireInputs({ bundle: 'b', stdinIsTTY: false, readStdin: async () => LISTING, readFile: async () => '' })).rejects.toThrow(/--bundle cannot be combined with text on stdin/);
  });
});

describe('readStreamUnlessIdle: the real stream', () => {
  it('leaves a pipe nobody writes to after the grace, and destroys it', async () => {
    const pipe = new PassThrough();
    const started = Date.now();
    expect(await readStreamUnlessIdle(pipe, 'stdin', 200)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pipe.destroyed).toBe(true);
  });
  it('reads to the end once the first bytes came within the grace, however slow the rest', async () => {
    const pipe = new PassThrough();
    setTimeout(() => pipe.write('line 1\n'), 20);
    setTimeout(() => pipe.end('line 2\n'), 400);
    expect(await readStreamUnlessIdle(pipe, 'stdin', 200)).toEqual({ origin: 'stdin', text: 'line 1\nline 2\n' });
  });
  it('an empty pipe is empty text, not idle', async () => {
    const pipe = new PassThrough();
    pipe.end();
    expect(await readStreamUnlessIdle(pipe, 'stdin', 200)).toEqual({ origin: 'stdin', text: '' });
  });
});

describe('--live next to other inputs: only what was not supplied is collected live', () => {
  async function live(extra: Parameters<typeof acquireInputs>[0] extends infer O ? Partial<O> : never) {
    const fake = fakeRun({ 'iptables-save -c': { stdout: SAVE4 }, 'ip6tables-save -c': { stdout: SAVE6 }, ...EXIM_LIVE });
    const inputs = await acquireInputs({ live: true, stdinIsTTY: true, run: fake.run, readFile: FILES, platform: 'linux', ...extra });
    return { inputs, calls: fake.calls.map((c) => c.join(' ')) };
  }

  it('--exim-config replaces exim -bP config; the firewall is still collected live', async () => {
    const conf = file('exim.conf', readFileSync(join(ROOT, 'fixtures/mta-refuses/exim.conf'), 'utf8'));
    const { inputs, calls } = await live({ eximConfig: conf });
    expect(inputs.mode).toBe('live');
    expect(calls).not.toContain('exim -bP config');
    expect(calls).toEqual(expect.arrayContaining(['iptables-save -c', 'ip6tables-save -c']));
    expect(inputs.sections.map((s) => [s.kind, s.origin])).toEqual([
      ['exim-config', conf], ['iptables-save', 'iptables-save -c'], ['iptables-save', 'ip6tables-save -c'], ['passwd', '/etc/passwd'], ['passwd', '/etc/group'],
    ]);
    expect(inputs.uid).toBe(102);
  });

  it('--iptables replaces iptables-save; ip6tables is still collected live', async () => {
    const { inputs, calls } = await live({ iptables: [file('mine4.save', SAVE4)] });
    expect(calls).not.toContain('iptables-save -c');
    expect(calls).toContain('ip6tables-save -c');
    expect(calls).toContain('exim -bP config');
    expect(inputs.sections.filter((s) => s.kind === 'iptables-save').map((s) => [s.origin.replace(dir, 'D'), s.family])).toEqual([['D/mine4.save', 4], ['ip6tables-save -c', 6]]);
  });

  it('a pasted ip6tables listing on stdin replaces ip6tables-save', async () => {
    const paste = `# ip6tables -L OUTPUT -n -v\nChain OUTPUT (policy DROP 0 packets, 0 bytes)\n pkts bytes target     prot opt in     out     source               destination\n`;
    const { inputs, calls } = await live({ stdinIsTTY: false, readStdin: async () => paste });
    expect(calls).toContain('iptables-save -c');
    expect(calls).not.toContain('ip6tables-save -c');
    expect(inputs.sections[0]).toMatchObject({ origin: 'stdin', family: 6 });
  });

  it('--dns, --dns-server, --offline, --uid and --oif go with --live (they were refused before)', async () => {
    const { inputs, calls } = await live({ dns: [ZONE], dnsServer: '127.0.0.1:5353', offline: true, uid: 8, oif: 'eth0' });
    expect(calls).toEqual(expect.arrayContaining(['iptables-save -c', 'ip6tables-save -c', 'exim -bP config']));
    expect(inputs).toMatchObject({ mode: 'live', uid: 8, identityFrom: '--uid', oif: 'eth0', dnsServer: '127.0.0.1:5353', offline: true });
    expect(inputs.sections.map((s) => s.kind)).toContain('dns-records');
  });
});

describe('the CLI with an idle stdin', () => {
  let cli = '';
  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(removeCli);

  it('`sleep 100 | mailleak explain … --iptables FILE` finishes, and says stdin was idle', async () => {
    const child = spawn(process.execPath, [cli, 'explain', 'gmail.com', '--iptables', join(ROOT, 'fixtures/ipv6-unfiltered/iptables.save'), '--dns', ZONE], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    // stdin stays open and nobody writes to it
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(stdout).toContain('not read: stdin: idle: nothing arrived within 3 s');
    expect(stdout).toMatch(/^Cannot tell whether mail to gmail\.com leaks: no ip6tables data was supplied/);
  }, 30_000);
});
