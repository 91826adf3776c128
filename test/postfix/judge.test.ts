// The postfix tier's judge itself: a report that contradicts what Postfix did must be caught.
import { describe, expect, it } from 'vitest';
import { readSaveCounters } from '../kernel/lib/counters.js';
import type { ExplainJson, ReportAttempt } from '../e2e/lib/compare.js';
import { judgePostfix } from './lib/judge.js';
import type { PostfixReality } from './lib/rig.js';

const v4 = readSaveCounters('*filter\n:OUTPUT DROP [3:180]\n[0:0] -A OUTPUT -o lo -j ACCEPT\n[5:300] -A OUTPUT -d 203.0.113.50/32 -p tcp -m tcp --dport 587 -j ACCEPT\nCOMMIT\n');
const v6 = readSaveCounters('*filter\n:OUTPUT DROP [0:0]\nCOMMIT\n');
const sent: PostfixReality = { left: [{ family: 4, address: '203.0.113.50', port: 587 }], local: [], counters: { 4: v4, 6: v6 }, mtaLog: '', status: 'sent', reason: '(250 accepted)' };

const mx: ReportAttempt = { order: 1, family: 4, address: '198.51.100.26', port: 25, verdict: 'DROP', decidedBy: { table: 'filter', chain: 'OUTPUT', policy: true }, leavesHost: true };
const relay: ReportAttempt = { order: 2, family: 4, address: '203.0.113.50', port: 587, verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'OUTPUT', rule: 2 }, leavesHost: true };

function report(over: Partial<ExplainJson>): ExplainJson {
  return { verdict: 'leaks', answer: '', leaksVia: 2, findings: [], attempts: [mx, relay], ...over };
}

describe('judgePostfix', () => {
  it('agrees when the address and port the sink saw are an ACCEPTed attempt whose rule counted', () => {
    expect(judgePostfix(sent, report({}))).toEqual([]);
  });
  it('catches a wrong verdict, a missing attempt, a non-ACCEPT attempt and a rule that saw nothing', () => {
    expect(judgePostfix(sent, report({ verdict: 'blocked', leaksVia: null }))[0]).toMatch(/verdict blocked/);
    expect(judgePostfix(sent, report({ attempts: [mx] }))[0]).toMatch(/none of mailleak's attempts/);
    expect(judgePostfix(sent, report({ attempts: [mx, { ...relay, verdict: 'DROP' }] }))[0]).toMatch(/attempt 2 is DROP/);
    expect(judgePostfix(sent, report({ attempts: [mx, { ...relay, decidedBy: { table: 'filter', chain: 'OUTPUT', rule: 1 } }] }))[0]).toMatch(/counter did not move/);
  });
  it('a bounce without a connection must be mta-refuses with no attempts', () => {
    const bounced: PostfixReality = { ...sent, left: [], status: 'bounced', reason: '(outbound mail is restricted)' };
    expect(judgePostfix(bounced, report({ verdict: 'blocked', leaksVia: null, attempts: [], findings: [{ code: 'mta-refuses' }] }))).toEqual([]);
    expect(judgePostfix(bounced, report({ verdict: 'blocked', leaksVia: null, attempts: [] }))[0]).toMatch(/does not say mta-refuses/);
    expect(judgePostfix(bounced, report({ verdict: 'blocked', leaksVia: null, findings: [{ code: 'mta-refuses' }] }))[0]).toMatch(/predicts 2 connection attempt/);
  });
});
