import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { readStream } from '../../src/input/node/read.js';
import { fakeRun } from './fake-run.js';
import { caseBody, eximStdout, sharedText } from './samples.js';

const dir = mkdtempSync(join(tmpdir(), 'ml-i-acq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const V4_FILTER = sharedText('reference/listing-samples/server/iptables-nft/L-n-v.txt');
const NAT = sharedText('reference/listing-samples/extensions/iptables-nft/L-n-v_t-nat.txt');
const V6_SAVE = sharedText('reference/listing-samples/server/ip6tables-nft/save-c.txt');

describe('files', () => {
  it('makes one section per file, of the declared kind and family; a filter + nat listing stays one', async () => {
    const fake = fakeRun({});
    const inputs = await acquireInputs({
      iptables: [file('v4.txt', `${V4_FILTER}\n${NAT}`)],
      ip6tables: [file('v6.txt', V6_SAVE)],
      eximBt: file('bt.txt', eximStdout('bt-leak-fakedns.txt')),
      eximConfig: file('x.conf', sharedText('reference/exim-samples/x.conf')),
      dns: [file('a.zone', 'gmail.com. 300 IN MX 5 mx.example.\n'), file('b.zone', 'mx.example. 300 IN A 203.0.113.10\n')],
      stdinIsTTY: true,
      run: fake.run,
    });
    expect(inputs.mode).toBe('files');
    expect(fake.calls).toEqual([]);
    expect(inputs.sections.map((s) => [s.kind, s.family, s.origin.replace(dir, 'D')])).toEqual([
      ['iptables-listing', 4, 'D/v4.txt'],
      ['iptables-save', 6, 'D/v6.txt'],
      ['exim-config', undefined, 'D/x.conf'],
      ['exim-bt', undefined, 'D/bt.txt'],
      ['dns-records', undefined, 'D/a.zone'],
      ['dns-records', undefined, 'D/b.zone'],
    ]);
    expect(inputs.sections[0]!.text).toBe(`${V4_FILTER}\n${NAT}`);
    expect(inputs.sections[0]!.detectedBy).toBe('declared IPv4 by --iptables; format iptables-listing detected');
    expect(inputs.sections.every((s) => s.firstLine === 1)).toBe(true);
  });
  it('says when the addresses contradict the declared family', async () => {
    const inputs = await acquireInputs({ iptables: [file('wrong.txt', sharedText('reference/listing-samples/server/ip6tables-nft/L-n-v.txt'))], stdinIsTTY: true });
    expect(inputs.sections[0]!.family).toBe(4);
    expect(inputs.sections[0]!.detectedBy).toContain('its addresses are IPv6 (::/0): was --ip6tables meant?');
  });
  it('reads `-` from stdin, once', async () => {
    const inputs = await acquireInputs({ ip6tables: ['-'], stdinIsTTY: false, readStdin: async () => V6_SAVE });
    expect(inputs.sections).toMatchObject([{ kind: 'iptables-save', family: 6, origin: 'stdin' }]);
    await expect(acquireInputs({ iptables: ['-'], eximBt: '-', stdinIsTTY: false, readStdin: async () => '' })).rejects.toThrow("only one input can be read from stdin ('-'), but --iptables and --exim-bt both name it");
  });
  it('refuses an unreadable file with its path and the reason', async () => {
    const missing = join(dir, 'missing.txt');
    await expect(acquireInputs({ iptables: [missing], stdinIsTTY: true })).rejects.toThrow(new InputError(`${missing}: cannot read: no such file`));
    await expect(acquireInputs({ dns: [dir], stdinIsTTY: true })).rejects.toThrow(`${dir}: cannot read: is a directory`);
  });
  it('refuses --live together with files', async () => {
    await expect(acquireInputs({ iptables: ['x'], live: true, stdinIsTTY: true })).rejects.toBeInstanceOf(InputError);
  });
  it('reports an empty file', async () => {
    const inputs = await acquireInputs({ eximBt: file('empty.txt', ''), stdinIsTTY: true });
    expect(inputs.problems).toEqual([{ what: join(dir, 'empty.txt'), message: 'empty (given to --exim-bt)' }]);
  });
});

describe('choosing the way', () => {
  it('a pipe with no flags is a paste; a terminal is live; --live forces live', async () => {
    const fake = fakeRun({});
    const pasted = await acquireInputs({ stdinIsTTY: false, run: fake.run, readStdin: async () => caseBody('01-sf930157-csf-localoutput-tcpout.txt') });
    expect(pasted.mode).toBe('pasted');
    expect(pasted.sections).toMatchObject([{ kind: 'iptables-listing', family: 4, origin: 'stdin', firstLine: 2 }]);
    expect(fake.calls).toEqual([]);
    const live = await acquireInputs({ stdinIsTTY: true, run: fake.run, readFile: async () => '', platform: 'linux' });
    expect(live.mode).toBe('live');
    // --live next to a pipe: the pipe is read too (issue 13), and an empty one is said
    let stdinRead = false;
    const forced = await acquireInputs({ stdinIsTTY: false, live: true, run: fake.run, readFile: async () => '', platform: 'linux', readStdin: async () => ((stdinRead = true), '') });
    expect(forced.mode).toBe('live');
    expect(stdinRead).toBe(true);
    expect(forced.problems).toContainEqual({ what: 'stdin', message: 'empty: nothing was piped; the other inputs were used' });
  });
  it('an empty paste is said, with what to do instead', async () => {
    const inputs = await acquireInputs({ stdinIsTTY: false, readStdin: async () => '\n\n' });
    expect(inputs.sections).toEqual([]);
    expect(inputs.problems[0]!.message).toContain('nothing was pasted');
  });
  it('passes options through and resolves --uid names from a pasted passwd', async () => {
    const paste = 'Debian-exim:x:102:105::/var/spool/exim4:/usr/sbin/nologin\n';
    const inputs = await acquireInputs({ stdinIsTTY: false, readStdin: async () => paste, readFile: async () => '', uid: 'Debian-exim', dnsServer: '127.0.0.1', offline: false, oif: 'eth0', src: '192.0.2.2' });
    expect(inputs).toMatchObject({ uid: 102, identityFrom: '--uid', dnsServer: '127.0.0.1', offline: false, oif: 'eth0', src: '192.0.2.2' });
    expect(inputs.gid).toBeUndefined();
    const guessed = await acquireInputs({ stdinIsTTY: false, readStdin: async () => paste });
    expect(guessed).toMatchObject({ uid: 102, gid: 105 });
    expect(guessed.identityFrom).toBe('default Exim user Debian-exim → uid 102 (stdin line 1)');
    await expect(acquireInputs({ stdinIsTTY: false, readStdin: async () => paste, readFile: async () => '', uid: 'nobody-here' })).rejects.toThrow('--uid: no user named nobody-here');
    await expect(acquireInputs({ stdinIsTTY: false, readStdin: async () => paste, src: '1.2.3.4; rm' })).rejects.toThrow('--src: not an IP address');
  });
  it('refuses stdin larger than the limit, naming the limit', async () => {
    const big = Readable.from([Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]);
    await expect(readStream(big, 'stdin', 1000)).rejects.toThrow(new InputError('stdin: input larger than 1000 bytes; refusing to read it (give each part as its own file, e.g. --iptables FILE --ip6tables FILE --exim-config FILE, each up to 1000 bytes)'));
  });
});
