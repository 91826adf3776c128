// Reading bundles that are damaged the way bundles get damaged: cut off by a dropped ssh
// connection, edited by hand, saved with CRLF, with a banner before the header, with failed
// commands. Every failure must come out as a problem that names the command and quotes stderr.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acquireFromBundle } from '../../src/input/bundle-acquire.js';
import { formatBundle, looksLikeBundle, type BundleRecord } from '../../src/input/bundle-format.js';
import { parseBundle } from '../../src/input/bundle-read.js';
import { acquireInputs } from '../../src/input/node/acquire.js';

type Rec = Omit<BundleRecord, 'line'>;
const SAVE4 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n[3:180] -A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset\nCOMMIT\n';
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nmailnull:x:47:47::/var/spool/mqueue:/sbin/nologin\n';
const cmd = (name: string, stdout: string, exit = 0, stderr = '', word?: BundleRecord['word']): Rec => ({ type: 'cmd', name, stdout, stderr, exit, ...(word ? { word } : {}) });
const file = (name: string, stdout: string, exit = 0, word?: BundleRecord['word']): Rec => ({ type: 'file', name, stdout, stderr: '', exit, ...(word ? { word } : {}) });
const HEADER = { hostname: 'web1.example', system: 'Linux', backend: 'legacy' };

/** A CentOS 7-like host: iptables works, ip6tables fails, no exim -bP config, mailnull. */
function centos(): Rec[] {
  return [
    cmd('iptables-save -c', SAVE4),
    cmd('ip6tables-save -c', '', 1, "ip6tables-save v1.4.21: can't initialize ip6tables table `filter': Table does not exist (do you need to insmod?)\nPerhaps ip6tables or your kernel needs to be upgraded.\n"),
    cmd('ip6tables -L -n -v -x --line-numbers', '', 3, "ip6tables v1.4.21: can't initialize ip6tables table `filter': Table does not exist\n"),
    cmd('ip6tables -t nat -L -n -v -x --line-numbers', '', 3, "ip6tables v1.4.21: can't initialize ip6tables table `nat': Table does not exist\n"),
    cmd('exim -bP config', '', 1, 'exim: unknown option: config\n'),
    cmd('exim -bP configure_file', '/etc/exim.conf\n'),
    file('/etc/exim.conf', 'begin routers\ndnslookup:\n  driver = dnslookup\n  transport = remote_smtp\nbegin transports\nremote_smtp:\n  driver = smtp\n'),
    cmd('exim -bP exim_user exim_group', 'exim_user = mailnull\nexim_group = mail\n'),
    file('/etc/passwd', PASSWD),
    file('/etc/group', '', 1, 'denied'),
  ];
}

