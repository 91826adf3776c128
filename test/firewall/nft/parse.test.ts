import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../src/firewall/address.js';
import { buildNetfilterModel } from '../../../src/firewall/hooks.js';
import { parseNft } from '../../../src/firewall/nft/index.js';
import { traceInModel } from '../../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type Packet } from '../../../src/firewall/simulate/types.js';

const REFERENCE = `table inet filter {
	set smarthosts {
		type ipv4_addr
		flags interval
		elements = { 192.0.2.0/24 }
	}

	chain output {
		type filter hook output priority filter; policy drop;
		ct state established,related accept
		oifname "lo" accept
		meta skuid 104 ip daddr @smarthosts tcp dport 587 counter packets 0 bytes 0 accept
		th dport vmap { 25 : jump smtp_out, 53 : accept }
	}

	chain smtp_out {
		meta skuid != 104 counter packets 0 bytes 0 reject
		counter packets 0 bytes 0 accept
	}
}
table ip filter {
	chain OUTPUT {
		type filter hook output priority filter; policy accept;
		tcp dport 25 skuid 104 counter packets 0 bytes 0 accept
	}
}
`;

function packet(dst: string, dport: number, uid?: number): Packet {
  const p: Packet = { family: dst.includes(':') ? 6 : 4, protocol: 6, dst: parseIp(dst)!, dport, sport: EPHEMERAL_PORTS, state: 'NEW', oif: 'eth0' };
  if (uid !== undefined) p.uid = uid;
  return p;
}

function trace(text: string, p: Packet) {
  return traceInModel(buildNetfilterModel([parseNft(text, 'test')]), p);
}

describe('nft text', () => {
  it('reads tables, base chains, sets and rules', () => {
    const r = parseNft(REFERENCE, 'test');
    expect(r.diagnostics).toEqual([]);
    expect(r.tables.map((t) => t.name)).toEqual(['inet filter', 'ip filter']);
    const out = r.tables[0]!.chains[0]!;
    expect(out.base).toEqual({ type: 'filter', hook: 'output', priority: 0 });
    expect(out.policy).toBe('DROP');
    expect(out.rules.map((x) => x.position)).toEqual([1, 2, 3, 4, 4]);
  });
  it('decides as the kernel: uid 104 to 192.0.2.1:587 accepted; others to 25 rejected by smtp_out', () => {
    expect(trace(REFERENCE, packet('192.0.2.1', 587, 104))).toMatchObject({ verdict: 'ACCEPT' });
    expect(trace(REFERENCE, packet('198.51.100.1', 25, 0))).toMatchObject({ verdict: 'REJECT', decidedBy: { table: 'inet filter', chain: 'smtp_out', rule: 1 } });
    expect(trace(REFERENCE, packet('198.51.100.1', 25, 104))).toMatchObject({ verdict: 'ACCEPT' });
    expect(trace(REFERENCE, packet('198.51.100.1', 443, 104))).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet filter', chain: 'output', policy: true } });
  });
  it('an ip daddr != X drop leaves IPv6 open in an inet table', () => {
    const text = 'table inet f {\n chain o {\n  type filter hook output priority 0; policy accept;\n  ip daddr != 192.0.2.1 drop\n }\n}\n';
    expect(trace(text, packet('198.51.100.1', 25))).toMatchObject({ verdict: 'DROP' });
    expect(trace(text, packet('2001:db8::1', 25))).toMatchObject({ verdict: 'ACCEPT' });
  });
  it('accept ends only its base chain; a drop at a later priority is final', () => {
    const text = 'table ip a {\n chain o {\n  type filter hook output priority filter - 5; policy accept;\n  accept\n }\n}\ntable inet b {\n chain o {\n  type filter hook output priority filter + 10; policy drop;\n }\n}\n';
    expect(trace(text, packet('198.51.100.1', 25))).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet b', chain: 'o', policy: true } });
  });
});
