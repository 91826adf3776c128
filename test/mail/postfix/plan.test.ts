import { describe, expect, it } from 'vitest';
import { plan, show, STOCK_MASTER } from './support.js';

describe('Postfix planner: next hop', () => {
  it('default class with no relayhost: MX hosts by preference, equal preferences and families in random groups', async () => {
    const p = await plan('user@dest.test', { main: 'inet_protocols = all\n', master: STOCK_MASTER });
    expect(p.mta).toBe('postfix');
    expect(p.outcome).toBe('remote');
    expect(p.transport).toBe('smtp');
    expect(show(p)).toEqual(['mx1.dest.test 2001:db8::11:25 r1', 'mx1.dest.test 192.0.2.11:25 r1', 'mx2.dest.test 192.0.2.12:25 r1', 'mx3.dest.test 192.0.2.13:25']);
    expect(p.sender).toEqual({ user: 'postfix' });
  });

  it('smtp_address_preference = ipv4 puts IPv4 first within a preference; inet_protocols = ipv4 drops IPv6', async () => {
    const pref = await plan('user@dest.test', { main: 'smtp_address_preference = ipv4\n' });
    expect(show(pref)).toEqual(['mx1.dest.test 192.0.2.11:25 r1', 'mx2.dest.test 192.0.2.12:25 r1', 'mx1.dest.test 2001:db8::11:25', 'mx3.dest.test 192.0.2.13:25']);
    const v4 = await plan('user@dest.test', { main: 'inet_protocols = ipv4\n' });
    expect(v4.attempts.every((a) => a.family === 4)).toBe(true);
  });

  it('a master.cf -o inet_protocols=ipv4 on the smtp service applies to it only', async () => {
    const master = STOCK_MASTER.replace('smtp      unix  -       -       y       -       -       smtp', 'smtp      unix  -       -       y       -       -       smtp\n  -o inet_protocols=ipv4');
    const p = await plan('user@dest.test', { main: 'inet_protocols = all\n', master });
    expect(p.attempts.map((a) => a.family)).toEqual([4, 4, 4]);
    const relayed = await plan('user@dest.test', { main: 'inet_protocols = all\nrelay_domains = dest.test\n', master });
    expect(relayed.transport).toBe('relay');
    expect(relayed.attempts.some((a) => a.family === 6)).toBe(true);
  });

  it('relayhost [host]:587 is not looked up for MX; host:port is', async () => {
    const bracket = await plan('user@dest.test', { main: 'relayhost = [relay.test]:587\ninet_protocols = ipv4\n' });
    expect(show(bracket)).toEqual(['relay.test 198.51.100.25:587']);
    expect(bracket.router).toBe('relayhost');
    const mx = await plan('user@dest.test', { main: 'relayhost = smarthost.test:submission\n' });
    expect(show(mx)).toEqual(['mail.smarthost.test 198.51.100.30:587']);
  });

  it('several next hops are tried in order (Postfix 3.5)', async () => {
    const p = await plan('user@dest.test', { main: 'relayhost = [other-relay.test]:587, [relay.test]:25\ninet_protocols = ipv4\n' });
    expect(show(p)).toEqual(['other-relay.test 198.51.100.40:587', 'relay.test 198.51.100.25:25']);
  });

  it('smtp_fallback_relay comes after the main hosts, as fallback attempts', async () => {
    const p = await plan('user@nomx.test', { main: 'smtp_fallback_relay = [fallback.test]:587\ninet_protocols = ipv4\n' });
    expect(show(p)).toEqual(['nomx.test 192.0.2.20:25', 'fallback.test 203.0.113.50:587 fallback']);
  });

  it('a destination that is not found (NXDOMAIN, null MX) goes to smtp_fallback_relay instead of bouncing', async () => {
    for (const recipient of ['user@nowhere.nx.test', 'user@nullmx.test']) {
      const p = await plan(recipient, { main: 'smtp_fallback_relay = [fallback.test]:587\ninet_protocols = ipv4\n' });
      expect(p.outcome).toBe('remote');
      expect(show(p)).toEqual(['fallback.test 203.0.113.50:587 fallback']);
      expect(p.notes?.some((n) => n.includes('smtp_fallback_relay instead of bouncing'))).toBe(true);
    }
  });

  it('a null MX is refused; implicit MX uses the domain address', async () => {
    const nullMx = await plan('user@nullmx.test', {});
    expect(nullMx.outcome).toBe('refused');
    const implicit = await plan('user@nomx.test', { main: 'inet_protocols = ipv4\n' });
    expect(show(implicit)).toEqual(['nomx.test 192.0.2.20:25']);
  });

  it('smtp_bind_address(6) and mail_owner', async () => {
    const p = await plan('user@relay.test', { main: 'relayhost = [relay.test]\nsmtp_bind_address = 192.0.2.99\nsmtp_bind_address6 = 2001:db8::99\nmail_owner = pfx\n' }, { passwd: 'pfx:x:107:113::/var/spool/postfix:/usr/sbin/nologin\n' });
    expect(p.attempts.map((a) => `${a.family} ${a.interface} ${a.uid}/${a.gid}`)).toEqual(['6 2001:db8::99 107/113', '4 192.0.2.99 107/113']);
    expect(p.sender).toEqual({ user: 'pfx', uid: 107, gid: 113 });
  });
});

