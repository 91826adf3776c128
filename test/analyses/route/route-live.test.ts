// `route --live`: the plan from the host's MTA configuration as live collection reads it (here
// through a fake command runner), with the firewall left out.
import { describe, expect, it } from 'vitest';
import { planLiveRoute } from '../../../src/analyses/route/route-live.js';
import { collectLive } from '../../../src/input/live.js';
import { createOfflineResolver } from '../../../src/mail/dns/offline-resolver.js';
import { fakeFiles, fakeRun, GROUP } from '../../input/fake-run.js';
import { PASSWD_POSTFIX, POSTCONF_M, POSTCONF_N, POSTCONF_P, SS_POSTFIX, TRANSPORT, VIRTUAL } from '../../input/support/postfix-samples.js';

describe('route --live', () => {
  it('plans with the host\'s Postfix (transport_maps refuses gmail), reads no firewall, and keeps mail_owner\'s uid', async () => {
    const fake = fakeRun({ 'postconf -n': { stdout: POSTCONF_N }, 'postconf -M': { stdout: POSTCONF_M }, 'postconf -P': { stdout: POSTCONF_P }, 'ss -ltnp': { stdout: SS_POSTFIX } });
    const readFile = fakeFiles({ '/etc/passwd': PASSWD_POSTFIX, '/etc/group': GROUP, '/etc/postfix/transport': TRANSPORT, '/etc/postfix/virtual': VIRTUAL });
    const { plan } = await planLiveRoute('user@gmail.test', createOfflineResolver(), {
      collect: () => collectLive({ run: fake.run, readFile, platform: 'linux', supplied: { iptables: true, ip6tables: true, nft: true } }),
      hostname: 'mail.example.test',
    });
    expect(plan.mta).toBe('postfix');
    expect(plan.outcome).toBe('refused');
    expect(plan.reason).toContain('outbound mail is restricted');
    expect(plan.sender).toMatchObject({ user: 'postfix', uid: 107 });
    const ran = fake.calls.map((c) => c.join(' '));
    expect(ran.some((c) => c.startsWith('iptables') || c.startsWith('ip6tables') || c.startsWith('nft'))).toBe(false);
  });

  it('--uid wins over the passwd entry', async () => {
    const fake = fakeRun({ 'postconf -n': { stdout: POSTCONF_N }, 'ss -ltnp': { stdout: SS_POSTFIX } });
    const { plan } = await planLiveRoute('user@allowed.test', createOfflineResolver(), {
      collect: () => collectLive({ run: fake.run, readFile: fakeFiles({ '/etc/passwd': PASSWD_POSTFIX, '/etc/postfix/transport': TRANSPORT }), platform: 'linux', supplied: { iptables: true, ip6tables: true, nft: true } }),
      uid: 999,
    });
    expect(plan.sender?.uid).toBe(999);
  });
});
