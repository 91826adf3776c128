// The egress map of a forwarded SYN (a container's, routed through the host) on a Docker-shaped
// ruleset: the same hooks and answers as tracePacket, point by point, and answers a reader can
// check by hand — DOCKER-USER decides port 25, the host's OUTPUT rules never apply, a
// destination on this host goes through INPUT.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../src/firewall/address.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import { computeEgress, type EgressContext, type EgressMap, type EgressRow } from '../../../src/firewall/symbolic/index.js';
import { createRng } from '../../kernel/lib/random.js';
import { DOCKER_SAVE } from '../simulate/docker-ruleset.js';
import { compareWithTrace, formatDecider, samplePoints } from './sample.js';

const ruleset = parseFirewallText(DOCKER_SAVE, { origin: 'docker.save', family: 4 });
const base: EgressContext = {
  family: 4,
  ports: [25, 53, 465, 587, 2525, 2526].map((p) => ({ from: p, to: p })),
  origin: { kind: 'forwarded', iif: 'br0' },
  src: parseIp('198.51.100.2')!,
  oif: 'eth0',
  localAddresses: [parseIp('198.51.100.1')!, parseIp('203.0.113.1')!],
};

function rowAt(map: EgressMap, address: string, port: number): EgressRow {
  const a = parseIp(address)!.value;
  const row = map.rows.find((r) => r.addresses.from.value <= a && a <= r.addresses.to.value && r.ports.some((p) => p.from <= port && port <= p.to));
  if (!row) throw new Error(`no row for ${address}:${port}`);
  return row;
}

describe('egress map of a forwarded packet', () => {
  it('agrees with tracePacket at every sampled point, with and without a known out-interface', () => {
    const rng = createRng(18);
    for (const context of [base, { ...base, oif: undefined } as EgressContext, { ...base, origin: { kind: 'forwarded' } } as EgressContext]) {
      const map = computeEgress(ruleset, context);
      const failures = map.rows.flatMap((row) => samplePoints(row, () => rng.next()).map((p) => compareWithTrace(ruleset, context, row, p))).filter((f) => f !== '');
      expect(failures).toEqual([]);
    }
  });

  it('answers as a reader of the ruleset would', () => {
    const map = computeEgress(ruleset, base);
    expect(formatDecider(rowAt(map, '203.0.113.25', 25).decidedBy)).toBe('filter DOCKER-USER #1');
    expect(rowAt(map, '203.0.113.25', 25).verdict).toBe('REJECT');
    expect(rowAt(map, '192.0.2.25', 25)).toMatchObject({ verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'FORWARD', rule: 4 } });
    expect(rowAt(map, '203.0.113.25', 587)).toMatchObject({ verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'FORWARD', rule: 4 } });
    expect(rowAt(map, '203.0.113.25', 2526)).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'mangle', chain: 'POSTROUTING', rule: 2 } });
    expect(rowAt(map, '198.51.100.1', 53)).toMatchObject({ verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'INPUT', rule: 1 } });
    expect(rowAt(map, '198.51.100.1', 587)).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'filter', chain: 'INPUT', policy: true } });
  });
});
