// virtual_alias_maps before routing (virtual(5)) and address verification probes
// (ADDRESS_VERIFICATION_README, postconf(5) address_verify_*).
import { describe, expect, it } from 'vitest';
import { plan, show, STOCK_MASTER } from './support.js';

const V4 = 'inet_protocols = ipv4\n';

describe('virtual_alias_maps', () => {
  it('rewrites the recipient before routing: mail to a local alias leaves for the address it names', async () => {
    const p = await plan('alias@mail.example', { main: `${V4}virtual_alias_maps = hash:/etc/postfix/virtual\n`, master: STOCK_MASTER, files: { '/etc/postfix/virtual': 'alias@mail.example   someone@nomx.test\n' } });
    expect(p.outcome).toBe('remote');
    expect(show(p)).toEqual(['nomx.test 192.0.2.20:25']);
    expect(p.routerSteps[0]).toMatchObject({ router: 'virtual_alias_maps', result: 'accepted', reason: 'line 1 of /etc/postfix/virtual: alias@mail.example → someone@nomx.test' });
  });

  it('several addresses: the mail goes to all of them, so it leaves if any copy leaves', async () => {
    const files = { '/etc/postfix/virtual': '@mail.example  local@mail.example, out@relay.test\nlocal@mail.example local@mail.example\n' };
    const p = await plan('anyone@mail.example', { main: `${V4}virtual_alias_maps = hash:/etc/postfix/virtual\n`, master: STOCK_MASTER, files });
    expect(p.outcome).toBe('remote');
    expect(show(p)).toEqual(['relay.test 198.51.100.25:25']);
  });

  it('the search order: user+ext@domain, user@domain, user for local domains, @domain', async () => {
    const files = { '/etc/postfix/virtual': 'bob  bob@relay.test\n@mail.example  catchall@nomx.test\n' };
    const main = `${V4}recipient_delimiter = +\nvirtual_alias_maps = hash:/etc/postfix/virtual\n`;
    expect(show(await plan('bob+list@mail.example', { main, master: STOCK_MASTER, files }))).toEqual(['relay.test 198.51.100.25:25']);
    expect(show(await plan('alice@mail.example', { main, master: STOCK_MASTER, files }))).toEqual(['nomx.test 192.0.2.20:25']);
  });

  it('a table that cannot be read is a maybe: the outcome is unknown, and says why', async () => {
    const p = await plan('user@dest.test', { main: `${V4}virtual_alias_maps = ldap:/etc/postfix/ldap-virtual.cf\n`, master: STOCK_MASTER });
    expect(p.outcome).toBe('unknown');
    expect(p.uncertain.some((u) => /virtual_alias_maps: ldap: tables cannot be read.*may be rewritten to other addresses before routing/.test(u))).toBe(true);
    // the unrewritten delivery is still planned: its connections are checked
    expect(p.attempts.length).toBeGreaterThan(0);
  });

  it('a virtual alias domain without an entry for the address is refused (no rewrite to follow)', async () => {
    const p = await plan('nobody@alias.test', { main: `${V4}virtual_alias_domains = alias.test\nvirtual_alias_maps = hash:/etc/postfix/virtual\n`, master: STOCK_MASTER, files: { '/etc/postfix/virtual': 'x@alias.test  y@relay.test\n' } });
    expect(p.outcome).toBe('refused');
    expect(p.uncertain).toEqual([]);
  });
});

describe('address verification probes', () => {
  const restricted = 'transport_maps = inline:{ allowed.test=smtp: }\n';
  it('reject_unverified_sender with address_verify_relayhost: the probe is another way out, through the probe relay', async () => {
    const main = `${V4}relayhost = [relay.test]:587\naddress_verify_relayhost = [other-relay.test]:25\nsmtpd_sender_restrictions = reject_unverified_sender\n`;
    const p = await plan('user@dest.test', { main, master: STOCK_MASTER });
    expect(show(p)).toEqual(['relay.test 198.51.100.25:587', 'other-relay.test 198.51.100.40:25']);
    expect(p.attempts[1]!.router).toBe('address verification probe: address_verify_relayhost');
    expect(p.notes?.some((n) => /^address verification is in use \(reject_unverified_sender in smtpd_sender_restrictions\).*routed by address_verify_relayhost: another way out/.test(n))).toBe(true);
  });

  it('transport_maps refuses the domain, but address_verify_transport_maps does not: mail is refused, the probe still connects', async () => {
    const main = `${V4}transport_maps = hash:/etc/postfix/transport\naddress_verify_transport_maps =\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unverified_recipient, reject_unauth_destination\n`;
    const p = await plan('user@nomx.test', { main, master: STOCK_MASTER, files: { '/etc/postfix/transport': '* error:5.7.1 blocked\n' } });
    expect(p.outcome).toBe('remote');
    expect(show(p)).toEqual(['nomx.test 192.0.2.20:25']);
    expect(p.attempts[0]!.router).toMatch(/^address verification probe: /);
  });

  it('probes routed as mail is: said in a note, no extra attempts; without reject_unverified_*, nothing', async () => {
    const same = await plan('user@nomx.test', { main: `${V4}${restricted}smtpd_recipient_restrictions = reject_unverified_recipient\n`, master: STOCK_MASTER });
    expect(same.notes?.some((n) => /routed as mail is/.test(n))).toBe(true);
    const off = await plan('user@nomx.test', { main: `${V4}${restricted}`, master: STOCK_MASTER });
    expect(off.notes?.some((n) => /address verification/.test(n)) ?? false).toBe(false);
    expect(off.attempts).toEqual(same.attempts);
  });
});
