import { describe, expect, it } from 'vitest';
import { matchList, type ListContext } from '../../../src/mail/exim/list-match.js';
import { splitList } from '../../../src/mail/exim/list-split.js';
import { readEximConfigFile } from '../../../src/mail/exim/read-config.js';

function context(main: string, extra: Partial<ListContext> = {}): ListContext {
  return { config: readEximConfigFile(main, 'exim.conf'), primaryHostname: 'mailhost.test', readLookups: false, ...extra };
}

describe('list syntax', () => {
  it('splits on colons, doubled separators are literal, < changes the separator', () => {
    expect(splitList('a : b:c')).toEqual(['a', 'b', 'c']);
    expect(splitList('127.0.0.1 : ::::1')).toEqual(['127.0.0.1', '::1']);
    expect(splitList('<; 127.0.0.1 ; ::1')).toEqual(['127.0.0.1', '::1']);
    expect(splitList('a : b :')).toEqual(['a', 'b']);
    expect(splitList(':')).toEqual(['']);
    expect(splitList('')).toEqual([]);
  });
});

describe('domain lists', () => {
  const ctx = context('domainlist local_domains = @ : localhost\ndomainlist allowed = example.net : *.example.org\ndomainlist neg = !a.test');
  const m = (list: string, domain: string) => matchList(list, 'domain', domain, ctx).answer;

  it('reads `! +local_domains : ! +allowed` as "neither local nor allowed"', () => {
    expect(m('! +local_domains : ! +allowed', 'gmail.test')).toBe('yes');
    expect(m('! +local_domains : ! +allowed', 'example.net')).toBe('no');
    expect(m('! +local_domains : ! +allowed', 'mailhost.test')).toBe('no');
  });

  it('@ is the primary host name; *suffix and ^regex match; literals are caseless', () => {
    expect(m('@', 'MailHost.test')).toBe('yes');
    expect(m('+allowed', 'mx.example.org')).toBe('yes');
    expect(m('\\N^mx\\d+\\.example$\\N', 'MX12.example')).toBe('yes');
    expect(m('^mx\\d+\\.example$', 'MX12.example')).toBe('unknown');
    expect(m('*', 'anything.test')).toBe('yes');
  });

  it('negation does not propagate out of a named list', () => {
    expect(m('+neg : *.test', 'x.test')).toBe('yes');
    expect(m('+neg', 'b.test')).toBe('yes');
    expect(m('+neg', 'a.test')).toBe('no');
  });

  it('@mx_any, expansions and unread lookups are unknown unless the other items decide', () => {
    expect(m('@mx_any', 'x.test')).toBe('unknown');
    expect(m('${lookup{$domain}lsearch{/etc/x}}', 'x.test')).toBe('unknown');
    expect(m('lsearch;/etc/localdomains : x.test', 'x.test')).toBe('yes');
    expect(m('lsearch;/etc/localdomains', 'x.test')).toBe('unknown');
  });

  it('reads lsearch files only with readLookups', () => {
    const files: Record<string, string> = { '/etc/localdomains': '# comment\nexample.net: yes\nother.test\n' };
    const reading = context('', { readLookups: true, readLookupFile: (p) => files[p] });
    expect(matchList('lsearch;/etc/localdomains', 'domain', 'Example.NET', reading).answer).toBe('yes');
    expect(matchList('lsearch;/etc/localdomains', 'domain', 'gmail.test', reading).answer).toBe('no');
    expect(matchList('lsearch;/etc/missing', 'domain', 'gmail.test', reading).answer).toBe('unknown');
  });
});

describe('host lists against target addresses (ignore_target_hosts)', () => {
  const ctx = context('');
  it('matches addresses and CIDR ranges of both families', () => {
    expect(matchList('0.0.0.0 : 127.0.0.0/8', 'host', '127.0.0.1', ctx).answer).toBe('yes');
    expect(matchList('0.0.0.0 : 127.0.0.0/8', 'host', '203.0.113.1', ctx).answer).toBe('no');
    expect(matchList('<; ::/0', 'host', '2001:db8::1', ctx).answer).toBe('yes');
    expect(matchList('<; 0.0.0.0/0', 'host', '2001:db8::1', ctx).answer).toBe('no');
  });
  it('host names are unknown (they need DNS at match time)', () => {
    expect(matchList('mx.example.net', 'host', '203.0.113.1', ctx).answer).toBe('unknown');
  });
});

describe('address lists (senders =, match_address)', () => {
  const ctx = context('domainlist shops = shop.example');
  const m = (list: string, address: string) => matchList(list, 'address', address, ctx).answer;

  it('local part and domain are matched apart; an item without @ is a domain item', () => {
    expect(m('*@shop.example', 'orders@shop.example')).toBe('yes');
    expect(m('*@shop.example', 'orders@shop.example.net')).toBe('no');
    expect(m('alerts@mailhost.test', 'alerts@mailhost.test')).toBe('yes');
    expect(m('alerts@mailhost.test', 'other@mailhost.test')).toBe('no');
    expect(m('*.example', 'a@shop.example')).toBe('yes');
    expect(m('shop.example', 'a@shop.example')).toBe('yes');
    expect(m('^alerts-.*@', 'alerts-7@x.test')).toBe('yes');
  });

  it('an empty item is the null sender (senders = : for bounces only)', () => {
    expect(m(' : ', '')).toBe('yes');
    expect(m(' : ', 'a@x.test')).toBe('no');
  });
});
