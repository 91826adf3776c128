import { describe, expect, it } from 'vitest';
import { createOfflineResolver } from '../../src/mail/dns/offline-resolver.js';
import { readBtOutput } from '../../src/mail/exim/bt-output.js';
import { readEximConfigFile } from '../../src/mail/exim/read-config.js';
import { planDelivery } from '../../src/mail/plan.js';
import { LAB_ZONE } from './exim/support/lab-zone.js';
import { zoneResolver } from './exim/support/resolver.js';

const resolver = zoneResolver(LAB_ZONE);
const head = 'primary_hostname = mailhost.test\ndomainlist local_domains = @ : localhost\n';
const config = (text: string) => readEximConfigFile(head + text, 'exim.conf');
const remote = 'remote_smtp:\n  driver = smtp\n';
const dnslookup = 'dnslookup:\n  driver = dnslookup\n  domains = ! +local_domains\n  transport = remote_smtp\n  no_more\n';
const rows = (plan: Awaited<ReturnType<typeof planDelivery>>) => plan.attempts.map((a) => `${a.order} ${a.host} ${a.address ?? '?'} ${a.port}${a.fallback ? ' fallback' : ''}`);

describe('planDelivery', () => {
  it('without Exim input assumes Debian\'s default and says so', async () => {
    const plan = await planDelivery('gmail.test', {}, { resolver, primaryHostname: 'mailhost.test' });
    expect(plan.recipient).toBe('postmaster@gmail.test');
    expect([plan.outcome, plan.router, plan.transport]).toEqual(['remote', 'dnslookup', 'remote_smtp']);
    expect(plan.attempts.every((a) => a.port === 25)).toBe(true);
    expect(plan.notes?.some((n) => n.includes('assumed Debian'))).toBe(true);
  });

  it('redirect :fail: without allow_fail defers (the message stays queued); with it, it refuses', async () => {
    const block = (allow: string) => config(`begin routers\nblock:\n  driver = redirect\n  domains = ! +local_domains\n${allow}  data = :fail: no mail to $domain\n${dnslookup}begin transports\n${remote}`);
    const deferred = await planDelivery('u@gmail.test', { config: block('') }, { resolver });
    expect([deferred.outcome, deferred.attempts.length]).toEqual(['defer', 0]);
    const refused = await planDelivery('u@gmail.test', { config: block('  allow_fail\n') }, { resolver });
    expect([refused.outcome, refused.router, refused.reason]).toEqual(['refused', 'block', 'no mail to gmail.test']);
  });

  it('redirect data with no domain (Debian satellite hub_user, empty readhost: "user@") defers, as Exim does', async () => {
    const c = config(`begin routers\nhub_user:\n  driver = redirect\n  domains = hub.test\n  data = \${local_part}@\n${dnslookup}begin transports\n${remote}`);
    const plan = await planDelivery('u@hub.test', { config: c }, { resolver });
    expect([plan.outcome, plan.attempts.length]).toEqual(['defer', 0]);
  });

  it('routes redirected addresses from the first router, and stops a redirection loop', async () => {
    const c = config(`begin routers\nalias:\n  driver = redirect\n  domains = alias.test\n  data = someone@allowed.test, back@loop.test\nloop:\n  driver = redirect\n  domains = loop.test\n  data = u@alias.test\n${dnslookup}begin transports\n${remote}`);
    const plan = await planDelivery('u@alias.test', { config: c }, { resolver });
    expect(plan.attempts.map((a) => a.host)).toContain('mx.allowed.test');
    expect(plan.outcome).toBe('remote');
    expect(plan.reason).toContain('loop');
  });

  it('an expansion in a condition makes the router uncertain and both branches are explored', async () => {
    const c = config(`begin routers\ncheck:\n  driver = redirect\n  condition = \${perl{check_mail_permissions}}\n  allow_fail\n  data = :fail: not permitted\n${dnslookup}begin transports\n${remote}`);
    const plan = await planDelivery('u@allowed.test', { config: c }, { resolver });
    expect(plan.outcome).toBe('unknown');
    expect(plan.uncertain.some((u) => u.startsWith('router check:'))).toBe(true);
    expect(plan.routerSteps[0]).toMatchObject({ router: 'check', result: 'skipped' });
    expect(plan.alternatives?.map((a) => a.outcome).sort()).toEqual(['refused', 'remote']);
    expect(rows(plan)).toEqual(['1 mx.allowed.test 2001:db8:1::10 25', '2 mx.allowed.test 203.0.113.10 25']);
  });

  it('when both branches agree the outcome is known', async () => {
    const c = config(`begin routers\nmaybe:\n  driver = dnslookup\n  condition = \${if eq{$sender_address}{}}\n  transport = remote_smtp\n${dnslookup}begin transports\n${remote}`);
    const plan = await planDelivery('u@allowed.test', { config: c }, { resolver });
    expect(plan.outcome).toBe('remote');
    expect(plan.uncertain.length).toBeGreaterThan(0);
  });

  it('a dnslookup that declines (null MX) falls through to a smarthost unless no_more', async () => {
    const c = (more: string) => config(`begin routers\ndnslookup:\n  driver = dnslookup\n  domains = ! +local_domains\n  transport = remote_smtp\n${more}smarthost:\n  driver = manualroute\n  route_list = * relay.test\n  transport = remote_smtp\nbegin transports\n${remote}`);
    const leak = await planDelivery('u@nullmx.test', { config: c('') }, { resolver });
    expect([leak.router, leak.routerSteps[0]?.result]).toEqual(['smarthost', 'declined']);
    const held = await planDelivery('u@nullmx.test', { config: c('  no_more\n') }, { resolver });
    expect(held.outcome).toBe('refused');
  });

  it('offline: the router and transport are known, the addresses are not (both families kept)', async () => {
    const plan = await planDelivery('u@gmail.test', { config: config(`begin routers\n${dnslookup}begin transports\n${remote}`) }, { resolver: createOfflineResolver() });
    expect([plan.router, plan.transport]).toEqual(['dnslookup', 'remote_smtp']);
    expect(plan.attempts.map((a) => [a.address, a.family])).toEqual([[undefined, 6], [undefined, 4]]);
    expect(plan.uncertain.some((u) => u.includes('offline'))).toBe(true);
  });

  it('transport options: protocol smtps → 465, interface per family, hosts_max_try, fallback_hosts last', async () => {
    const c = config(`begin routers\ndnslookup:\n  driver = dnslookup\n  domains = ! +local_domains\n  transport = t\n  fallback_hosts = relay.test\nbegin transports\nt:\n  driver = smtp\n  protocol = smtps\n  hosts_max_try = 3\n  interface = <; 192.0.2.2 ; 2001:db8::2\n`);
    const plan = await planDelivery('u@gmail.test', { config: c }, { resolver });
    // limit reached inside MX 10: the rest of MX 10 is skipped, MX 20 still gets one try
    expect(rows(plan)).toEqual([
      '1 mx1.gmail.test 2001:db8:4860::1b 465', '2 mx1.gmail.test 198.51.100.27 465', '3 mx2.gmail.test 2001:db8:4860::1a 465',
      '4 mx3.gmail.test 198.51.100.25 465', '5 relay.test 2001:db8:50::50 465 fallback', '6 relay.test 203.0.113.50 465 fallback',
    ]);
    expect(plan.attempts.map((a) => a.interface)).toEqual(['2001:db8::2', '192.0.2.2', '2001:db8::2', '192.0.2.2', '2001:db8::2', '192.0.2.2']);
    expect(plan.attempts.every((a) => a.protocol === 'smtps')).toBe(true);
  });

  it('the uid/gid of remote deliveries: exim_user from passwd text, or given numerically', async () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nmailnull:x:47:47::/var/spool/mqueue:/sbin/nologin\n';
    const c = config(`exim_user = mailnull\nbegin routers\n${dnslookup}begin transports\n${remote}`);
    const fromPasswd = await planDelivery('u@allowed.test', { config: c }, { resolver, passwd });
    expect(fromPasswd.attempts.map((a) => [a.uid, a.gid])).toEqual([[47, 47], [47, 47]]);
    const given = await planDelivery('u@allowed.test', { config: c }, { resolver, passwd, uid: 102, gid: 105 });
    expect(given.attempts[0]).toMatchObject({ uid: 102, gid: 105 });
  });

  it('with pasted exim -bt output, its router and hosts win and the config adds the port', async () => {
    const bt = readBtOutput('u@org.example\n  router = smarthost, transport = sub\n  host smtp.relay.example [2001:db8:50::50]\n  host smtp.relay.example [203.0.113.50]\n', 'bt.txt');
    const c = config(`begin routers\nsmarthost:\n  driver = manualroute\n  route_list = * smtp.relay.example\n  transport = sub\nbegin transports\nsub:\n  driver = smtp\n  port = 587\n`);
    const joined = await planDelivery('u@org.example', { config: c, bt }, { resolver });
    expect(rows(joined)).toEqual(['1 smtp.relay.example 2001:db8:50::50 587', '2 smtp.relay.example 203.0.113.50 587']);
    const alone = await planDelivery('u@org.example', { bt }, { resolver });
    expect(alone.attempts.map((a) => a.port)).toEqual([25, 25]);
    expect(alone.uncertain.some((u) => u.includes('port 25 assumed'))).toBe(true);
  });

  it('verify_only routers never route a delivery', async () => {
    const c = config(`begin routers\nblock:\n  driver = redirect\n  verify_only\n  allow_fail\n  data = :fail: no\n${dnslookup}begin transports\n${remote}`);
    const plan = await planDelivery('u@allowed.test', { config: c }, { resolver });
    expect([plan.outcome, plan.routerSteps[0]?.result]).toEqual(['remote', 'skipped']);
  });

  it('--sender decides a router\'s senders precondition; without it both ways are explored', async () => {
    const smarthost = 'smarthost:\n  driver = manualroute\n  domains = ! +local_domains\n  senders = *@shop.example : alerts@mailhost.test\n  route_list = * 203.0.113.50\n  transport = remote_smtp\n  no_more\n';
    const cfg = config(`begin routers\n${smarthost}${dnslookup}begin transports\n${remote}`);
    const unknown = await planDelivery('u@gmail.test', { config: cfg }, { resolver });
    expect(unknown.uncertain.join()).toContain("depends on the message's envelope sender");
    const shop = await planDelivery('u@gmail.test', { config: cfg }, { resolver, sender: 'orders@shop.example' });
    expect([shop.router, shop.attempts.map((a) => a.address)]).toEqual(['smarthost', ['203.0.113.50']]);
    const other = await planDelivery('u@gmail.test', { config: cfg }, { resolver, sender: 'someone@other.example' });
    expect(other.router).toBe('dnslookup');
    expect(other.attempts.some((a) => a.address === '203.0.113.50')).toBe(false);
    // $sender_address in a condition is known too
    const cond = config(`begin routers\n${smarthost.replace('  senders = *@shop.example : alerts@mailhost.test\n', '  condition = \${if eq{$sender_address_domain}{shop.example}}\n')}${dnslookup}begin transports\n${remote}`);
    expect((await planDelivery('u@gmail.test', { config: cond }, { resolver, sender: 'a@shop.example' })).router).toBe('smarthost');
    expect((await planDelivery('u@gmail.test', { config: cond }, { resolver, sender: 'a@other.example' })).router).toBe('dnslookup');
  });
});

