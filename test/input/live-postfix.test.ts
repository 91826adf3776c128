// Live Postfix collection with a fake command runner (no Postfix needed): postconf -n/-M/-P,
// the routing tables' sources (never the SASL password map or TLS keys), mail_owner's uid, and
// which MTA the host's answer is planned with.
import { describe, expect, it } from 'vitest';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { collectPostfix } from '../../src/input/live-postfix.js';
import { fakeFiles, fakeRun, GROUP, type Answer } from './fake-run.js';
import { PASSWD_POSTFIX, POSTCONF_M, POSTCONF_N, POSTCONF_P, SS_EXIM, SS_POSTFIX, TRANSPORT, VIRTUAL } from './support/postfix-samples.js';

const POSTFIX: Record<string, Answer> = {
  'postconf -n': { stdout: POSTCONF_N },
  'postconf -M': { stdout: POSTCONF_M },
  'postconf -P': { stdout: POSTCONF_P },
};
const EXIM: Record<string, Answer> = {
  'exim4 -bP config': { stdout: 'primary_hostname = mail.example.test\nbegin routers\n' },
  'exim4 -bP exim_user exim_group': { stdout: 'exim_user = Debian-exim\nexim_group = Debian-exim\n' },
};
const FILES = {
  '/etc/passwd': PASSWD_POSTFIX,
  '/etc/group': GROUP,
  '/etc/postfix/transport': TRANSPORT,
  '/etc/postfix/virtual': VIRTUAL,
  '/etc/postfix/sasl_passwd': '[relay.test]:587 user:secret\n',
  '/etc/ssl/private/mail.key': '-----BEGIN PRIVATE KEY-----\n',
};

async function live(table: Record<string, Answer>) {
  const fake = fakeRun({ 'iptables-save -c': { stdout: '*filter\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' }, 'ip6tables-save -c': { stdout: '' }, ...table });
  const read: string[] = [];
  const files = fakeFiles(FILES);
  const inputs = await acquireInputs({ stdinIsTTY: true, run: fake.run, readFile: async (p) => (read.push(p), files(p)), platform: 'linux' });
  return { inputs, calls: fake.calls.map((c) => c.join(' ')), read };
}

describe('collectPostfix', () => {
  it('reads postconf -n, -M, -P and the sources of the routing tables, never the secrets', async () => {
    const read: string[] = [];
    const files = fakeFiles(FILES);
    const out = await collectPostfix(fakeRun(POSTFIX).run, async (p) => (read.push(p), files(p)));
    expect(out.answered).toBe(true);
    expect(out.sections.map((s) => [s.kind, s.origin])).toEqual([
      ['postfix-main-cf', 'postconf -n'],
      ['postfix-master-cf', 'postconf -M'],
      ['postconf-p', 'postconf -P'],
      ['postfix-map', '/etc/postfix/transport'],
      ['postfix-map', '/etc/postfix/virtual'],
    ]);
    expect(out.sections[3]!.text).toBe(TRANSPORT);
    expect(read).not.toContain('/etc/postfix/sasl_passwd');
    expect(read.some((p) => p.endsWith('.key'))).toBe(false);
    expect(out.problems).toEqual([]);
  });

  it('not installed: nothing, and nothing said', async () => {
    expect(await collectPostfix(fakeRun({}).run, fakeFiles({}))).toEqual({ sections: [], problems: [], answered: false, installed: false });
  });

  it('a table that cannot be read is a problem that says lookups in it are unknown', async () => {
    const out = await collectPostfix(fakeRun(POSTFIX).run, fakeFiles({ '/etc/postfix/virtual': VIRTUAL }));
    expect(out.problems).toEqual([{ what: '/etc/postfix/transport', message: expect.stringMatching(/^cannot read: .*named by transport_maps\); lookups in it are unknown$/) }]);
  });

  it('in a container: docker exec ID postconf …, tables through docker exec ID cat', async () => {
    const id = 'ab'.repeat(32);
    const fake = fakeRun({
      [`docker exec ${id} postconf -n`]: { stdout: 'transport_maps = texthash:/etc/postfix/transport\nsmtp_sasl_password_maps = texthash:/etc/postfix/sasl_passwd\n' },
      [`docker exec ${id} postconf -M`]: { stdout: POSTCONF_M },
      [`docker exec ${id} postconf -P`]: { stdout: '' },
      [`docker exec ${id} cat -- /etc/postfix/transport`]: { stdout: TRANSPORT },
    });
    const out = await collectPostfix(fake.run, fakeFiles({}), {}, { at: 'container', engine: 'docker', id, name: 'mailcow-postfix-1' });
    expect(out.sections.map((s) => [s.kind, s.origin])).toEqual([
      ['postfix-main-cf', `docker exec ${id} postconf -n`],
      ['postfix-master-cf', `docker exec ${id} postconf -M`],
      ['postconf-p', `docker exec ${id} postconf -P`],
      ['postfix-map', 'mailcow-postfix-1:/etc/postfix/transport'],
    ]);
    expect(out.sections[0]!.detectedBy).toBe('collected live from container mailcow-postfix-1');
    expect(fake.calls.map((c) => c.join(' ')).some((c) => c.includes('sasl'))).toBe(false);
  });
});

