// The out-interface of a container's forwarded mail, from the host's routes instead of --oif:
// Docker's DOCKER-ISOLATION-STAGE-1 tests `-i br-mailcow ! -o br-mailcow`, which no answer can
// settle without knowing where the host routes the packet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import type { CollectedInputs, InputSection, MtaContainer } from '../../../src/input/collected.js';
import { FIXTURES } from './fixture-inputs.js';

const read = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const section = (kind: InputSection['kind'], origin: string, text: string, family?: 4 | 6): InputSection => ({ kind, origin, firstLine: 1, text, detectedBy: 'test', ...(family ? { family } : {}) });
const MAILCOW: MtaContainer = { addresses: ['198.51.100.53', '2001:db8:c0::53'], bridge: 'br-mailcow', from: 'option' };

// `ip route` / `ip -6 route` of the mailcow host: out of eth0, the bridge for its own subnet
const ROUTES_V4 = 'default via 192.0.2.254 dev eth0 proto static\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1\n198.51.100.0/26 dev br-mailcow proto kernel scope link src 198.51.100.1\n';
const ROUTES_V6 = '2001:db8:c0::/64 dev br-mailcow proto kernel metric 256 pref medium\ndefault via 2001:db8:1::fe dev eth0 metric 1024 pref medium\n';

function inputs(routes: InputSection[]): CollectedInputs {
  return {
    sections: [
      section('iptables-save', 'iptables.save', read('mailcow-docker28/iptables.save'), 4),
      section('iptables-save', 'ip6tables.save', read('mailcow-docker28/ip6tables.save'), 6),
      section('dns-records', 'gmail.com.zone', read('demo/gmail.com.zone')),
      ...routes,
    ],
    problems: [],
    mode: 'files',
    mtaContainer: MAILCOW,
  };
}

describe('a container\'s out-interface from the host\'s routes', () => {
  it('without routes or --oif, `! -o br-mailcow` cannot be settled: uncertain', async () => {
    const report = await analyse(inputs([]), 'gmail.com');
    expect(report.verdict).toBe('uncertain');
    expect(report.attempts.every((a) => a.outInterface === undefined)).toBe(true);
  });

  it('with `ip route` and `ip -6 route`: out of eth0, DOCKER-FORWARD rule 4 lets it out', async () => {
    const report = await analyse(inputs([section('ip-route', 'ip route', ROUTES_V4, 4), section('ip-route', 'ip -6 route', ROUTES_V6, 6)]), 'gmail.com');
    expect(report.verdict).toBe('leaks');
    expect(report.attempts.every((a) => a.outInterface?.name === 'eth0')).toBe(true);
    expect(report.attempts[0]!.outInterface?.route).toMatch(/^default via 2001:db8:1::fe dev eth0/);
    expect(new Set(report.attempts.map((a) => `${a.decidedBy?.chain} ${a.decidedBy?.rule}`))).toEqual(new Set(['DOCKER-FORWARD 4']));
  });

  it('a pasted table (family from its addresses) counts; --oif still wins over it', async () => {
    const pasted = await analyse(inputs([section('ip-route', 'stdin', ROUTES_V4), section('ip-route', 'stdin', ROUTES_V6)]), 'gmail.com');
    expect(pasted.verdict).toBe('leaks');
    const given = await analyse({ ...inputs([section('ip-route', 'stdin', ROUTES_V4), section('ip-route', 'stdin', ROUTES_V6)]), oif: 'br-mailcow' }, 'gmail.com');
    expect(given.attempts.every((a) => a.outInterface === undefined)).toBe(true);
    expect(given.verdict).toBe('leaks');
  });

  it('only IPv4 routes: the IPv6 attempts stay unknown, never guessed', async () => {
    const report = await analyse(inputs([section('ip-route', 'ip route', ROUTES_V4, 4)]), 'gmail.com');
    expect(report.attempts.filter((a) => a.family === 4).every((a) => a.outInterface?.name === 'eth0')).toBe(true);
    expect(report.attempts.filter((a) => a.family === 6).every((a) => a.outInterface === undefined)).toBe(true);
    expect(report.attempts.filter((a) => a.family === 6).every((a) => a.verdict === 'UNKNOWN')).toBe(true);
    // whatever the IPv6 attempts do, the IPv4 ones after them get out
    expect(report.verdict).toBe('leaks');
  });

  it('`ip route get` output names one destination: it is not a table', async () => {
    const report = await analyse(inputs([section('ip-route', 'stdin', '203.0.113.9 via 192.0.2.254 dev eth0 src 192.0.2.1 uid 0 \\    cache\n')]), 'gmail.com');
    expect(report.attempts.every((a) => a.outInterface === undefined)).toBe(true);
  });
});
