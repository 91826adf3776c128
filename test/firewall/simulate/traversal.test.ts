import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import * as b from './build.js';

const smtp = b.packet({ to: '192.0.2.25', port: 25 });
const steps = (r: ReturnType<typeof tracePacket>) => r.path.map((s) => `${s.chain}:${s.policy ? 'policy' : s.rule}:${s.result}`);

describe('traversal of one table', () => {
  it('accepts on the first matching rule and keeps the rules that did not match', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.proto('tcp'), b.dport(80)], b.ACCEPT], [[b.proto('tcp'), b.dport(25)], b.ACCEPT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('ACCEPT');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 2 });
    expect(steps(r)).toEqual(['OUTPUT:1:no-match', 'OUTPUT:2:match']);
    expect(r.uncertain).toEqual([]);
  });
  it('falls to the policy', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.dport(80)], b.ACCEPT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('DROP');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', policy: true });
    expect(steps(r)).toEqual(['OUTPUT:1:no-match', 'OUTPUT:policy:match']);
  });
  it('REJECT ends everything', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { rules: [[[b.dport(25)], b.REJECT]] } } });
    expect(tracePacket(rs, smtp)).toMatchObject({ verdict: 'REJECT', decidedBy: { rule: 1 } });
  });
  it('counting rules and LOG continue', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[], b.COUNT], [[b.dport(25)], b.LOG], [[b.dport(25)], b.ACCEPT]] } } });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('ACCEPT');
    expect(r.decidedBy).toMatchObject({ rule: 3 });
    expect(r.path.map((s) => s.target)).toEqual([undefined, 'LOG', 'ACCEPT']);
  });
});

describe('user chains', () => {
  it('jumps, returns on RETURN and continues after the jump', () => {
    const rs = b.ruleset({
      filter: {
        OUTPUT: { policy: 'DROP', rules: [[[b.oif('lo', true)], b.jump('LOCALOUTPUT')], [[b.dport(25)], b.ACCEPT]] },
        LOCALOUTPUT: { rules: [[[b.dst('198.51.100.0/24')], b.DROP], [[], b.RETURN], [[], b.DROP]] },
      },
    });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('ACCEPT');
    expect(steps(r)).toEqual(['OUTPUT:1:match', 'LOCALOUTPUT:1:no-match', 'LOCALOUTPUT:2:match', 'OUTPUT:2:match']);
    expect(r.path[1]!.depth).toBe(1);
  });
  it('falling off the end of a user chain returns', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[], b.jump('A')]] }, A: { rules: [[[b.dport(80)], b.ACCEPT]] } } });
    expect(tracePacket(rs, smtp)).toMatchObject({ verdict: 'DROP', decidedBy: { policy: true } });
  });
  it('decides inside nested chains', () => {
    const rs = b.ruleset({
      filter: {
        OUTPUT: { rules: [[[], b.jump('A')]] },
        A: { rules: [[[], b.jump('B')]] },
        B: { rules: [[[b.dport(25)], b.jump('C')]] },
        C: { rules: [[[b.dst('192.0.2.0/24')], b.REJECT]] },
      },
    });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('REJECT');
    expect(r.decidedBy).toEqual({ table: 'filter', chain: 'C', rule: 1 });
    expect(r.path.map((s) => s.depth)).toEqual([0, 1, 2, 3]);
  });
  it('RETURN in the builtin chain applies the policy', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[], b.RETURN], [[], b.ACCEPT]] } } });
    expect(tracePacket(rs, smtp)).toMatchObject({ verdict: 'DROP', decidedBy: { policy: true } });
  });
  it('goto from the builtin chain: the goto chain returning means the policy', () => {
    const rs = b.ruleset({
      filter: {
        OUTPUT: { policy: 'DROP', rules: [[[], b.goto('G')], [[], b.ACCEPT]] },
        G: { rules: [[[b.dport(80)], b.ACCEPT]] },
      },
    });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('DROP');
    expect(steps(r)).toEqual(['OUTPUT:1:match', 'G:1:no-match', 'OUTPUT:policy:match']);
    expect(r.path[0]!.reason).toContain('policy of OUTPUT');
  });
  it('goto from a user chain returns to that chain\'s caller', () => {
    const rs = b.ruleset({
      filter: {
        OUTPUT: { policy: 'DROP', rules: [[[], b.jump('A')], [[b.dport(25)], b.ACCEPT]] },
        A: { rules: [[[], b.goto('G')], [[], b.DROP]] },
        G: { rules: [[[], b.RETURN]] },
      },
    });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('ACCEPT');
    expect(steps(r)).toEqual(['OUTPUT:1:match', 'A:1:match', 'G:1:match', 'OUTPUT:2:match']);
  });
});

describe('the tables of the path', () => {
  it('ACCEPT ends one table only: a later table may still drop', () => {
    const rs = b.ruleset({
      mangle: { OUTPUT: { rules: [[[], b.ACCEPT]] }, POSTROUTING: { rules: [[[b.dport(25)], b.DROP]] } },
      filter: { OUTPUT: { rules: [[[b.dport(25)], b.ACCEPT]] } },
    });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('DROP');
    expect(r.decidedBy).toEqual({ table: 'mangle', chain: 'POSTROUTING', rule: 1 });
    expect(r.path.map((s) => `${s.table}:${s.chain}`)).toEqual(['mangle:OUTPUT', 'filter:OUTPUT', 'mangle:POSTROUTING']);
  });
  it('names the filter rule that accepted', () => {
    const rs = b.ruleset({ raw: { OUTPUT: {} }, filter: { OUTPUT: { policy: 'DROP', rules: [[[b.dport(25)], b.ACCEPT]] } }, security: { OUTPUT: { rules: [[[], b.ACCEPT]] } } });
    expect(tracePacket(rs, smtp).decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 1 });
  });
  it('notes, once, that a filter-only listing did not show raw, mangle and nat', () => {
    const rs = b.ruleset({ filter: { OUTPUT: { policy: 'ACCEPT' } } }, { format: 'listing' });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('ACCEPT');
    expect(r.notes.filter((n) => /raw, mangle and nat/.test(n))).toHaveLength(1);
    expect(tracePacket(b.ruleset({ filter: { OUTPUT: {} } }, { format: 'save' }), smtp).notes).toEqual([]);
  });
  it('a listing without the filter table leaves the verdict unknown', () => {
    const rs = b.ruleset({ nat: { OUTPUT: {}, POSTROUTING: {} } }, { format: 'listing' });
    const r = tracePacket(rs, smtp);
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain[0]).toMatchObject({ cause: { code: 'filter-table-missing' }, command: 'iptables -L OUTPUT -n -v --line-numbers' });
  });
});
