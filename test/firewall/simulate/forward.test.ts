// A forwarded packet (a container's SYN routed through the host) crosses PREROUTING, FORWARD
// and POSTROUTING, never OUTPUT; addressed to this host, PREROUTING then INPUT.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../src/firewall/address.js';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import type { Packet } from '../../../src/firewall/simulate/types.js';
import * as b from './build.js';
import { DOCKER_SAVE } from './docker-ruleset.js';

const ruleset: Ruleset = parseFirewallText(DOCKER_SAVE, { origin: 'docker.save', family: 4 });
const HOST = [parseIp('198.51.100.1')!, parseIp('203.0.113.1')!];

function fromContainer(to: string, port: number, extra: Partial<Packet> = {}): Packet {
  return { ...b.packet({ to, port, src: '198.51.100.2', oif: 'eth0' }), origin: { kind: 'forwarded', iif: 'br0' }, ...extra };
}

describe('a forwarded packet', () => {
  it('is stopped by a DOCKER-USER rule, called first from FORWARD', () => {
    const r = tracePacket(ruleset, fromContainer('203.0.113.25', 25), { localAddresses: HOST });
    expect(r.verdict).toBe('REJECT');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'DOCKER-USER', rule: 1 });
  });

  it('never meets OUTPUT: the host\'s own REJECT of port 25 does not apply to it', () => {
    const r = tracePacket(ruleset, fromContainer('192.0.2.25', 25), { localAddresses: HOST });
    expect(r.verdict).toBe('ACCEPT');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'FORWARD', rule: 4 });
    expect(r.path.some((s) => s.chain === 'OUTPUT')).toBe(false);
    // the same SYN from a local process is rejected by filter OUTPUT
    expect(tracePacket(ruleset, b.packet({ to: '192.0.2.25', port: 25, oif: 'eth0' }), { localAddresses: HOST }).decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 1 });
  });

  it('walks PREROUTING (Docker\'s DNAT not involved), FORWARD, then POSTROUTING, where MASQUERADE does not decide', () => {
    const r = tracePacket(ruleset, fromContainer('192.0.2.25', 25), { localAddresses: HOST });
    const chains = [...new Set(r.path.map((s) => `${s.table} ${s.chain}`))];
    expect(chains).toEqual(['mangle PREROUTING', 'nat PREROUTING', 'mangle FORWARD', 'filter FORWARD', 'filter DOCKER-USER', 'mangle POSTROUTING', 'nat POSTROUTING']);
    expect(r.path.find((s) => s.table === 'nat' && s.chain === 'PREROUTING')).toMatchObject({ rule: 1, result: 'no-match' });
    expect(r.rewrittenTo).toBeUndefined();
    expect(r.path.find((s) => s.table === 'nat' && s.chain === 'POSTROUTING' && s.rule === 1)).toMatchObject({ result: 'match', target: 'MASQUERADE' });
  });

  it('falls to the FORWARD DROP policy when no rule accepts it', () => {
    const r = tracePacket(ruleset, { ...fromContainer('203.0.113.25', 587), origin: { kind: 'forwarded', iif: 'eth1' } }, { localAddresses: HOST });
    expect(r.verdict).toBe('DROP');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'FORWARD', policy: true });
  });

  it('has no socket: an owner match fails unless every option is negated (xt_owner.c)', () => {
    expect(tracePacket(ruleset, fromContainer('203.0.113.25', 2525), { localAddresses: HOST }).verdict).toBe('ACCEPT');
    const negated = tracePacket(ruleset, fromContainer('203.0.113.25', 2526), { localAddresses: HOST });
    expect(negated.verdict).toBe('DROP');
    expect(negated.decidedBy).toEqual({ table: 'mangle', chain: 'POSTROUTING', rule: 2 });
  });

  it('goes through INPUT instead when it is addressed to this host', () => {
    const dns = tracePacket(ruleset, { ...fromContainer('198.51.100.1', 53), oif: undefined } as Packet, { localAddresses: HOST });
    expect(dns).toMatchObject({ verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'INPUT', rule: 1 } });
    const smtp = tracePacket(ruleset, fromContainer('198.51.100.1', 25), { localAddresses: HOST });
    expect(smtp).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'filter', chain: 'INPUT', policy: true } });
  });

  it('is rewritten by a PREROUTING DNAT that matches, and FORWARD sees the new destination', () => {
    const inbound: Packet = { ...b.packet({ to: '203.0.113.1', port: 8025, src: '192.0.2.9' }), origin: { kind: 'forwarded', iif: 'eth0' } };
    const r = tracePacket(ruleset, inbound, { localAddresses: HOST });
    expect(r.rewrittenTo?.byRule).toEqual({ table: 'nat', chain: 'DOCKER', rule: 2 });
    expect(r.rewrittenTo?.port).toBe(25);
    // the route to the container is not given: `-o br0` cannot be decided, and decides
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.possible).toEqual(['ACCEPT', 'DROP']);
    expect(r.path.some((s) => s.table === 'filter' && s.chain === 'FORWARD')).toBe(true);
  });
});
