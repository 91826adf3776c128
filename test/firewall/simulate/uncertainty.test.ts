import { describe, expect, it } from 'vitest';
import type { Target } from '../../../src/firewall/model.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import * as b from './build.js';

const smtp = b.packet({ to: '192.0.2.25', port: 25 });

describe('maybe rules fork the exploration', () => {
  it('a maybe ACCEPT before a DROP policy: UNKNOWN, either verdict possible', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.uidOwner(101), b.dport(25)], b.ACCEPT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.decidedBy).toBeNull();
    expect(r.possible).toEqual(['ACCEPT', 'DROP']);
    expect(r.uncertain).toHaveLength(1);
    expect(r.uncertain[0]).toMatchObject({ table: 'filter', chain: 'OUTPUT', rule: 1 });
    expect(r.uncertain[0]!.cause).toEqual({ code: 'rule-undecided', matches: [{ why: 'uid-unknown' }] });
    expect(r.path.map((s) => s.result)).toEqual(['maybe', 'match']);
  });
  it('owner with the uid given decides', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.uidOwner(101), b.dport(25)], b.ACCEPT]] } } });
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25', uid: 101 })).verdict).toBe('ACCEPT');
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25', uid: 0 })).verdict).toBe('DROP');
  });
  it('a maybe rule whose both outcomes drop gives DROP', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.stateful('recent')], b.DROP], [[b.dport(80)], b.ACCEPT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('DROP');
    expect(r.possible).toEqual(['DROP']);
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', policy: true });
    expect(r.path[0]).toMatchObject({ result: 'maybe', reason: 'recent depends on history' });
  });
  it('a maybe LOG rule does not make the answer uncertain', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.uidOwner(8)], b.LOG]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('DROP');
    expect(r.path[0]!.result).toBe('maybe');
  });
  it('a maybe jump into a chain that accepts', () => {
    const rs = b.ruleset({
      filter: { OUTPUT: { policy: 'DROP', rules: [[[b.oif('eth0')], b.jump('WAN')]] }, WAN: { rules: [[[b.dport(25)], b.ACCEPT]] } },
    });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.possible).toEqual(['ACCEPT', 'DROP']);
    expect(r.uncertain[0]!.cause).toMatchObject({ code: 'rule-undecided', matches: [{ why: 'interface-unknown', dir: 'out', name: 'eth0' }] });
    expect(tracePacket(rs, b.packet({ to: '192.0.2.25', oif: 'eth0' })).verdict).toBe('ACCEPT');
  });
  it('many independent maybe jumps stay cheap: equal states are explored once', () => {
    const n = 40;
    const rules: [ReturnType<typeof b.stateful>[], Target][] = Array.from({ length: n }, () => [[b.stateful('recent')], b.jump('COUNTER')]);
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [...rules, [[b.dport(25)], b.ACCEPT]] }, COUNTER: { rules: [[[], b.COUNT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('ACCEPT');
    expect(r.path).toHaveLength(n + 1);
  });
  it('bounds the work and then says so', () => {
    const rules: [ReturnType<typeof b.stateful>[], Target][] = Array.from({ length: 200 }, (_, i) => [[b.stateful('recent')], i % 2 ? b.RETURN : b.jump('CHAIN')]);
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: rules.slice(0, 20).map(([m]) => [m, b.jump('CHAIN')] as [typeof m, Target]) }, CHAIN: { rules } } });
    const r = tracePacket(rs, smtp, { maxSteps: 500 });
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain.some((u) => u.cause.code === 'steps-exhausted' && u.cause.maxSteps === 500)).toBe(true);
  });
});

describe('what was not supplied', () => {
  it('a chain only known from a jump: UNKNOWN, with the command that lists it', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.oif('lo', true)], b.jump('LOCALOUTPUT')], [[b.dport(25)], b.ACCEPT]] }, LOCALOUTPUT: { bodyKnown: false } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(r.uncertain).toEqual([expect.objectContaining({ chain: 'OUTPUT', rule: 1, command: 'iptables -L LOCALOUTPUT -n -v --line-numbers' })]);
    // the first path goes on as if the chain returned
    expect(r.path.map((s) => s.rule ?? 'policy')).toEqual([1, 2]);
  });
  it('names ip6tables and the table in the command', () => {
    const rs = b.ruleset({ nat: { OUTPUT: { rules: [[[], b.jump('DOCKER')]] }, DOCKER: { bodyKnown: false } }, filter: { OUTPUT: {} } }, { family: 6 });
    const r = tracePacket(rs, b.packet({ to: '2001:db8::25' }));
    expect(r.uncertain[0]!.command).toBe('ip6tables -t nat -L DOCKER -n -v --line-numbers');
  });
  it('a chain jumped to but absent altogether is treated the same way', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[], b.goto('MISSING')]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain[0]!.command).toBe('iptables -L MISSING -n -v --line-numbers');
  });
  it('a truncated listing is uncertain at its end', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', truncated: true, rules: [[[b.dport(80)], b.ACCEPT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain[0]!.cause).toEqual({ code: 'chain-cut-off', chain: 'OUTPUT' });
  });
  it('an unknown target may be terminal', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'ACCEPT', rules: [[[b.dport(25)], b.unknownTarget('FOOBAR')]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain[0]!.cause).toEqual({ code: 'target-unknown', target: 'FOOBAR' });
  });
  it('a ruleset of the other family cannot answer', () => {
    const rs = b.ruleset({ filter: { OUTPUT: {} } }, { family: 6 });
    expect(tracePacket(rs, smtp).verdict).toBe('UNKNOWN');
  });
});

describe('loops and depth', () => {
  it('detects a self-jump', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { rules: [[[], b.jump('A')]] }, A: { rules: [[[], b.jump('A')]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain[0]!.cause).toEqual({ code: 'jump-loop', chain: 'A' });
  });
  it('detects a loop through goto', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { rules: [[[], b.goto('A')]] }, A: { rules: [[[], b.goto('B')]] }, B: { rules: [[[], b.goto('A')]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain[0]).toMatchObject({ chain: 'B', rule: 1 });
  });
  it('follows 999 nested chains and stops at 1,000 without overflowing', () => {
    const chains = (depth: number) => {
      const spec: Record<string, b.ChainSpec> = { OUTPUT: { policy: 'DROP', rules: [[[], b.jump('C1')]] } };
      for (let i = 1; i < depth; i++) spec[`C${i}`] = { rules: [[[], b.jump(`C${i + 1}`)]] };
      spec[`C${depth}`] = { rules: [[[b.dport(25)], b.ACCEPT]] };
      return b.ruleset({ filter: spec });
    };
    expect(tracePacket(chains(999), smtp).verdict).toBe('ACCEPT');
    const deep = tracePacket(chains(5000), smtp);
    expect(deep.verdict).toBe('UNKNOWN');
    expect(deep.uncertain[0]!.cause).toEqual({ code: 'chains-too-deep', max: 1000 });
  });
});
