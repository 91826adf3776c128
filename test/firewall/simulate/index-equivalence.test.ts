// The chain index (chain-index.ts) may only save work: on random rulesets big enough to be
// indexed, a trace with the index must equal the rule-by-rule walk in everything the user
// sees: verdict, deciding rule, possible verdicts, uncertainties, notes and every path step
// (including the skipped no-match rules, their order and the maybe steps), also when the
// step budget stops the exploration early.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Match, Target } from '../../../src/firewall/model.js';
import { chainIndex, MIN_INDEXED_RULES } from '../../../src/firewall/simulate/chain-index.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import type { ChainSpec } from './build.js';
import * as b from './build.js';

// few distinct destinations, so that random rules and packets often meet
const V4 = ['192.0.2.0/24', '192.0.2.0/28', '192.0.2.5/32', '192.0.2.128/25', '198.51.100.7/32', '198.51.100.0/30', '203.0.113.0/24', '203.0.113.64/26'];
const V6 = ['2001:db8::/32', '2001:db8:1::/48', '2001:db8:1::5/128'];
const PORTS = [25, 465, 587, 80];
const USER_CHAINS = ['DENYOUT', 'ALLOWOUT', 'MAILOUT'];

const arbDst: fc.Arbitrary<Match> = fc.tuple(fc.constantFrom(...V4, ...V6), fc.nat(19)).map(([a, k]) => b.dst(a, k === 0));

const arbMatch: fc.Arbitrary<Match> = fc.oneof(
  { weight: 1, arbitrary: arbDst },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('tcp', 'udp', 'all') as fc.Arbitrary<'tcp' | 'udp' | 'all'>, fc.boolean()).map(([p, neg]) => b.proto(p, neg)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...PORTS), fc.boolean()).map(([p, neg]) => b.dport(p, neg)) },
  { weight: 1, arbitrary: fc.constantFrom(...V4).map((a) => b.src(a)) },
  { weight: 1, arbitrary: fc.constantFrom('lo', 'eth0').map((n) => b.oif(n, n === 'lo')) },
  { weight: 1, arbitrary: fc.constantFrom(b.state(['NEW']), b.state(['ESTABLISHED']), b.uidOwner(101), b.stateful('recent'), b.unknownMatch('-m foo')) },
  { weight: 1, arbitrary: fc.constant(b.multiport('dst', [25, [465, 587]])) },
);

/** Most rules name a destination (as deny lists do), so that most chains get an index. */
const arbRuleMatches: fc.Arbitrary<Match[]> = fc.tuple(fc.option(arbDst, { freq: 5, nil: undefined }), fc.array(arbMatch, { maxLength: 2 }), fc.boolean())
  .map(([d, others, first]) => (d ? (first ? [d, ...others] : [...others, d]) : others));

const arbTarget = (chains: string[]): fc.Arbitrary<Target> => fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(b.ACCEPT, b.DROP, b.REJECT, b.LOG, b.COUNT) },
  { weight: 1, arbitrary: fc.constantFrom(b.RETURN, b.unknownTarget('TARPIT')) },
  { weight: chains.length > 0 ? 2 : 0, arbitrary: chains.length > 0 ? fc.constantFrom(...chains).chain((c) => fc.constantFrom(b.jump(c), b.goto(c))) : fc.constant(b.COUNT) },
);

const arbRules = (count: fc.Arbitrary<number>, chains: string[]): fc.Arbitrary<[Match[], Target][]> =>
  count.chain((n) => fc.array(fc.tuple(arbRuleMatches, arbTarget(chains)), { minLength: n, maxLength: n }));

const big = fc.integer({ min: MIN_INDEXED_RULES, max: MIN_INDEXED_RULES * 2 });

/** OUTPUT jumps to user chains that only jump further down the list, so there is no loop. */
const arbRuleset = fc.record({
  output: arbRules(big, USER_CHAINS),
  denyout: arbRules(big, USER_CHAINS.slice(1)),
  allowout: arbRules(fc.integer({ min: 0, max: 8 }), USER_CHAINS.slice(2)),
  mailout: arbRules(big, []),
  nat: arbRules(fc.integer({ min: 0, max: 4 }), []).map((rules) => rules.map(([m, t], i) => [m, i % 2 === 0 ? b.dnat('198.51.100.7', 2525) : t] as [Match[], Target])),
  policy: fc.constantFrom('ACCEPT', 'DROP') as fc.Arbitrary<'ACCEPT' | 'DROP'>,
}).map((r) => {
  const filter: Record<string, ChainSpec> = {
    OUTPUT: { policy: r.policy, rules: r.output },
    DENYOUT: { rules: r.denyout },
    ALLOWOUT: { rules: r.allowout },
    MAILOUT: { rules: r.mailout },
  };
  return b.ruleset({ filter, nat: { OUTPUT: { rules: r.nat } } });
});

