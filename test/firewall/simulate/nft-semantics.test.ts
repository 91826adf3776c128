// The kernel's nft semantics the simulator follows (issue 17): conntrack at priority -200 (a
// chain before it sees no entry), base chains of equal priority in an unspecified order,
// expressions not read are maybe (with the protocol dependency nft adds), and forwarded packets
// whose `meta skuid` has no socket to read. Each case is also a kernel-nft hand-made case.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../src/firewall/address.js';
import { buildNetfilterModel } from '../../../src/firewall/hooks.js';
import { parseNft } from '../../../src/firewall/nft/index.js';
import { traceInModel } from '../../../src/firewall/simulate/trace.js';
import type { Packet } from '../../../src/firewall/simulate/types.js';

function trace(ruleset: string, over: Partial<Packet> = {}) {
  const packet: Packet = { family: 4, protocol: 6, dst: parseIp('192.0.2.1')!, dport: 25, sport: { from: 40000, to: 40000 }, state: 'NEW', uid: 104, gid: 0, oif: 'eth0', ...over };
  return traceInModel(buildNetfilterModel([parseNft(ruleset, 'r')]), packet);
}
const chain = (name: string, head: string, ...rules: string[]) => `table inet ${name} {\n\tchain c {\n\t\t${head}\n${rules.map((r) => `\t\t${r}\n`).join('')}\t}\n}\n`;

describe('conntrack at priority -200', () => {
  it('before conntrack the state is invalid: ct state new does not match, invalid does', () => {
    const rs = chain('raw', 'type filter hook output priority raw; policy accept;', 'ct state new drop', 'ct state invalid reject');
    expect(trace(rs)).toMatchObject({ verdict: 'REJECT', decidedBy: { table: 'inet raw', chain: 'c', rule: 2 } });
    expect(trace(rs, { state: 'ESTABLISHED' })).toMatchObject({ verdict: 'REJECT' });
  });

  it('after conntrack the state is the connection\'s', () => {
    const rs = chain('f', 'type filter hook output priority -150; policy accept;', 'ct state new drop', 'ct state invalid reject');
    expect(trace(rs)).toMatchObject({ verdict: 'DROP', decidedBy: { rule: 1 } });
  });

  it('at -200 itself the order with conntrack is not specified: maybe', () => {
    const rs = chain('f', 'type filter hook output priority -200; policy accept;', 'ct state new drop');
    const r = trace(rs);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.possible).toEqual(['ACCEPT', 'DROP']);
  });

  it('notrack before conntrack: untracked afterwards, and nat is skipped', () => {
    const rs = `${chain('raw', 'type filter hook output priority raw; policy accept;', 'tcp dport 25 notrack')}${chain('f', 'type filter hook output priority 0; policy accept;', 'ct state untracked drop')}`;
    expect(trace(rs)).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet f', rule: 1 } });
    // after conntrack notrack does nothing (nft_notrack_eval ignores a packet already seen)
    const late = `${chain('raw', 'type filter hook output priority -100; policy accept;', 'tcp dport 25 notrack')}${chain('f', 'type filter hook output priority 0; policy accept;', 'ct state untracked drop')}`;
    expect(trace(late)).toMatchObject({ verdict: 'ACCEPT' });
  });
});

describe('base chains of equal priority', () => {
  it('the order does not matter: both accept, or one drops either way', () => {
    const rs = `${chain('a', 'type filter hook output priority 0; policy accept;', 'tcp dport 25 accept')}${chain('b', 'type filter hook output priority 0; policy accept;', 'tcp dport 26 drop')}`;
    expect(trace(rs)).toMatchObject({ verdict: 'ACCEPT' });
    expect(trace(rs, { dport: 26 })).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet b' } });
  });

  it('a drop in one and a reject in the other: the verdict depends on the order, so UNKNOWN with both', () => {
    const rs = `${chain('a', 'type filter hook output priority 0; policy accept;', 'tcp dport 25 drop')}${chain('b', 'type filter hook output priority 0; policy accept;', 'tcp dport 25 reject')}`;
    const r = trace(rs);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.possible).toEqual(['DROP', 'REJECT']);
    expect(r.uncertain[0]!.cause).toEqual({ code: 'priority-tie', hook: 'output', priority: 0, chains: ['inet a c', 'inet b c'] });
  });
});

describe('expressions mailleak does not read', () => {
  it('tcp flags, icmp type and concatenations are maybe, never guessed; their protocol dependency still holds', () => {
    const flags = chain('f', 'type filter hook output priority 0; policy accept;', 'tcp flags & (syn | ack) == syn drop');
    expect(trace(flags)).toMatchObject({ verdict: 'UNKNOWN', possible: ['ACCEPT', 'DROP'] });
    expect(trace(flags, { protocol: 17 })).toMatchObject({ verdict: 'ACCEPT' });
    const icmp = chain('f', 'type filter hook output priority 0; policy accept;', 'icmp type echo-request drop');
    expect(trace(icmp)).toMatchObject({ verdict: 'ACCEPT' });
    const concat = chain('f', 'type filter hook output priority 0; policy accept;', 'ip daddr . tcp dport { 192.0.2.1 . 25 } drop');
    expect(trace(concat)).toMatchObject({ verdict: 'UNKNOWN' });
    expect(trace(concat, { family: 6, dst: parseIp('2001:db8::1')! })).toMatchObject({ verdict: 'ACCEPT' });
  });

  it('the same in the JSON form', () => {
    const json = JSON.stringify({ nftables: [
      { table: { family: 'inet', name: 'f' } },
      { chain: { family: 'inet', table: 'f', name: 'c', type: 'filter', hook: 'output', prio: 0, policy: 'accept' } },
      { rule: { family: 'inet', table: 'f', chain: 'c', expr: [{ match: { op: '==', left: { '&': [{ payload: { protocol: 'tcp', field: 'flags' } }, { '|': ['syn', 'ack'] }] }, right: 'syn' } }, { drop: null }] } },
    ] });
    expect(trace(json)).toMatchObject({ verdict: 'UNKNOWN', possible: ['ACCEPT', 'DROP'] });
    expect(trace(json, { protocol: 17 })).toMatchObject({ verdict: 'ACCEPT' });
  });
});

describe('forwarded packets through nft forward hooks', () => {
  const fwd = { origin: { kind: 'forwarded' as const, iif: 'docker0' }, uid: undefined, gid: undefined, src: parseIp('198.51.100.7')! };

  it('meta skuid never matches a packet without a socket, whatever the operator (nft_meta breaks the rule)', () => {
    const rs = chain('f', 'type filter hook forward priority 0; policy accept;', 'meta skuid != 104 tcp dport 25 drop', 'meta skuid { 0, 104 } accept', 'meta skuid != { 0, 104 } reject', 'iifname "docker0" tcp dport 25 counter drop');
    expect(trace(rs, fwd)).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet f', chain: 'c', rule: 4 } });
  });

  it('output chains are not on a forwarded packet\'s path', () => {
    const rs = chain('f', 'type filter hook output priority 0; policy drop;');
    expect(trace(rs, fwd)).toMatchObject({ verdict: 'ACCEPT' });
  });
});
