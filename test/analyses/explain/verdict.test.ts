// The overall verdict from attempts: Exim falls back, so a later accepted attempt is a leak
// over that attempt; every attempt stopped is blocked; anything unknown is uncertain.
import { describe, expect, it } from 'vitest';
import { collectSuspects, unknownKey } from '../../../src/analyses/explain/suspects.js';
import type { AttemptResult, PlanSummary } from '../../../src/analyses/explain/types.js';
import { decideVerdict } from '../../../src/analyses/explain/verdict.js';

const plan: PlanSummary = { recipient: 'postmaster@mail.example', mta: 'exim', outcome: 'remote', routerSteps: [], uncertain: [], assumptions: [], resolver: 'test' };

function attempt(order: number, family: 4 | 6, verdict: AttemptResult['verdict'], extra: Partial<AttemptResult> = {}): AttemptResult {
  const address = family === 6 ? `2001:db8::${order}` : `192.0.2.${order}`;
  return { order, host: `mx${order}.mail.example`, address, family, port: 25, verdict, decidedBy: verdict === 'UNKNOWN' ? null : { table: 'filter', chain: 'OUTPUT', rule: order, line: order + 10 }, trace: null, leavesHost: true, ...extra };
}

describe('decideVerdict', () => {
  it('says the mail leaks over the later attempt that is accepted after earlier ones are dropped', () => {
    const attempts = [attempt(1, 6, 'DROP'), attempt(2, 4, 'ACCEPT')];
    const v = decideVerdict('mail.example', plan, attempts, []);
    expect(v.verdict).toBe('leaks');
    expect(v.leaksVia?.order).toBe(2);
    expect(v.answer).toContain('IPv4');
    expect(v.answer).toContain('192.0.2.2');
  });

  it('is blocked only when every attempt is dropped or rejected', () => {
    expect(decideVerdict('mail.example', plan, [attempt(1, 6, 'REJECT'), attempt(2, 4, 'DROP')], []).verdict).toBe('blocked');
  });

  it('treats a nat REDIRECT back to this host as not leaving it', () => {
    expect(decideVerdict('mail.example', plan, [attempt(1, 4, 'ACCEPT', { rewrittenTo: '127.0.0.1:25', leavesHost: false })], []).verdict).toBe('blocked');
  });

  it('is uncertain when one attempt is unknown and none is accepted, naming the unknown first', () => {
    const attempts = [attempt(1, 6, 'UNKNOWN', { cause: { code: 'family-data-missing', family: 6 } }), attempt(2, 4, 'DROP')];
    const suspects = collectSuspects(attempts, {}, []);
    const v = decideVerdict('mail.example', plan, attempts, suspects);
    expect(v.verdict).toBe('uncertain');
    expect(suspects[0]).toMatchObject({ family: 6, attempts: [1] });
    expect(v.answer).toContain('ip6tables');
  });

  it('leaks even when an earlier attempt is unknown: one accepted attempt is enough', () => {
    expect(decideVerdict('mail.example', plan, [attempt(1, 6, 'UNKNOWN'), attempt(2, 4, 'ACCEPT')], []).verdict).toBe('leaks');
  });

  it('is blocked when the MTA refuses the domain, whatever the firewall does', () => {
    expect(decideVerdict('mail.example', { ...plan, outcome: 'refused', router: 'block_unallowed' }, [], []).verdict).toBe('blocked');
  });

  it('is uncertain when the plan itself is (e.g. DNS not known) even if the known attempts are blocked', () => {
    expect(decideVerdict('mail.example', { ...plan, uncertain: ['offline: DNS not consulted'] }, [attempt(1, 4, 'DROP')], []).verdict).toBe('uncertain');
  });

  it('says an unknown missing from both families once, with both families (issue 13: "the policy of OUTPUT was not shown; the policy of OUTPUT was not shown")', () => {
    const policyUnknown = (family: 4 | 6) => ({ verdict: 'UNKNOWN' as const, decidedBy: null, path: [], possible: ['ACCEPT' as const, 'DROP' as const], notes: [], uncertain: [{ table: 'filter' as const, chain: 'OUTPUT', cause: { code: 'policy-not-shown' as const, chain: 'OUTPUT' }, command: `${family === 6 ? 'ip6tables' : 'iptables'} -L OUTPUT -n -v --line-numbers` }] });
    const attempts = [attempt(1, 6, 'UNKNOWN', { trace: policyUnknown(6) }), attempt(2, 4, 'UNKNOWN', { trace: policyUnknown(4) })];
    const suspects = collectSuspects(attempts, {}, []);
    // two suspects (each family has its own command), one unknown
    expect(suspects.map((s) => [s.family, s.command])).toEqual([[6, 'ip6tables -L OUTPUT -n -v --line-numbers'], [4, 'iptables -L OUTPUT -n -v --line-numbers']]);
    expect(unknownKey(suspects[0]!)).toBe(unknownKey(suspects[1]!));
    const v = decideVerdict('mail.example', plan, attempts, suspects);
    expect(v.answer).toBe('Cannot tell whether mail to mail.example leaks: the policy of OUTPUT was not shown (IPv6 and IPv4).');
  });
});
