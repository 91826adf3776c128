// A trace that cannot start (no table in the input, or a ruleset of the other family) is
// UNKNOWN with every verdict still possible — not an empty list that reads as "none".
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../src/firewall/address.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type Packet } from '../../../src/firewall/simulate/types.js';

const smtp = (dst: string): Packet => ({ family: dst.includes(':') ? 6 : 4, protocol: 6, dst: parseIp(dst)!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' });

describe('a trace that cannot start', () => {
  it('an input without any table', () => {
    const result = tracePacket(parseFirewallText('', { origin: 'empty.txt' }), smtp('198.51.100.25'));
    expect(result.verdict).toBe('UNKNOWN');
    expect([...result.possible].sort()).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(result.uncertain[0]?.cause).toEqual({ code: 'no-table', origin: 'empty.txt' });
  });

  it('an IPv4 ruleset asked about an IPv6 packet', () => {
    const v4 = parseFirewallText('*filter\n:OUTPUT DROP [0:0]\nCOMMIT\n', { origin: 'v4.save', family: 4 });
    const result = tracePacket(v4, smtp('2001:db8::25'));
    expect(result.verdict).toBe('UNKNOWN');
    expect([...result.possible].sort()).toEqual(['ACCEPT', 'DROP', 'REJECT']);
  });
});
