// A Postfix host in a fleet: its bundle (as the collection script writes it on a Debian Postfix
// host) is read as Postfix — postconf -n, the transport_maps source, master on port 25 — and
// judged with Postfix's plan, as `mailleak check --bundle` judges it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseBundleText } from '../../../src/analyses/fleet/fleet-host.js';
import { formatBundle, type BundleRecord } from '../../../src/input/bundle-format.js';
import { readDeclaredFiles } from '../../../src/input/files.js';
import { readFileText } from '../../../src/input/node/read.js';
import { ROOT } from './support/build.js';

type Rec = Omit<BundleRecord, 'line'>;
const ok = (type: Rec['type'], name: string, stdout: string): Rec => ({ type, name, stdout, stderr: '', exit: 0 });
const notFound = (name: string): Rec => ({ type: 'cmd', name, stdout: '', stderr: `${name.split(' ')[0]}: command not found`, exit: 127, word: 'not-found' });
const fixture = (file: string): string => readFileSync(join(ROOT, 'fixtures/postfix-transport-maps', file), 'utf8');
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\npostfix:x:107:113::/var/spool/postfix:/usr/sbin/nologin\n';
const SS = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0 100 0.0.0.0:25 0.0.0.0:* users:(("master",pid=1234,fd=13))\n';

function postfixBundle(firewall: string): string {
  return formatBundle({ hostname: 'mail.example', system: 'Linux', backend: 'nf_tables' }, [
    ok('cmd', 'iptables-save -c', firewall),
    ok('cmd', 'ip6tables-save -c', firewall),
    notFound('exim -bP config'), notFound('exim4 -bP config'),
    ok('cmd', 'postconf -n', fixture('etc-postfix/main.cf')),
    ok('cmd', 'postconf -M', fixture('etc-postfix/master.cf')),
    ok('cmd', 'postconf -P', ''),
    ok('file', '/etc/postfix/transport', fixture('etc-postfix/transport')),
    ok('file', '/etc/passwd', PASSWD), ok('file', '/etc/group', 'postfix:x:113:\n'),
    ok('cmd', 'ss -ltnp', SS), ok('cmd', 'readlink -f /usr/sbin/sendmail', '/usr/sbin/sendmail\n'),
  ]);
}

describe('a Postfix host in a fleet', () => {
  it('gmail.com is refused by transport_maps (Postfix wording); domain.com goes out; the uid is mail_owner postfix', async () => {
    const dns = await readDeclaredFiles({ dns: [join(ROOT, 'fixtures/demo/gmail.com.zone'), join(ROOT, 'fixtures/demo/domain.com.zone')] }, (path) => readFileText(path), async () => '');
    const host = await analyseBundleText(postfixBundle(fixture('iptables.save')), 'mail.bundle', { allow: ['domain.com'], probes: ['gmail.com'], dnsSections: dns.sections });
    expect(host.problems.filter((p) => /exim|postconf/i.test(p))).toEqual([]);
    const gmail = host.results.find((r) => r.domain === 'gmail.com')!;
    expect(gmail.verdict).toBe('blocked');
    expect(gmail.answer).toMatch(/MTA itself refuses it \(transport_maps: error:5\.7\.1 outbound mail is blocked by local policy\)/);
    const allowed = host.results.find((r) => r.domain === 'domain.com')!;
    expect(allowed.delivery).toBe('delivers');
    // the egress half (other SMTP) is judged for mail_owner's uid 107
    const egress = host.egress!;
    expect('principal' in egress ? egress.principal.label : undefined).toBe('postfix (uid 107)');
  });
});
