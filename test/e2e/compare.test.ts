// The e2e judge itself: a report that contradicts what happened must be caught.
import { describe, expect, it } from 'vitest';
import { readSaveCounters } from '../kernel/lib/counters.js';
import { judge, type ExplainJson } from './lib/compare.js';
import type { Reality } from './lib/rig.js';

const v4 = readSaveCounters('*filter\n:OUTPUT DROP [3:180]\n[0:0] -A OUTPUT -o lo -j ACCEPT\n[5:300] -A OUTPUT -d 198.51.100.26/32 -j ACCEPT\nCOMMIT\n');
const v6 = readSaveCounters('*filter\n:OUTPUT ACCEPT [9:900]\nCOMMIT\n');
const reality: Reality = { left: [{ family: 4, address: '198.51.100.26', port: 25 }], local: [], counters: { 4: v4, 6: v6 }, mtaLog: '' };

function report(over: Partial<ExplainJson> & { attempt?: Partial<ExplainJson['attempts'][number]> }): ExplainJson {
  const attempt = { order: 1, family: 4 as const, address: '198.51.100.26', port: 25, verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'OUTPUT', rule: 2 }, leavesHost: true, ...over.attempt };
  return { verdict: 'leaks', answer: '', leaksVia: 1, findings: [], attempts: [attempt], ...over };
}

describe('judge', () => {
  it('agrees with a report that says what happened', () => {
    expect(judge(reality, report({}))).toEqual({ agreed: true, problems: [] });
  });
  it('catches a wrong verdict, a wrong address and a deciding rule that saw no packet', () => {
    expect(judge(reality, report({ verdict: 'blocked', leaksVia: null })).agreed).toBe(false);
    expect(judge(reality, report({ verdict: 'uncertain', leaksVia: null })).agreed).toBe(false);
    expect(judge(reality, report({ attempt: { address: '198.51.100.25' } })).problems[0]).toMatch(/sink got it on IPv4 198.51.100.26:25/);
    expect(judge(reality, report({ attempt: { decidedBy: { table: 'filter', chain: 'OUTPUT', rule: 1 } } })).problems[0]).toMatch(/counter did not move/);
    expect(judge(reality, report({ attempt: { decidedBy: { table: 'filter', chain: 'LOCALOUTPUT', rule: 1 } } })).problems[0]).toMatch(/does not exist/);
  });
  it('a blocked message must be reported blocked', () => {
    const blocked: Reality = { ...reality, left: [] };
    expect(judge(blocked, report({})).problems[0]).toMatch(/did not leave/);
    expect(judge(blocked, report({ verdict: 'blocked', leaksVia: null, attempt: { verdict: 'DROP', decidedBy: { table: 'filter', chain: 'OUTPUT', policy: true } } })).agreed).toBe(true);
  });
});