const arbPacket = fc.record({
  to: fc.constantFrom('192.0.2.5', '192.0.2.200', '198.51.100.7', '203.0.113.70', '203.0.113.9', '2001:db8:1::5', '2001:db8:2::1'),
  port: fc.constantFrom(...PORTS),
  proto: fc.constantFrom('tcp', 'udp') as fc.Arbitrary<'tcp' | 'udp'>,
  state: fc.constantFrom('NEW', 'ESTABLISHED') as fc.Arbitrary<'NEW' | 'ESTABLISHED'>,
  uid: fc.option(fc.constantFrom(0, 101), { nil: undefined }),
  src: fc.option(fc.constant('192.0.2.1'), { nil: undefined }),
}).map((p) => b.packet({ ...p, ...(p.to.includes(':') && p.src ? { src: '2001:db8::1' } : {}) }));

describe('the chain index gives exactly the rule-by-rule answer', () => {
  it('on random indexed rulesets (verdict, decider, path, uncertainties, notes)', () => {
    let runs = 0;
    let indexedRuns = 0;
    fc.assert(
      fc.property(arbRuleset, arbPacket, (anyFamily, packet) => {
        const rs = { ...anyFamily, family: packet.family };
        const linear = tracePacket(rs, packet, { indexed: false });
        const indexed = tracePacket(rs, packet);
        expect(indexed).toEqual(linear);
        // without the path, everything else stays the same
        expect(tracePacket(rs, packet, { path: false })).toEqual({ ...linear, path: [] });
        runs++;
        if (rs.tables[0]!.chains.some((c) => chainIndex(c) !== null)) indexedRuns++;
      }),
      { numRuns: 300 },
    );
    // the property says nothing unless the index was really used
    expect(indexedRuns).toBeGreaterThan(runs / 2);
  });

  it('also when a small step budget stops the forks early', () => {
    fc.assert(
      fc.property(arbRuleset, arbPacket, fc.integer({ min: 0, max: 150 }), (anyFamily, packet, maxSteps) => {
        const rs = { ...anyFamily, family: packet.family };
        const linear = tracePacket(rs, packet, { indexed: false, maxSteps });
        const indexed = tracePacket(rs, packet, { maxSteps });
        expect(indexed).toEqual(linear);
      }),
      { numRuns: 300 },
    );
  });

  it('a budget that runs out inside skipped rules still stops the exploration', () => {
    // the fork (the recent match may hold) walks 100 DENYOUT rules the index skips at once
    const deny: [Match[], Target][] = Array.from({ length: 100 }, (_, i) => [[b.dst(`198.51.100.${i}/32`)], b.DROP]);
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'ACCEPT', rules: [[[b.stateful('recent')], b.jump('DENYOUT')]] }, DENYOUT: { rules: deny } } });
    const probe = b.packet({ to: '203.0.113.9' });
    const linear = tracePacket(rs, probe, { indexed: false, maxSteps: 10 });
    expect(linear.verdict).toBe('UNKNOWN');
    expect(tracePacket(rs, probe, { maxSteps: 10 })).toEqual(linear);
    expect(tracePacket(rs, probe)).toEqual(tracePacket(rs, probe, { indexed: false }));
  });

  it('skips most of a deny list yet names the same deciding rule', () => {
    // 200 single-address DENYOUT rules, the probe's address near the end
    const deny: [Match[], Target][] = Array.from({ length: 200 }, (_, i) => [[b.dst(`203.0.113.${i}/32`)], b.DROP]);
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'ACCEPT', rules: [[[], b.jump('DENYOUT')]] }, DENYOUT: { rules: deny } } });
    const probe = b.packet({ to: '203.0.113.190' });
    const indexed = tracePacket(rs, probe);
    expect(indexed).toEqual(tracePacket(rs, probe, { indexed: false }));
    expect(indexed.verdict).toBe('DROP');
    expect(indexed.decidedBy).toEqual({ table: 'filter', chain: 'DENYOUT', rule: 191 });
    expect(indexed.path).toHaveLength(192);
  });
});