describe('Postfix planner: address classes and transport_maps', () => {
  const transport = '# outbound policy\nallowed.test   :\n.allowed.test  :\n*              error:5.7.1 outbound mail is blocked by local policy\n';
  const main = 'transport_maps = hash:/etc/postfix/transport\nmydestination = $myhostname, localhost\n';

  it('transport_maps `*` error: refuses, quoting the line', async () => {
    const p = await plan('user@dest.test', { main, files: { '/etc/postfix/transport': transport } });
    expect(p.outcome).toBe('refused');
    expect(p.refusal?.by).toBe('transport_maps');
    const step = p.routerSteps.find((s) => s.router === 'transport_maps');
    expect(step).toMatchObject({ result: 'failed', driver: 'hash:/etc/postfix/transport' });
    expect(step?.reason).toContain('line 4');
  });

  it('an allowed domain and its subdomains keep the default transport and next hop', async () => {
    const p = await plan('user@allowed.test', { main: `${main}inet_protocols = ipv4\n`, files: { '/etc/postfix/transport': transport } });
    expect(show(p)).toEqual(['mx.allowed.test 203.0.113.10:25']);
    const sub = await plan('user@sub.allowed.test', { main, files: { '/etc/postfix/transport': 'allowed.test :\n* error:no\n' } });
    expect(sub.outcome).toBe('refused');
  });

  it('search order: user+ext@domain, user@domain, domain, .parent, *', async () => {
    const { transportKeys } = await import('../../../src/mail/postfix/transport-maps.js');
    expect(transportKeys('u+x@a.b.test', '+', false)).toEqual(['u+x@a.b.test', 'u@a.b.test', 'a.b.test', '.b.test', '.test', '*']);
    expect(transportKeys('u@a.test', '', true)).toEqual(['u@a.test', 'a.test', 'test', '*']);
  });

  it('smtp:[host]:port from transport_maps; transport: alone sends to the recipient domain', async () => {
    const p = await plan('user@dest.test', { main: 'transport_maps = texthash:/t\ninet_protocols = ipv4\nrelayhost = [relay.test]\n', files: { '/t': 'dest.test smtp:[other-relay.test]:2525\n' } });
    expect(show(p)).toEqual(['other-relay.test 198.51.100.40:2525']);
    const q = await plan('user@nomx.test', { main: 'transport_maps = inline:{ nomx.test=smtp: }\ninet_protocols = ipv4\nrelayhost = [relay.test]\n' });
    expect(show(q)).toEqual(['nomx.test 192.0.2.20:25']);
  });

  it('mydestination is local; relay_domains use relay_transport; discard: drops', async () => {
    expect((await plan('user@mail.example', {})).outcome).toBe('local');
    expect((await plan('user@localhost', {})).outcome).toBe('local');
    const discard = await plan('user@dest.test', { main: 'transport_maps = static:discard:silently\n' });
    expect(discard.outcome).toBe('refused');
  });

  it('a transport not in master.cf defers; an unreadable table is unknown', async () => {
    const p = await plan('user@dest.test', { main: 'default_transport = nosuch\n', master: STOCK_MASTER });
    expect(p.outcome).toBe('defer');
    const q = await plan('user@dest.test', { main: 'transport_maps = hash:/missing\n' });
    expect(q.uncertain.join()).toContain('/missing');
  });

  it('sender_dependent_relayhost_maps with an unknown sender: each relay and relayhost as alternatives', async () => {
    const p = await plan('user@dest.test', { main: 'relayhost = [relay.test]\nsender_dependent_relayhost_maps = hash:/s\ninet_protocols = ipv4\n', files: { '/s': '@shop.example [other-relay.test]:587\n' } });
    expect(show(p)).toEqual(['other-relay.test 198.51.100.40:587', 'relay.test 198.51.100.25:25']);
    expect(p.alternatives?.map((a) => a.assumptions.map((x) => x.assumed))).toEqual([['sender-matches'], ['sender-matches-none']]);
    const known = await plan('user@dest.test', { main: 'relayhost = [relay.test]\nsender_dependent_relayhost_maps = hash:/s\ninet_protocols = ipv4\n', files: { '/s': '@shop.example [other-relay.test]:587\n' } }, { sender: 'a@shop.example' });
    expect(show(known)).toEqual(['other-relay.test 198.51.100.40:587']);
  });

  it('regexp transport tables see the full address', async () => {
    const p = await plan('user@dest.test', { main: 'transport_maps = regexp:/r\n', files: { '/r': '/@allowed\\.test$/ :\n/./ error:5.7.1 blocked\n' } });
    expect(p.outcome).toBe('refused');
  });
});

