// Postfix inputs through acquisition: --postfix-config reads main.cf, master.cf and the routing
// tables it names (never SASL password maps); --postconf outputs are told apart; a pasted
// `postconf -n` is recognised on stdin; explain then plans as Postfix.
import { describe, expect, it } from 'vitest';
import { acquireWith, type AcquireIo } from '../../../src/input/acquire.js';
import { analyse } from '../../../src/analyses/explain/analyse.js';

const FILES: Record<string, string> = {
  '/cfg/main.cf': 'relayhost = [relay.test]:587\ntransport_maps = hash:/etc/postfix/transport\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\nsender_dependent_relayhost_maps = hash:/etc/postfix/sasl_relay_secret\ninet_protocols = ipv4\n',
  '/cfg/master.cf': 'smtp unix - - y - - smtp\n  -o smtp_bind_address=192.0.2.7\nerror unix - - y - - error\n',
  '/cfg/transport': 'dest.test :\n* error:5.7.1 blocked\n',
  '/cfg/sasl_passwd': 'secret',
  '/p/n.txt': 'inet_protocols = all\nrelayhost = [relay.test]\n',
  '/p/P.txt': 'smtp/unix/inet_protocols = ipv4\n',
  '/p/M.txt': 'smtp       unix  -       -       y       -       -       smtp\n',
};

function io(stdin = ''): AcquireIo & { read: string[] } {
  const read: string[] = [];
  return {
    read,
    run: async () => ({ kind: 'not-found' }) as never,
    readFile: async (path) => {
      read.push(path);
      const text = FILES[path];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
    readStdin: async () => stdin,
    platform: 'linux',
  };
}

describe('Postfix inputs', () => {
  it('--postfix-config DIR: main.cf, master.cf and the tables routing parameters name, from the directory', async () => {
    const fake = io();
    const inputs = await acquireWith({ postfixConfig: '/cfg', stdinIsTTY: false, stdinIsNull: true }, fake);
    expect(inputs.sections.map((s) => `${s.kind} ${s.origin}${s.path ? ` (${s.path})` : ''}`)).toEqual([
      'postfix-main-cf /cfg/main.cf', 'postfix-master-cf /cfg/master.cf', 'postfix-map /cfg/transport (/etc/postfix/transport)',
    ]);
    expect(fake.read.some((p) => /sasl/.test(p))).toBe(false);
    const report = await analyse({ ...inputs, offline: true }, 'user@gmail.com');
    expect(report.plan.mta).toBe('postfix');
    expect(report.verdict).toBe('blocked');
    expect(report.findings.map((f) => f.code)).toContain('mta-refuses');
  });

  it('--postconf files: -n, -P and -M output told apart', async () => {
    const inputs = await acquireWith({ postconf: ['/p/n.txt', '/p/P.txt', '/p/M.txt'], stdinIsTTY: false, stdinIsNull: true }, io());
    expect(inputs.sections.map((s) => s.kind)).toEqual(['postfix-main-cf', 'postconf-p', 'postfix-master-cf']);
    const report = await analyse({ ...inputs, offline: true }, 'user@dest.test');
    expect(report.plan.mta).toBe('postfix');
    expect(report.attempts.every((a) => a.family === 4)).toBe(true);
  });

  it('a pasted postconf -n (with its prompt line, or without) is read as Postfix parameters', async () => {
    const pasted = '$ postconf -n\nalias_maps = hash:/etc/aliases\nbiff = no\nmydestination = $myhostname, localhost\nrelayhost = [relay.test]:587\n\n$ postconf -P\nsmtp/unix/inet_protocols = ipv4\n';
    const inputs = await acquireWith({ stdinIsTTY: false }, io(pasted));
    expect(inputs.sections.map((s) => `${s.kind}@${s.firstLine}`)).toEqual(['postfix-main-cf@2', 'postconf-p@8']);
    const bare = await acquireWith({ stdinIsTTY: false }, io('compatibility_level = 3.6\nbiff = no\nrelayhost = [relay.test]\n'));
    expect(bare.sections.map((s) => s.kind)).toEqual(['postfix-main-cf']);
    expect(bare.sections[0]!.detectedBy).toMatch(/Postfix parameters/);
  });
});
