// Real configurations from ../shared/corpus/exim-wild (read in place, never copied): with the
// hosting stack recognised, `route user@gmail.com` is decided on every configuration whose
// routing of a remote domain does not hinge on SQL/LDAP, and each default taken from the stack
// is listed as data (src/mail/types.ts StackAssumption).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEximConfigFile } from '../../../src/mail/exim/read-config.js';
import { planDelivery } from '../../../src/mail/plan.js';
import type { DeliveryPlan } from '../../../src/mail/types.js';
import { describeStackAssumption } from '../../../src/report/stack-assumption-text.js';
import { zoneResolver } from './support/resolver.js';

const CORPUS = '/work/shared/corpus/exim-wild';
const MARK = '# ---- original file text follows verbatim below this line ----';
const present = existsSync(CORPUS);
const zone = readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'demo', 'gmail.com.zone'), 'utf8');

async function routeGmail(prefix: string): Promise<DeliveryPlan> {
  const name = readdirSync(CORPUS).find((f) => f.startsWith(prefix) && !/\.(include|fragment|conf\.d)-/.test(f))!;
  const text = readFileSync(join(CORPUS, name), 'utf8');
  const body = text.slice(text.indexOf(MARK) + MARK.length + 1);
  const config = readEximConfigFile(body, `/etc/${name}`);
  return planDelivery('user@gmail.com', { config }, { resolver: zoneResolver(zone), primaryHostname: 'server.example' });
}

describe.skipIf(!present)('Exim as deployed: real configurations decide user@gmail.com', () => {
  it('cPanel: remote via dkim_lookuphost, with its hosted-domain files, demo uids and Perl checks assumed', async () => {
    const plan = await routeGmail('02-');
    expect(plan.stack).toBe('cpanel');
    expect([plan.outcome, plan.router, plan.transport]).toEqual(['remote', 'dkim_lookuphost', 'dkim_remote_smtp']);
    expect(plan.stackAssumptions).toContainEqual({ kind: 'domain-not-hosted', stack: 'cpanel', domain: 'gmail.com', source: '/etc/localdomains' });
    expect(plan.stackAssumptions).toContainEqual({ kind: 'function-result', stack: 'cpanel', name: 'enforce_mail_permissions', result: '0' });
    expect(plan.stackAssumptions).toContainEqual({ kind: 'file-absent', stack: 'cpanel', path: '/etc/manualmx' });
  });

  it.each(['04-', '05-', '06-', '07-'])('DirectAdmin %s: remote via lookuphost once check_limits is within the limit', async (prefix) => {
    const plan = await routeGmail(prefix);
    expect(plan.stack).toBe('directadmin');
    expect([plan.outcome, plan.router]).toEqual(['remote', 'lookuphost']);
    expect(plan.stackAssumptions).toContainEqual({ kind: 'function-result', stack: 'directadmin', name: 'check_limits', result: 'yes' });
    expect(plan.stackAssumptions).toContainEqual({ kind: 'domain-not-hosted', stack: 'directadmin', domain: 'gmail.com', source: '/etc/virtual/domains' });
  });

  it('HestiaCP: dnslookup once the domain is not under /etc/exim4/domains and no SMTP relay is configured', async () => {
    const plan = await routeGmail('09-');
    expect(plan.stack).toBe('hestia');
    expect([plan.outcome, plan.router, plan.transport]).toEqual(['remote', 'dnslookup', 'remote_smtp']);
    expect(plan.stackAssumptions).toContainEqual({ kind: 'file-absent', stack: 'hestia', path: '/etc/exim4/domains/*/smtp_relay.conf' });
    expect(plan.stackAssumptions).toContainEqual({ kind: 'domain-not-hosted', stack: 'hestia', domain: 'gmail.com', source: '/etc/exim4/domains' });
  });

  it('Debian template without DCconfig_* macros: no router for remote domains, and the configtype is stated', async () => {
    const plan = await routeGmail('08-');
    expect(plan.stack).toBe('debian');
    expect(plan.outcome).toBe('refused');
    expect(plan.stackAssumptions?.[0]).toEqual({ kind: 'debian-configtype', configtype: 'local', from: 'template' });
    expect(describeStackAssumption(plan.stackAssumptions![0]!)).toContain('dc_eximconfig_configtype');
  });

  it('the exim-relay container: SMARTHOST as the image sets it (empty) sends by MX', async () => {
    const plan = await routeGmail('20-');
    expect(plan.stack).toBe('exim-relay');
    expect([plan.outcome, plan.router]).toEqual(['remote', 'dnslookup']);
    expect(plan.stackAssumptions).toContainEqual({ kind: 'env-default', stack: 'exim-relay', variable: 'SMARTHOST', value: '' });
  });

  it('a configuration that routes by SQL stays undecided (vexim: mysql)', async () => {
    const plan = await routeGmail('16-');
    expect(plan.outcome).toBe('unknown');
  });

  it('every assumption is worded with the command that settles it or the reason', async () => {
    for (const prefix of ['02-', '04-', '09-', '11-', '19-', '20-']) {
      const plan = await routeGmail(prefix);
      for (const a of plan.stackAssumptions ?? []) expect(describeStackAssumption(a)).toMatch(/check with: |never runs Perl|DCconfig_/);
    }
  });
});

describe('the MTA fix names the stack and where its change lives', () => {
  it('Debian: a conf.d router file or the template, then update-exim4.conf; cPanel: WHM; DirectAdmin: exim.routers.pre.conf', async () => {
    const { eximRouterFix } = await import('../../../src/analyses/explain/fixes.js');
    expect(eximRouterFix(['allowed.example'], 'debian').summary).toMatch(/conf\.d\/router\/.*update-exim4\.conf/);
    expect(eximRouterFix(['allowed.example'], 'cpanel').summary).toContain('Exim Configuration Manager');
    expect(eximRouterFix(['allowed.example'], 'directadmin').summary).toContain('/etc/exim.routers.pre.conf');
    // a stack defines local_domains itself: the fix must not redefine it
    expect(eximRouterFix(['allowed.example'], 'cpanel').lines.some((l) => l.startsWith('domainlist local_domains'))).toBe(false);
    expect(eximRouterFix(['allowed.example']).lines[0]).toBe('domainlist local_domains   = @ : localhost');
  });
});
