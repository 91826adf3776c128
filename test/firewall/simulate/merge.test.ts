import { describe, expect, it } from 'vitest';
import { mergeRulesets } from '../../../src/firewall/simulate/merge.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import * as b from './build.js';

describe('mergeRulesets', () => {
  it('joins a filter listing and a nat listing table by table', () => {
    const filter = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.dst('127.0.0.1')], b.ACCEPT]] } } }, { format: 'listing' });
    const nat = b.ruleset({ nat: { OUTPUT: { rules: [[[b.dport(587)], b.redirect(25)]] }, POSTROUTING: {} } }, { format: 'listing' });
    const merged = mergeRulesets([{ ...filter, origin: 'filter.txt' }, { ...nat, origin: 'nat.txt' }]);
    expect(merged.tables.map((t) => t.name)).toEqual(['nat', 'filter']);
    expect(merged.origin).toBe('filter.txt, nat.txt');
    expect(merged.diagnostics).toEqual([]);
    const r = tracePacket(merged, b.packet({ to: '192.0.2.25', port: 587 }));
    expect(r.verdict).toBe('ACCEPT');
    expect(r.notes.join(' ')).toMatch(/raw and mangle tables were not supplied/);
  });
  it('fills a chain only referenced in one input from the other', () => {
    const a = b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[], b.jump('LOCALOUTPUT')]] }, LOCALOUTPUT: { bodyKnown: false } } }, { format: 'listing' });
    const c = b.ruleset({ filter: { LOCALOUTPUT: { rules: [[[b.dport(25)], b.ACCEPT]] } } }, { format: 'listing' });
    const merged = mergeRulesets([a, c]);
    const chain = merged.tables[0]!.chains.find((ch) => ch.name === 'LOCALOUTPUT')!;
    expect(chain.bodyKnown).toBe(true);
    expect(tracePacket(merged, b.packet({ to: '192.0.2.25' })).verdict).toBe('ACCEPT');
  });
  it('diagnoses a chain given twice with different rules, and mixed families', () => {
    const a = b.ruleset({ filter: { OUTPUT: { rules: [[[], b.ACCEPT]] } } });
    const c = b.ruleset({ filter: { OUTPUT: { rules: [[[], b.DROP]] } } }, { family: 6 });
    const merged = mergeRulesets([a, c]);
    expect(merged.diagnostics.map((d) => d.code).sort()).toEqual(['merge-chain-conflict', 'merge-family-conflict']);
    expect(merged.tables[0]!.chains.find((ch) => ch.name === 'OUTPUT')!.rules[0]!.target).toEqual(b.ACCEPT);
  });
});
