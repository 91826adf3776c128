import { describe, expect, it } from 'vitest';
import { parseIp, parseRedacted } from '../../../src/firewall/address.js';
import type { Match } from '../../../src/firewall/model.js';
import { evaluateMatch, undecidedMatch } from '../../../src/firewall/simulate/match-eval.js';
import { describeUndecidedMatch } from '../../../src/firewall/simulate/uncertainty-text.js';
import { createView, type PacketView } from '../../../src/firewall/simulate/view.js';
import * as b from './build.js';

const explainMaybe = (m: Match, view: PacketView): string => describeUndecidedMatch(undecidedMatch(m, view));

const smtp = createView(b.packet({ to: '192.0.2.25', port: 25 }));
const evalOn = (m: Match, spec: b.PacketSpec = { to: '192.0.2.25', port: 25 }) => evaluateMatch(m, createView(b.packet(spec)));

describe('protocol', () => {
  it('matches by number, all and negation', () => {
    expect(evaluateMatch(b.proto('tcp'), smtp)).toBe('match');
    expect(evaluateMatch(b.proto('udp'), smtp)).toBe('no-match');
    expect(evaluateMatch(b.proto('all'), smtp)).toBe('match');
    expect(evaluateMatch(b.proto('udp', true), smtp)).toBe('match');
    expect(evalOn(b.proto('udp'), { to: '192.0.2.53', port: 53, proto: 'udp' })).toBe('match');
  });
});

describe('addresses', () => {
  it('tests the destination by CIDR, mask and negation', () => {
    expect(evaluateMatch(b.dst('192.0.2.0/24'), smtp)).toBe('match');
    expect(evaluateMatch(b.dst('198.51.100.0/24'), smtp)).toBe('no-match');
    expect(evaluateMatch(b.dst('198.51.100.0/24', true), smtp)).toBe('match');
    expect(evaluateMatch(b.dst('192.0.0.25/255.255.0.255'), smtp)).toBe('match');
    expect(evaluateMatch(b.dst('2001:db8::/32'), smtp)).toBe('no-match');
  });
  it('is maybe inside a redaction and for host names', () => {
    const redacted: Match = { kind: 'address', dir: 'dst', negated: false, address: parseRedacted('192.x.x.x')! };
    expect(evaluateMatch(redacted, smtp)).toBe('maybe');
    expect(evaluateMatch({ ...redacted, address: parseRedacted('23.x.x.x')! }, smtp)).toBe('no-match');
    const host: Match = { kind: 'address', dir: 'dst', negated: false, address: { type: 'hostname', name: 'mx.example' } };
    expect(evaluateMatch(host, smtp)).toBe('maybe');
    expect(explainMaybe(host, smtp)).toContain('mx.example');
  });
  it('treats an unknown source as maybe unless the rule says anywhere', () => {
    expect(evaluateMatch(b.src('203.0.113.0/24'), smtp)).toBe('maybe');
    expect(evaluateMatch(b.src('0.0.0.0/0'), smtp)).toBe('match');
    expect(evalOn(b.src('203.0.113.0/24'), { to: '192.0.2.25', src: '203.0.113.7' })).toBe('match');
    expect(evalOn(b.src('203.0.113.0/24'), { to: '192.0.2.25', src: '198.51.100.7' })).toBe('no-match');
  });
});

describe('interfaces', () => {
  it('uses a given out-interface with + wildcards and !', () => {
    const spec = { to: '192.0.2.25', oif: 'eth0' };
    expect(evalOn(b.oif('eth0'), spec)).toBe('match');
    expect(evalOn(b.oif('eth+'), spec)).toBe('match');
    expect(evalOn(b.oif('eth1'), spec)).toBe('no-match');
    expect(evalOn(b.oif('lo', true), spec)).toBe('match');
  });
  it('knows an unknown route to a remote address is not via lo', () => {
    expect(evaluateMatch(b.oif('lo'), smtp)).toBe('no-match');
    expect(evaluateMatch(b.oif('lo', true), smtp)).toBe('match');
    expect(evaluateMatch(b.oif('eth0'), smtp)).toBe('maybe');
    expect(evaluateMatch(b.oif('+'), smtp)).toBe('match');
    expect(evaluateMatch({ kind: 'interface-unknown' }, smtp)).toBe('maybe');
  });
  it('routes loopback destinations via lo', () => {
    expect(evalOn(b.oif('lo'), { to: '127.0.0.1' })).toBe('match');
    expect(evalOn(b.oif('lo', true), { to: '::1' })).toBe('no-match');
  });
  it('sees no in-interface on a locally generated packet', () => {
    expect(evaluateMatch(b.iif('eth0'), smtp)).toBe('no-match');
    expect(evaluateMatch(b.iif('eth0', true), smtp)).toBe('match');
  });
});

