import { describe, expect, it } from 'vitest';
import { formatIp } from '../../../src/firewall/address.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import * as b from './build.js';

describe('nat OUTPUT', () => {
  it('DNAT changes the destination the filter table sees', () => {
    const rs = b.ruleset({
      nat: { OUTPUT: { rules: [[[b.proto('tcp'), b.dport(25)], b.dnat('198.51.100.7', 2525)]] } },
      filter: { OUTPUT: { policy: 'DROP', rules: [[[b.dst('192.0.2.0/24')], b.ACCEPT], [[b.dst('198.51.100.7'), b.dport(2525)], b.REJECT]] } },
    });
    const r = tracePacket(rs, b.packet({ to: '192.0.2.25', port: 25 }));
    expect(r.verdict).toBe('REJECT');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 2 });
    expect(formatIp(r.rewrittenTo!.address!)).toBe('198.51.100.7');
    expect(r.rewrittenTo!.port).toBe(2525);
    expect(r.rewrittenTo!.byRule).toEqual({ table: 'nat', chain: 'OUTPUT', rule: 1 });
  });
  it('REDIRECT sends the packet to 127.0.0.1, but filter OUTPUT still sees the original out-interface', () => {
    // kernel tier: after REDIRECT, filter's `-o lo` does not count the SYN, `-o dm0 -d 127.0.0.1` does;
    // only POSTROUTING sees lo
    const rs = b.ruleset({
      nat: { OUTPUT: { rules: [[[b.proto('tcp'), b.dport(587)], b.redirect(25)]] }, POSTROUTING: {} },
      mangle: { OUTPUT: {}, POSTROUTING: { rules: [[[b.oif('lo')], b.DROP]] } },
      filter: { OUTPUT: { policy: 'DROP', rules: [[[b.oif('lo')], b.ACCEPT], [[b.oif('eth0'), b.dst('127.0.0.1')], b.ACCEPT]] } },
    });
    const r = tracePacket(rs, b.packet({ to: '192.0.2.25', port: 587, oif: 'eth0' }));
    expect(r.verdict).toBe('DROP');
    expect(r.decidedBy).toEqual({ table: 'mangle', chain: 'POSTROUTING', rule: 1 });
    expect(r.path.some((s) => s.table === 'filter' && s.rule === 2 && s.result === 'match')).toBe(true);
    expect(formatIp(r.rewrittenTo!.address!)).toBe('127.0.0.1');
    expect(r.rewrittenTo!.port).toBe(25);
    const v6 = b.ruleset({ nat: { OUTPUT: { rules: [[[b.dport(587)], b.redirect(25)]] } }, filter: { OUTPUT: {} } }, { family: 6 });
    expect(formatIp(tracePacket(v6, b.packet({ to: '2001:db8::25', port: 587 })).rewrittenTo!.address!)).toBe('::1');
  });
  it('the DNAT conntrack state matches after a rewrite', () => {
    const rs = b.ruleset({
      nat: { OUTPUT: { rules: [[[b.dport(25)], b.dnat('198.51.100.7')]] } },
      filter: { OUTPUT: { policy: 'DROP', rules: [[[b.state(['DNAT'])], b.ACCEPT]] } },
    });
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25' })).verdict).toBe('ACCEPT');
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25', port: 80 })).verdict).toBe('DROP');
  });
  it('an ESTABLISHED packet carries its connection\'s nat mapping', () => {
    const rs = b.ruleset({
      nat: { OUTPUT: { rules: [[[b.state(['NEW']), b.dport(25)], b.dnat('198.51.100.7')]] } },
      filter: { OUTPUT: { policy: 'DROP', rules: [[[b.state(['ESTABLISHED']), b.dst('198.51.100.7')], b.ACCEPT]] } },
    });
    const r = tracePacket(rs, b.packet({ to: '192.0.2.25', state: 'ESTABLISHED' }));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.notes.some((n) => n.includes('first packet'))).toBe(true);
  });
});

describe('raw NOTRACK', () => {
  const rs = b.ruleset({
    raw: { OUTPUT: { rules: [[[b.dport(25)], b.NOTRACK]] } },
    nat: { OUTPUT: { rules: [[[b.dport(25)], b.redirect(2525)]] } },
    filter: { OUTPUT: { policy: 'DROP', rules: [[[b.state(['NEW'])], b.REJECT], [[b.state(['UNTRACKED'])], b.ACCEPT]] } },
  });
  it('makes the state UNTRACKED for later tables and skips nat', () => {
    const r = tracePacket(rs, b.packet({ to: '192.0.2.25' }));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 2 });
    expect(r.rewrittenTo).toBeUndefined();
    expect(r.path.some((s) => s.table === 'nat')).toBe(false);
  });
  it('leaves other packets tracked', () => {
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25', port: 587 })).verdict).toBe('REJECT');
  });
});

describe('NEW versus ESTABLISHED', () => {
  const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.state(['RELATED', 'ESTABLISHED'])], b.ACCEPT], [[b.dport(25), b.state(['NEW'])], b.DROP]] } } });
  it('the SYN meets the NEW rule; the rest of the connection the ESTABLISHED one', () => {
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25' }))).toMatchObject({ verdict: 'DROP', decidedBy: { rule: 2 } });
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25', state: 'ESTABLISHED' }))).toMatchObject({ verdict: 'ACCEPT', decidedBy: { rule: 1 } });
  });
});
