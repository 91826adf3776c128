// Which MTA is the host's, from the clues live mode and bundles gather.
import { describe, expect, it } from 'vitest';
import { chooseMta, listenersOn25 } from '../../src/input/which-mta.js';
import { describeMtaChoice } from '../../src/report/mta-choice-text.js';
import { SS_EXIM, SS_POSTFIX } from './support/postfix-samples.js';

describe('listenersOn25', () => {
  it('names the processes listening on TCP port 25 only (not 2525, not 22)', () => {
    expect(listenersOn25(SS_POSTFIX)).toEqual(['master']);
    expect(listenersOn25(SS_EXIM)).toEqual(['exim4']);
    expect(listenersOn25('LISTEN 0 100 0.0.0.0:2525 0.0.0.0:* users:(("master",pid=1,fd=2))\n')).toEqual([]);
    expect(listenersOn25('LISTEN 0 100 *:25 *:* users:(("master",pid=1,fd=13),("smtpd",pid=9,fd=13))\n')).toEqual(['master', 'smtpd']);
  });
});

describe('chooseMta', () => {
  it('the container that answered postconf, then the listener, then sendmail, then what is installed', () => {
    expect(chooseMta({ installed: ['exim'], container: 'mailcow-postfix-1', listeners: SS_EXIM })).toEqual({ mta: 'postfix', evidence: { code: 'container', container: 'mailcow-postfix-1' }, installed: ['exim'] });
    expect(chooseMta({ installed: ['exim', 'postfix'], listeners: SS_POSTFIX, sendmail: '/usr/sbin/exim4\n' })?.evidence).toEqual({ code: 'listens', process: 'master' });
    expect(chooseMta({ installed: ['exim', 'postfix'], sendmail: '/usr/sbin/exim4\n' })).toEqual({ mta: 'exim', evidence: { code: 'sendmail', path: '/usr/sbin/exim4' }, installed: ['exim', 'postfix'] });
    expect(chooseMta({ installed: ['postfix'], sendmail: '/usr/sbin/sendmail\n' })).toEqual({ mta: 'postfix', evidence: { code: 'only-installed' }, installed: ['postfix'] });
    expect(chooseMta({ installed: ['exim', 'postfix'] })).toEqual({ mta: 'exim', evidence: { code: 'undecided' }, installed: ['exim', 'postfix'] });
    expect(chooseMta({ installed: [] })).toBeUndefined();
  });

  it('docker-proxy on 25 is not an MTA of this host', () => {
    const ss = 'LISTEN 0 4096 0.0.0.0:25 0.0.0.0:* users:(("docker-proxy",pid=9,fd=4))\n';
    expect(chooseMta({ installed: ['exim'], listeners: ss })?.evidence).toEqual({ code: 'only-installed' });
  });

  it('is worded with its reason, and names the other MTA installed', () => {
    expect(describeMtaChoice({ mta: 'postfix', evidence: { code: 'listens', process: 'master' }, installed: ['exim', 'postfix'] })).toBe('Postfix: master listens on port 25 (ss -ltnp); Exim is installed too, but not the active MTA');
    expect(describeMtaChoice({ mta: 'exim', evidence: { code: 'undecided' }, installed: ['exim', 'postfix'] })).toMatch(/^Exim assumed: Exim and Postfix are installed/);
  });
});