describe('ports', () => {
  it('tests the destination port, ranges and negation', () => {
    expect(evaluateMatch(b.dport(25), smtp)).toBe('match');
    expect(evaluateMatch(b.dport(587), smtp)).toBe('no-match');
    expect(evaluateMatch(b.dport([1, 1024]), smtp)).toBe('match');
    expect(evaluateMatch(b.dport(25, true), smtp)).toBe('no-match');
  });
  it('compares the source port range with the rule', () => {
    expect(evaluateMatch(b.sport([1024, 65535]), smtp)).toBe('match');
    expect(evaluateMatch(b.sport(53), smtp)).toBe('no-match');
    expect(evaluateMatch(b.sport(40000), smtp)).toBe('maybe');
    expect(evaluateMatch(b.sport(53, true), smtp)).toBe('match');
    expect(evaluateMatch(b.multiport('src', [[32768, 40000], [40001, 60999]]), smtp)).toBe('match');
    expect(evalOn(b.sport(40000), { to: '192.0.2.25', sport: 40000 })).toBe('match');
    expect(explainMaybe(b.sport(40000), smtp)).toContain('--sport');
  });
  it('handles multiport dports and ports', () => {
    expect(evaluateMatch(b.multiport('dst', [25, 465, 587]), smtp)).toBe('match');
    expect(evaluateMatch(b.multiport('dst', [25, 465, 587], true), smtp)).toBe('no-match');
    expect(evaluateMatch(b.multiport('any', [25]), smtp)).toBe('match');
    expect(evaluateMatch(b.multiport('any', [80]), smtp)).toBe('no-match');
  });
});

describe('tcp flags, fragments, icmp', () => {
  const syn: Match = { kind: 'tcp-flags', negated: false, mask: 0x17, comparison: 0x02 };
  it('sees a SYN for NEW and an ACK for ESTABLISHED', () => {
    expect(evaluateMatch(syn, smtp)).toBe('match');
    expect(evalOn(syn, { to: '192.0.2.25', state: 'ESTABLISHED' })).toBe('no-match');
    expect(evalOn({ ...syn, negated: true }, { to: '192.0.2.25', state: 'ESTABLISHED' })).toBe('match');
    expect(evalOn(syn, { to: '192.0.2.53', proto: 'udp' })).toBe('no-match');
  });
  it('never sees a non-first fragment', () => {
    expect(evaluateMatch({ kind: 'fragment', negated: false }, smtp)).toBe('no-match');
    expect(evaluateMatch({ kind: 'fragment', negated: true }, smtp)).toBe('match');
  });
  it('does not match icmp types on tcp', () => {
    expect(evaluateMatch({ kind: 'icmp', family: 4, negated: false, type: 8 }, smtp)).toBe('no-match');
    expect(evaluateMatch({ kind: 'icmp', family: 4, negated: true, type: 8 }, smtp)).toBe('no-match');
  });
});

describe('conntrack state', () => {
  it('tells NEW from ESTABLISHED; RELATED and INVALID never match', () => {
    expect(evaluateMatch(b.state(['NEW']), smtp)).toBe('match');
    expect(evaluateMatch(b.state(['RELATED', 'ESTABLISHED']), smtp)).toBe('no-match');
    expect(evalOn(b.state(['RELATED', 'ESTABLISHED']), { to: '192.0.2.25', state: 'ESTABLISHED' })).toBe('match');
    expect(evaluateMatch(b.state(['INVALID']), smtp)).toBe('no-match');
    expect(evaluateMatch(b.state(['INVALID'], true), smtp)).toBe('match');
    expect(evaluateMatch(b.state(['UNTRACKED', 'DNAT', 'SNAT']), smtp)).toBe('no-match');
  });
});