describe('bundle reading', () => {
  it('gives the sections, problems (with stderr) and Exim user of the host', async () => {
    const got = await acquireFromBundle(formatBundle(HEADER, centos()), 'web1.bundle');
    expect(got.mode).toBe('bundle');
    expect(got.sections.map((s) => [s.kind, s.origin, s.family])).toEqual([
      ['iptables-save', 'iptables-save -c', 4],
      ['exim-config', '/etc/exim.conf', undefined],
      ['passwd', '/etc/passwd', undefined],
    ]);
    expect(got.sections[0]!.text).toBe(SAVE4);
    const said = got.problems.map((p) => `${p.what}: ${p.message}`);
    expect(said).toContain("ip6tables-save -c: exited with status 1: ip6tables-save v1.4.21: can't initialize ip6tables table `filter': Table does not exist (do you need to insmod?)");
    expect(said).toContain("ip6tables -t nat -L -n -v -x --line-numbers: exited with status 3: ip6tables v1.4.21: can't initialize ip6tables table `nat': Table does not exist");
    expect(said).toContain('exim -bP config: exited with status 1: exim: unknown option: config; reading the file named by -bP configure_file instead');
    expect(said).toContain('/etc/group: cannot read: permission denied');
    expect(got.uid).toBe(47);
    expect(got.sections[0]!.detectedBy).toMatch(/^collected on web1\.example/);
  });

  it('says which commands are missing when the bundle is cut off', async () => {
    const text = formatBundle(HEADER, centos());
    const cut = text.slice(0, text.indexOf('exim: unknown option'));
    const got = await acquireFromBundle(cut, 'web1.bundle');
    const said = got.problems.map((p) => `${p.what}: ${p.message}`);
    expect(said.some((m) => /no end marker: it was cut off/.test(m))).toBe(true);
    // its stdout was complete and the status line read: the command's failure is still known
    expect(said).toContain('exim -bP config: exited with status 1; reading the file named by -bP configure_file instead');
    expect(said).toContain('exim -bP configure_file: not in the bundle, which was cut off (truncated)');
    expect(said).toContain('/etc/passwd: cannot read: not in the bundle, which was cut off (truncated)');
    expect(got.sections.map((s) => s.origin)).toEqual(['iptables-save -c']);

    const inside = text.slice(0, text.indexOf('[3:180]') + 5);
    const early = await acquireFromBundle(inside, 'web1.bundle');
    expect(early.sections).toEqual([]);
    expect(early.problems.map((p) => `${p.what}: ${p.message}`)).toContain("web1.bundle line 5: 'iptables-save -c': the bundle ends inside its output (truncated); not used");
    expect(early.problems.map((p) => `${p.what}: ${p.message}`)).toContain('iptables-save -c: its output is cut off in the bundle (truncated); not used');
  });

  it('reports commands the script never ran, missing tools and timeouts as live mode would', async () => {
    const recs: Rec[] = [cmd('iptables-save -c', '', 127, 'iptables-save: command not found', 'not-found'), cmd('iptables -L -n -v -x --line-numbers', 'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n', 124, '', 'timeout'), cmd('ip6tables-save -c', '', 137), cmd('exim -bP config', '', 127, '', 'not-found'), cmd('exim4 -bP config', '', 127, '', 'not-found')];
    const got = await acquireFromBundle(formatBundle(HEADER, recs), 'h');
    const said = got.problems.map((p) => `${p.what}: ${p.message}`);
    expect(said).toContain('iptables-save -c: command not found: iptables-save');
    expect(said).toContain('iptables -L -n -v -x --line-numbers: no answer after 15 s; stopped it');
    expect(said).toContain('iptables -t nat -L -n -v -x --line-numbers: not in the bundle (the collection script did not run it)');
    expect(said).toContain('ip6tables-save -c: killed by SIGKILL');
    expect(said).toContain('exim: command not found (tried exim and exim4): the Exim configuration was not read');
  });

  it('survives CRLF, a login banner before the header and marker-like lines of another run', () => {
    const text = `\n${formatBundle(HEADER, [cmd('iptables-save -c', `${SAVE4}### mailleak-end other\n`)], 'mlb9x9')}`.replace(/\n/g, '\r\n');
    expect(looksLikeBundle(text)).toBe(true);
    const parsed = parseBundle(`${text}junk after the end\r\n`, 'b');
    expect(parsed.complete).toBe(true);
    expect(parsed.records[0]!.stdout).toBe(`${SAVE4}### mailleak-end other\n`);
    const bannered = parseBundle(`Welcome to web1!\n${formatBundle(HEADER, [cmd('ip route', 'default via 192.0.2.1 dev eth0\n')])}`, 'b');
    expect(bannered.records).toHaveLength(1);
    expect(bannered.problems).toEqual([{ what: 'b line 1', message: 'not part of the bundle, ignored (a login banner?): "Welcome to web1!"' }]);
    expect(looksLikeBundle('Chain OUTPUT (policy ACCEPT)\n-A OUTPUT -j ACCEPT\n')).toBe(false);
    const stray = parseBundle(formatBundle(HEADER, [cmd('ip route', 'default via 192.0.2.1 dev eth0\n')]).replace('### mailleak-section', 'Last login: today\n### mailleak-section'), 'b');
    expect(stray.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/1 line\(s\) outside the bundle's sections were ignored, the first: "Last login: today"/));
  });

  it('is recognised on stdin before the paste splitter, and refused by --bundle when it is not one', async () => {
    const text = formatBundle(HEADER, centos());
    const piped = await acquireInputs({ stdinIsTTY: false, readStdin: async () => text });
    expect(piped.mode).toBe('bundle');
    expect(piped.uid).toBe(47);
    await expect(acquireInputs({ stdinIsTTY: false, stdinIsNull: true, bundle: 'x.txt', readFile: async () => 'Chain OUTPUT (policy ACCEPT)\n' })).rejects.toThrow(/x\.txt: not a mailleak bundle/);
    await expect(acquireInputs({ stdinIsTTY: false, stdinIsNull: true, bundle: 'x.txt', iptables: ['a.save'] })).rejects.toThrow(/--bundle cannot be combined with --iptables/);
    const withDns = await acquireInputs({ stdinIsTTY: false, stdinIsNull: true, bundle: 'b', dns: ['z.zone'], readFile: async (p) => (p === 'b' ? text : 'example.test. 300 IN MX 10 mx.example.test.\n') });
    expect(withDns.sections.map((s) => s.kind)).toContain('dns-records');
  });

  it('round-trips any command output byte for byte, and never throws on a cut', () => {
    const output = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '#', '### mailleak-end other', '\t', 'é'), maxLength: 60 });
    fc.assert(
      fc.property(fc.array(fc.tuple(output, output, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 }), fc.nat(), (recs, cutAt) => {
        const records = recs.map(([stdout, stderr, exit], i) => cmd(`tool${i} -x`, stdout, exit, stderr));
        const text = formatBundle(HEADER, records);
        const parsed = parseBundle(text, 'p');
        expect(parsed.complete).toBe(true);
        expect(parsed.problems).toEqual([]);
        expect(parsed.records.map((r) => [r.stdout, r.exit, r.stderr])).toEqual(records.map((r) => [r.stdout, r.exit, r.stderr.replace(/\n+$/, '')]));
        const cut = parseBundle(text.slice(0, cutAt % (text.length + 1)), 'p');
        for (const r of cut.records) if (r.exit !== undefined) expect(records.some((x) => x.name === r.name && x.stdout === r.stdout)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a bundle replayed with --mta-container', () => {
  it('reads the bundle\'s routes even when its rulesets show no Docker chains', async () => {
    const text = formatBundle(HEADER, [...centos(), cmd('ip route', 'default via 192.0.2.1 dev eth0\n172.22.1.0/24 dev br-mail proto kernel scope link src 172.22.1.1\n'), cmd('ip -6 route', '')]);
    const plain = await acquireInputs({ stdinIsTTY: false, stdinIsNull: true, bundle: 'b', readFile: async () => text });
    expect(plain.sections.some((s) => s.kind === 'ip-route')).toBe(false);
    const told = await acquireInputs({ stdinIsTTY: false, stdinIsNull: true, bundle: 'b', mtaContainer: ['172.22.1.5@br-mail'], readFile: async () => text });
    expect(told.sections.filter((s) => s.kind === 'ip-route').map((s) => s.text)).toEqual(['default via 192.0.2.1 dev eth0\n172.22.1.0/24 dev br-mail proto kernel scope link src 172.22.1.1\n']);
    const piped = await acquireInputs({ stdinIsTTY: false, mtaContainer: ['172.22.1.5@br-mail'], readStdin: async () => text });
    expect(piped.sections.some((s) => s.kind === 'ip-route')).toBe(true);
  });
});