describe('Postfix planner: more next-hop sources', () => {
  it('sender_dependent_default_transport_maps: each transport as an alternative, default_transport when no sender matches', async () => {
    const p = await plan('user@dest.test', { main: 'sender_dependent_default_transport_maps = inline:{ @shop.example=smtp:[other-relay.test]:2525 }\ninet_protocols = ipv4\n' });
    expect(show(p)[0]).toBe('other-relay.test 198.51.100.40:2525');
    expect(p.alternatives).toHaveLength(2);
  });

  it('smtp_tls_wrappermode with [host]:submissions connects on 465 as smtps', async () => {
    const p = await plan('user@dest.test', { main: 'relayhost = [relay.test]:submissions\nsmtp_tls_wrappermode = yes\ninet_protocols = ipv4\n' });
    expect(p.attempts.map((a) => `${a.port} ${a.protocol}`)).toEqual(['465 smtps']);
  });

  it('a privileged smtp service (unpriv = n) connects as root', async () => {
    const p = await plan('user@relay.test', { main: 'relayhost = [relay.test]\ninet_protocols = ipv4\n', master: 'smtp unix - n n - - smtp\n' }, { uid: 107 });
    expect(p.attempts.map((a) => a.uid)).toEqual([0]);
  });

  it('DNS not known: the plan is uncertain, never guessed', async () => {
    const p = await plan('user@unknown-zone.example', {});
    expect(p.outcome).toBe('unknown');
    expect(p.attempts).toEqual([]);
    expect(p.uncertain.length).toBeGreaterThan(0);
  });
});

describe('Postfix parsers never throw on odd text', () => {
  it('random lines give diagnostics, not exceptions', async () => {
    const { readMainCf } = await import('../../../src/mail/postfix/main-cf.js');
    const { readMasterCf, readPostconfP } = await import('../../../src/mail/postfix/master-cf.js');
    const { openMap, lookupMaps } = await import('../../../src/mail/postfix/maps.js');
    const { readNexthops } = await import('../../../src/mail/postfix/nexthop.js');
    const pieces = ['=', ' ', '\t', '#', '{', '}', '[', ']', ':', '/', '\\', '$', '${', '(', 'a', '\n', '-o', 'x=y', 'unix', '!', '*'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 40 }, () => pieces[next() % pieces.length]).join('');
      const master = readMasterCf(text, 'x');
      readPostconfP(text, 'x', master);
      const main = readMainCf(text, 'x');
      expect(Array.isArray(main.diagnostics)).toBe(true);
      const d: never[] = [];
      for (const ref of [`regexp:${text}`, `inline:{${text}}`, `hash:${text}`]) lookupMaps([openMap(ref, () => text, d)], 'a@b.test', false);
      readNexthops(text, 25);
    }
  });
});