describe('live mode on a Postfix host', () => {
  it("master listens on 25: Postfix's plan, mail_owner's uid and gid, Exim's absence not said", async () => {
    const { inputs, calls } = await live({ ...POSTFIX, 'ss -ltnp': { stdout: SS_POSTFIX }, 'readlink -f /usr/sbin/sendmail': { stdout: '/usr/sbin/sendmail\n' } });
    expect(inputs.mta).toEqual({ mta: 'postfix', evidence: { code: 'listens', process: 'master' }, installed: ['postfix'] });
    expect(inputs).toMatchObject({ uid: 107, gid: 113 });
    expect(inputs.identityFrom).toBe("Postfix's mail_owner postfix → uid 107, gid 113 (/etc/passwd)");
    expect(inputs.problems).toEqual([]);
    expect(inputs.sections.map((s) => s.kind)).toEqual(['iptables-save', 'iptables-save', 'postfix-main-cf', 'postfix-master-cf', 'postconf-p', 'postfix-map', 'postfix-map', 'passwd', 'passwd']);
    expect(calls).toContain('ss -ltnp');
    expect(calls.filter((c) => c.startsWith('postconf'))).toEqual(['postconf -n', 'postconf -M', 'postconf -P']);
  });

  it('mail_owner set by postconf -n is the user looked up', async () => {
    const { inputs } = await live({ ...POSTFIX, 'postconf -n': { stdout: `${POSTCONF_N}mail_owner = Debian-exim\n` } });
    expect(inputs.mta?.evidence).toEqual({ code: 'only-installed' });
    expect(inputs).toMatchObject({ uid: 102, gid: 105 });
    expect(inputs.identityFrom).toMatch(/^postconf -n mail_owner: Debian-exim → uid 102/);
  });

  it('both installed: the one listening on 25 is active, and the other is said to be installed too', async () => {
    const { inputs } = await live({ ...POSTFIX, ...EXIM, 'ss -ltnp': { stdout: SS_EXIM } });
    expect(inputs.mta).toEqual({ mta: 'exim', evidence: { code: 'listens', process: 'exim4' }, installed: ['exim', 'postfix'] });
    // Exim's configuration and user; Postfix's configuration is left out
    expect(inputs.sections.some((s) => s.kind.startsWith('postfix') || s.kind === 'postconf-p')).toBe(false);
    expect(inputs.sections.some((s) => s.kind === 'exim-bp-config')).toBe(true);
    expect(inputs.uid).toBe(102);
  });

  it('both installed, not root (ss names no process): sendmail decides; without it Exim is assumed and said', async () => {
    const noProcess = 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0 100 0.0.0.0:25 0.0.0.0:*\n';
    const bySendmail = await live({ ...POSTFIX, ...EXIM, 'ss -ltnp': { stdout: noProcess }, 'readlink -f /usr/sbin/sendmail': { stdout: '/usr/sbin/sendmail.postfix\n' } });
    expect(bySendmail.inputs.mta).toEqual({ mta: 'postfix', evidence: { code: 'sendmail', path: '/usr/sbin/sendmail.postfix' }, installed: ['exim', 'postfix'] });
    const undecided = await live({ ...POSTFIX, ...EXIM, 'ss -ltnp': { stdout: noProcess } });
    expect(undecided.inputs.mta).toEqual({ mta: 'exim', evidence: { code: 'undecided' }, installed: ['exim', 'postfix'] });
  });

  it('an Exim-only host is read as before: no Postfix problems', async () => {
    const { inputs } = await live({ ...EXIM });
    expect(inputs.mta).toEqual({ mta: 'exim', evidence: { code: 'only-installed' }, installed: ['exim'] });
    expect(inputs.problems).toEqual([]);
  });

  it('--postfix-config next to --live: postconf is not run, the given configuration is the MTA', async () => {
    const fake = fakeRun({ ...POSTFIX, ...EXIM, 'iptables-save -c': { stdout: '' } });
    const inputs = await acquireInputs({ stdinIsTTY: true, live: true, postfixConfig: '/cfg/main.cf', run: fake.run, readFile: fakeFiles({ ...FILES, '/cfg/main.cf': 'relayhost = [relay.test]:587\n', '/cfg/master.cf': POSTCONF_M }), platform: 'linux' });
    expect(fake.calls.some((c) => c[0] === 'postconf')).toBe(false);
    expect(inputs.mta).toBeUndefined();
    expect(inputs.sections.filter((s) => s.kind === 'postfix-main-cf').map((s) => s.origin)).toEqual(['/cfg/main.cf']);
    expect(inputs.sections.some((s) => s.kind === 'exim-bp-config')).toBe(false);
  });
});