describe('owner', () => {
  it('tests uid and gid ranges with negation', () => {
    const exim = { to: '192.0.2.25', uid: 101, gid: 103 };
    expect(evalOn(b.uidOwner(101), exim)).toBe('match');
    expect(evalOn(b.uidOwner(0, 100), exim)).toBe('no-match');
    expect(evalOn(b.uidOwner(101, 101, true), exim)).toBe('no-match');
    expect(evalOn(b.gidOwner(100, 110), exim)).toBe('match');
  });
  it('is maybe with an unknown uid, and says which option decides', () => {
    expect(evaluateMatch(b.uidOwner(101), smtp)).toBe('maybe');
    expect(explainMaybe(b.uidOwner(101), smtp)).toContain('--uid');
  });
  it('finds the socket of a locally generated packet', () => {
    expect(evaluateMatch({ kind: 'owner', socketExists: { negated: false } }, smtp)).toBe('match');
    expect(evaluateMatch({ kind: 'owner', socketExists: { negated: true } }, smtp)).toBe('no-match');
  });
});

describe('iprange and addrtype', () => {
  const range = (from: string, to: string, dir: 'src' | 'dst' = 'dst', negated = false): Match => ({ kind: 'iprange', dir, negated, from: b.cidr(from), to: b.cidr(to) });
  it('tests inclusive address ranges', () => {
    expect(evaluateMatch(range('192.0.2.1', '192.0.2.25'), smtp)).toBe('match');
    expect(evaluateMatch(range('192.0.2.26', '192.0.2.99'), smtp)).toBe('no-match');
    expect(evaluateMatch(range('192.0.2.26', '192.0.2.99', 'dst', true), smtp)).toBe('match');
    expect(evaluateMatch(range('192.0.2.1', '192.0.2.9', 'src'), smtp)).toBe('maybe');
  });
  const addrtype = (dir: 'src' | 'dst', types: string[], negated = false): Match => ({ kind: 'addrtype', dir, negated, types });
  it('classifies destinations as the local routing table would', () => {
    expect(evaluateMatch(addrtype('dst', ['UNICAST']), smtp)).toBe('match');
    expect(evaluateMatch(addrtype('dst', ['LOCAL']), smtp)).toBe('no-match');
    expect(evaluateMatch(addrtype('dst', ['LOCAL'], true), smtp)).toBe('match');
    expect(evalOn(addrtype('dst', ['LOCAL']), { to: '127.0.0.53' })).toBe('match');
    expect(evalOn(addrtype('dst', ['LOCAL']), { to: '::1' })).toBe('match');
    expect(evalOn(addrtype('dst', ['MULTICAST']), { to: '224.0.0.251' })).toBe('match');
    const local = createView(b.packet({ to: '198.51.100.10' }), [parseIp('198.51.100.10')!]);
    expect(evaluateMatch(addrtype('dst', ['LOCAL']), local)).toBe('match');
    expect(evaluateMatch(addrtype('src', ['LOCAL']), smtp)).toBe('maybe');
  });
});

describe('comments, stateful and unknown matches', () => {
  it('a comment always matches; what we cannot know is maybe with its reason', () => {
    expect(evaluateMatch(b.comment('allow mails'), smtp)).toBe('match');
    expect(evaluateMatch(b.stateful('recent'), smtp)).toBe('maybe');
    expect(explainMaybe(b.stateful('recent'), smtp)).toContain('recent');
    expect(evaluateMatch(b.unknownMatch('-m foo --bar'), smtp)).toBe('maybe');
    expect(explainMaybe(b.unknownMatch('-m foo --bar'), smtp)).toContain('-m foo --bar');
  });
});
