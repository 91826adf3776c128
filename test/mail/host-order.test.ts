import { describe, expect, it } from 'vitest';
import type { Lookup } from '../../src/mail/dns/resolver.js';
import { orderHostAddresses, type HostCandidate, type OrderOptions } from '../../src/mail/exim/host-order.js';
import { readEximConfigFile } from '../../src/mail/exim/read-config.js';
import { limitToMaxTry } from '../../src/mail/plan-attempts.js';

const ok = (...records: string[]): Lookup<string> => ({ status: 'ok', records, notes: [] });
const none: Lookup<string> = { status: 'nodata', message: 'none' };
const lists = { config: readEximConfigFile('', 'x'), primaryHostname: undefined as string | undefined, readLookups: false };
const base: OrderOptions = { ipv4Only: false, ipv4Prefer: false, ipv6: { disableIpv6: false, ipv4LookupDomains: undefined }, lists };
const show = (hosts: HostCandidate[], options = base) => orderHostAddresses(hosts, options).targets.map((t) => `${t.host} ${t.address}`);

describe("Exim's address order", () => {
  const a: HostCandidate = { name: 'a', preference: 10, a: ok('203.0.113.61'), aaaa: none };
  const b: HostCandidate = { name: 'b', preference: 10, a: ok('203.0.113.62'), aaaa: ok('2001:db8:62::62') };
  const c: HostCandidate = { name: 'c', preference: 20, a: ok('203.0.113.63'), aaaa: ok('2001:db8:63::63') };

  it('within one MX preference one forward pass moves IPv6 ahead of IPv4, across host names', () => {
    expect(show([a, b, c])).toEqual(['b 2001:db8:62::62', 'a 203.0.113.61', 'b 203.0.113.62', 'c 2001:db8:63::63', 'c 203.0.113.63']);
    expect(show([b, a, c])).toEqual(['b 2001:db8:62::62', 'b 203.0.113.62', 'a 203.0.113.61', 'c 2001:db8:63::63', 'c 203.0.113.63']);
  });

  it('ipv4_prefer reverses it, ipv4_only and disable_ipv6 drop IPv6', () => {
    expect(show([c], { ...base, ipv4Prefer: true })).toEqual(['c 203.0.113.63', 'c 2001:db8:63::63']);
    expect(show([b, c], { ...base, ipv4Only: true })).toEqual(['b 203.0.113.62', 'c 203.0.113.63']);
    expect(show([b], { ...base, ipv6: { disableIpv6: true, ipv4LookupDomains: undefined } })).toEqual(['b 203.0.113.62']);
    expect(show([b, c], { ...base, ipv6: { disableIpv6: false, ipv4LookupDomains: 'c' } })).toEqual(['b 2001:db8:62::62', 'b 203.0.113.62', 'c 203.0.113.63']);
  });

  it('ignore_target_hosts removes addresses; a name with no records is missing', () => {
    const r = orderHostAddresses([b, { name: 'gone', preference: 20, a: { status: 'nxdomain', message: 'x' }, aaaa: { status: 'nxdomain', message: 'x' } }], { ...base, ignoreTargetHosts: '<; ::/0' });
    expect(r.targets.map((t) => t.address)).toEqual(['203.0.113.62']);
    expect([r.ignored, r.missing]).toEqual([['2001:db8:62::62'], ['gone']]);
  });
});

describe('hosts_max_try', () => {
  const t = (preference: number | undefined, n: number) => ({ host: `h${n}`, family: 4 as const, address: `192.0.2.${n}`, ...(preference !== undefined ? { preference } : {}) });
  it('stops at the limit for hosts not from MX', () => {
    expect(limitToMaxTry([1, 2, 3, 4].map((n) => t(undefined, n)), 2, 50).map((x) => x.host)).toEqual(['h1', 'h2']);
  });
  it('then tries one address of each higher MX preference, up to the hard limit', () => {
    const list = [t(5, 1), t(5, 2), t(5, 3), t(10, 4), t(10, 5), t(20, 6)];
    expect(limitToMaxTry(list, 2, 50).map((x) => x.host)).toEqual(['h1', 'h2', 'h4', 'h6']);
    expect(limitToMaxTry(list, 2, 3).map((x) => x.host)).toEqual(['h1', 'h2', 'h4']);
  });
});