describe('explain on a live Postfix host', () => {
  it("plans with Postfix's configuration: the transport_maps error: line refuses, and the answer says which MTA and why", async () => {
    const { analyse } = await import('../../src/analyses/explain/analyse.js');
    const { renderExplainText } = await import('../../src/report/explain-text.js');
    const { createPalette } = await import('../../src/report/color.js');
    const { inputs } = await live({ ...POSTFIX, ...EXIM, 'ss -ltnp': { stdout: SS_POSTFIX } });
    const report = await analyse({ ...inputs, offline: true }, 'gmail.test');
    expect(report.plan.mta).toBe('postfix');
    expect(report.verdict).toBe('blocked');
    expect(report.findings.map((f) => f.code)).toContain('mta-refuses');
    expect(report.mta?.evidence).toEqual({ code: 'listens', process: 'master' });
    expect(renderExplainText(report, createPalette(false))).toContain('read as: MTA Postfix: master listens on port 25 (ss -ltnp); Exim is installed too, but not the active MTA');
  });
});

describe('pasted Postfix configuration beside passwd', () => {
  it("the uid is mail_owner's, looked up by the planner, not Debian-exim's", async () => {
    const { analyse } = await import('../../src/analyses/explain/analyse.js');
    const stdin = `$ postconf -n\n${POSTCONF_N}$ cat /etc/passwd\n${PASSWD_POSTFIX}`;
    const inputs = await acquireInputs({ stdinIsTTY: false, readStdin: async () => stdin, run: fakeRun({}).run, readFile: fakeFiles({}), platform: 'linux' });
    expect(inputs.uid).toBeUndefined();
    const report = await analyse({ ...inputs, offline: true }, 'dest.test');
    expect(report.plan.mta).toBe('postfix');
    expect(report.plan.assumptions.join('\n')).not.toMatch(/Debian-exim/);
  });
});
