// The route a forwarded packet takes, from `ip route` / `ip -6 route` text as a Docker host
// prints it: the out-interface when the table settles it, unknown (never guessed) when not.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/firewall/address.js';
import { lookupRoute, parseRouteTables } from '../../src/firewall/routes.js';

// a Docker 28 host (recorded from `ip route` on Debian 12): default out of eth0, docker0 and a compose bridge
const DOCKER_HOST_V4 = `default via 192.0.2.254 dev eth0 proto static metric 100
172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1 metric 100
198.51.100.0/26 dev br-0123456789ab proto kernel scope link src 198.51.100.1
`;
const DOCKER_HOST_V6 = `2001:db8:1::/64 dev eth0 proto kernel metric 256 pref medium
2001:db8:c0::/64 dev br-0123456789ab proto kernel metric 256 pref medium
fe80::/64 dev eth0 proto kernel metric 256 pref medium
default via 2001:db8:1::fe dev eth0 metric 1024 onlink pref medium
`;

const oif = (text: string, dst: string, family?: 4 | 6) => {
  const address = parseIp(dst)!;
  return lookupRoute(parseRouteTables(text, family)[address.family], address);
};

describe('lookupRoute', () => {
  it('the default route for the internet, the bridge for its own subnet (longest prefix wins)', () => {
    expect(oif(DOCKER_HOST_V4, '203.0.113.25')).toEqual({ kind: 'device', oif: 'eth0', route: 'default via 192.0.2.254 dev eth0 proto static metric 100' });
    expect(oif(DOCKER_HOST_V4, '198.51.100.53')).toMatchObject({ kind: 'device', oif: 'br-0123456789ab' });
    expect(oif(DOCKER_HOST_V6, '2001:db8:4860::1a', 6)).toMatchObject({ kind: 'device', oif: 'eth0' });
    expect(oif(DOCKER_HOST_V6, '2001:db8:c0::9', 6)).toMatchObject({ kind: 'device', oif: 'br-0123456789ab' });
  });

  it('the lowest metric among equal prefixes', () => {
    const table = 'default via 192.0.2.254 dev eth0 metric 200\ndefault via 198.51.100.254 dev wg0 metric 50\n';
    expect(oif(table, '203.0.113.25')).toMatchObject({ oif: 'wg0' });
  });

  it('unknown when the table cannot settle it: no table of the family, no route, unreachable, multipath, equal routes, source routing', () => {
    expect(oif(DOCKER_HOST_V4, '2001:db8::25')).toEqual({ kind: 'unknown', reason: 'no IPv6 routing table was supplied' });
    expect(oif('192.0.2.0/24 dev eth0\n', '203.0.113.25')).toEqual({ kind: 'unknown', reason: 'no route in the table matches it' });
    expect(oif(`${DOCKER_HOST_V4}unreachable 203.0.113.0/24 metric 1\n`, '203.0.113.25')).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/'unreachable'/) });
    expect(oif('default proto static metric 100\n\tnexthop via 192.0.2.254 dev eth0 weight 1\n\tnexthop via 198.51.100.254 dev eth1 weight 1\n', '203.0.113.25', 4)).toMatchObject({ kind: 'unknown', reason: 'its route spreads over eth0, eth1' });
    expect(oif('default via 192.0.2.254 dev eth0 metric 100\ndefault via 198.51.100.254 dev eth1 metric 100\n', '203.0.113.25')).toMatchObject({ kind: 'unknown' });
    expect(oif('default from 2001:db8:1::/64 via 2001:db8:1::fe dev eth0 metric 1024\n', '2001:db8::25', 6)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/source address/) });
  });

  it('multipath over one device is that device; a table without any address needs its family said', () => {
    expect(oif('default proto static metric 100\n\tnexthop via 192.0.2.253 dev eth0 weight 1\n\tnexthop via 192.0.2.254 dev eth0 weight 1\n', '203.0.113.25', 4)).toMatchObject({ kind: 'device', oif: 'eth0' });
    expect(parseRouteTables('default dev ppp0 scope link\n')).toEqual({});
    expect(oif('default dev ppp0 scope link\n', '203.0.113.25', 4)).toMatchObject({ oif: 'ppp0' });
  });

  it('`ip route` and `ip -6 route` pasted together: one table per family (a default line by its gateway)', () => {
    const both = DOCKER_HOST_V4 + DOCKER_HOST_V6;
    expect(oif(both, '203.0.113.25')).toMatchObject({ oif: 'eth0', route: expect.stringMatching(/^default via 192\.0\.2\.254/) });
    expect(oif(both, '2001:db8:4860::1a')).toMatchObject({ oif: 'eth0', route: expect.stringMatching(/^default via 2001:db8:1::fe/) });
    expect(oif(both, '2001:db8:c0::9')).toMatchObject({ oif: 'br-0123456789ab' });
  });

  it('`ip route show table all` keeps the main table only', () => {
    const all = `default via 192.0.2.254 dev eth0\nlocal 192.0.2.1 dev eth0 table local proto kernel scope host src 192.0.2.1\ndefault via 198.51.100.254 dev vpn0 table 100\n`;
    expect(oif(all, '203.0.113.25')).toMatchObject({ oif: 'eth0' });
  });
});