describe('the DeliveryPlan every MTA produces', () => {
  it('says it is Exim\'s, and whose uid/gid make the attempts', async () => {
    const passwd = 'root:x:0:0::/root:/bin/sh\nDebian-exim:x:104:109::/var/spool/exim4:/usr/sbin/nologin\n';
    const plan = await planDelivery('gmail.test', {}, { resolver, primaryHostname: 'mailhost.test', passwd });
    expect(plan.mta).toBe('exim');
    expect(plan.sender).toEqual({ user: 'Debian-exim', uid: 104, gid: 109 });
    expect(plan.refusal).toBeUndefined();
  });

  it('groups the hosts of equal MX preference, which Exim tries in random order', async () => {
    const same = await planDelivery('u@same.test', {}, { resolver, primaryHostname: 'mailhost.test' });
    expect(new Set(same.attempts.map((a) => a.host)).size).toBe(2);
    expect(same.attempts.every((a) => a.randomGroup === 1)).toBe(true);
    const gmail = await planDelivery('u@gmail.test', {}, { resolver, primaryHostname: 'mailhost.test' });
    expect(gmail.attempts.some((a) => a.randomGroup !== undefined)).toBe(false);
  });

  it('names the router that refuses an address', async () => {
    const c = config(`begin routers\nblock:\n  driver = redirect\n  domains = ! +local_domains\n  allow_fail\n  data = :fail: no mail to $domain\n${dnslookup}begin transports\n${remote}`);
    const refused = await planDelivery('u@gmail.test', { config: c }, { resolver });
    expect(refused.refusal).toEqual({ by: 'block', reason: 'no mail to gmail.test' });
  });
});
