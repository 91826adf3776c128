// `mailleak explain --bundle` on a Postfix host's bundle, as a user runs it: the answer is
// Postfix's (the transport_maps line refuses gmail.com), and "read as" says which MTA and why.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBundle, type BundleRecord } from '../../src/input/bundle-format.js';
import { buildCli, removeCli, ROOT, runCli } from '../golden/bundle.js';

type Rec = Omit<BundleRecord, 'line'>;
const ok = (type: Rec['type'], name: string, stdout: string): Rec => ({ type, name, stdout, stderr: '', exit: 0 });
const fixture = (file: string): string => readFileSync(join(ROOT, 'fixtures/postfix-transport-maps', file), 'utf8');

describe('explain --bundle on a Postfix host', () => {
  let cli = '';
  beforeAll(async () => {
    cli = await buildCli();
  }, 120_000);
  afterAll(removeCli);

  it('plans with Postfix, quotes the table line, and says the MTA was read from who listens on 25', () => {
    const bundle = formatBundle({ hostname: 'mail.example', system: 'Linux' }, [
      ok('cmd', 'iptables-save -c', fixture('iptables.save')),
      { type: 'cmd', name: 'exim -bP config', stdout: '', stderr: 'exim: command not found', exit: 127, word: 'not-found' },
      ok('cmd', 'exim4 -bP config', 'primary_hostname = mail.example\nbegin routers\n'),
      ok('cmd', 'exim4 -bP exim_user exim_group', 'exim_user = Debian-exim\nexim_group = Debian-exim\n'),
      ok('cmd', 'postconf -n', fixture('etc-postfix/main.cf')),
      ok('cmd', 'postconf -M', fixture('etc-postfix/master.cf')),
      ok('file', '/etc/postfix/transport', fixture('etc-postfix/transport')),
      ok('file', '/etc/passwd', 'postfix:x:107:113::/var/spool/postfix:/usr/sbin/nologin\nDebian-exim:x:102:105::/var/spool/exim4:/usr/sbin/nologin\n'),
      ok('cmd', 'ss -ltnp', 'LISTEN 0 100 0.0.0.0:25 0.0.0.0:* users:(("master",pid=1234,fd=13))\n'),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'ml-pfx-bundle-')), 'mail.bundle');
    writeFileSync(file, bundle);
    const r = runCli(cli, ['explain', 'gmail.com', '--bundle', file, '--dns', join(ROOT, 'fixtures/demo/gmail.com.zone')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Mail to gmail\.com is blocked: the MTA itself refuses it \(transport_maps: error:5\.7\.1 outbound mail is blocked by local policy\)/);
    expect(r.stdout).toContain('read as: MTA Postfix: master listens on port 25 (ss -ltnp); Exim is installed too, but not the active MTA');
    expect(r.stdout).not.toContain('exim4 -bP config');
    const json = JSON.parse(runCli(cli, ['explain', 'gmail.com', '--bundle', file, '--offline', '--json']).stdout) as { mta: { mta: string; evidence: { code: string } }; plan: { mta: string } };
    expect(json.mta).toMatchObject({ mta: 'postfix', evidence: { code: 'listens', process: 'master' }, installed: ['exim', 'postfix'] });
    expect(json.plan.mta).toBe('postfix');
    // egress draws the map for mail_owner's user, and says which MTA that is
    const egress = runCli(cli, ['egress', '--bundle', file]);
    expect(egress.code).toBe(0);
    expect(egress.stdout).toContain('from postfix (uid 107)');
    expect(egress.stdout).toContain('MTA Postfix: master listens on port 25 (ss -ltnp)');
  });
});
