// egress for a containerised MTA takes each destination's out-interface from the host's routes,
// as explain does per attempt: Docker's `-i br-mailcow ! -o br-mailcow` is then settled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEgressReport, SMTP_PORTS } from '../../../src/analyses/egress/egress.js';
import { parseIp } from '../../../src/firewall/address.js';
import { parseRouteTables, routeIntervals } from '../../../src/firewall/routes.js';
import type { CollectedInputs, InputSection, MtaContainer } from '../../../src/input/collected.js';
import { FIXTURES } from '../explain/fixture-inputs.js';

const read = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const section = (kind: InputSection['kind'], origin: string, text: string, family?: 4 | 6): InputSection => ({ kind, origin, firstLine: 1, text, detectedBy: 'test', ...(family ? { family } : {}) });
const MAILCOW: MtaContainer = { addresses: ['198.51.100.53'], bridge: 'br-mailcow', from: 'option' };
const ROUTES_V4 = 'default via 192.0.2.254 dev eth0 proto static\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.1\n198.51.100.0/26 dev br-mailcow proto kernel scope link src 198.51.100.1\n';

function inputs(extra: InputSection[], oif?: string): CollectedInputs {
  return { sections: [section('iptables-save', 'iptables.save', read('mailcow-docker28/iptables.save'), 4), ...extra], problems: [], mode: 'files', mtaContainer: MAILCOW, ...(oif ? { oif } : {}) };
}

/** The row holding ADDR (port 25): its verdict and deciding rule. */
function rowFor(report: ReturnType<typeof buildEgressReport>, addr: string): string {
  const v = parseIp(addr)!.value;
  const row = report.families[0]!.rows.find((r) => r.addresses.from.value <= v && v <= r.addresses.to.value && r.ports.some((p) => p.from <= 25 && 25 <= p.to));
  const a = row?.answers[0];
  return a ? `${a.verdict} ${a.decidedBy ? `${a.decidedBy.chain} ${'rule' in a.decidedBy ? a.decidedBy.rule : 'policy'}` : '-'}` : 'none';
}

describe('egress with --mta-container and the host\'s routes', () => {
  it('without routes or --oif the bridge test stays open; with them mail out of eth0 is settled as explain settles it', () => {
    const unknown = buildEgressReport(inputs([]), { ports: SMTP_PORTS });
    expect(rowFor(unknown, '203.0.113.26')).toMatch(/^UNKNOWN/);
    const routed = buildEgressReport(inputs([section('ip-route', 'ip route', ROUTES_V4, 4)]), { ports: SMTP_PORTS });
    expect(rowFor(routed, '203.0.113.26')).toBe('ACCEPT DOCKER-FORWARD 4');
    // the same answer --oif eth0 gives for a destination routed out of eth0
    const given = buildEgressReport(inputs([], 'eth0'), { ports: SMTP_PORTS });
    expect(rowFor(given, '203.0.113.26')).toBe(rowFor(routed, '203.0.113.26'));
    expect(routed.families[0]!.notes.some((n) => /out-interface of each destination is the host's route/.test(n))).toBe(true);
    // rows cover the space once, in order
    const rows = routed.families[0]!.rows.filter((r) => r.ports.some((p) => p.from === 25));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.addresses.from.value).toBe(rows[i - 1]!.addresses.to.value + 1n);
  });

  it('routeIntervals: the space cut where the route changes, each part with its device', () => {
    const table = parseRouteTables(ROUTES_V4, 4)[4]!;
    const parts = routeIntervals(table).map((p) => `${p.from}-${p.to} ${p.lookup.kind === 'device' ? p.lookup.oif : '?'}`);
    const ip = (s: string) => parseIp(s)!.value;
    // 192.0.2.0/24 is its own route (same device, other line): its own part
    expect(parts).toEqual([`0-${ip('192.0.1.255')} eth0`, `${ip('192.0.2.0')}-${ip('192.0.2.255')} eth0`, `${ip('192.0.3.0')}-${ip('198.51.99.255')} eth0`, `${ip('198.51.100.0')}-${ip('198.51.100.63')} br-mailcow`, `${ip('198.51.100.64')}-${ip('255.255.255.255')} eth0`]);
  });
});
