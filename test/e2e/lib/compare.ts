// Does mailleak's report match what happened? Judged on what a user reads: the verdict (leaks /
// blocked), the family, address and port the mail got out over, and the deciding rules — each
// predicted deciding rule (or policy) of an attempt Exim made must have counted packets on the
// mail host during the delivery.
import type { CounterSnapshot } from '../../kernel/lib/counters.js';
import type { WorldRead } from './world.js';

interface DecidingRule {
  table: string;
  chain: string;
  rule?: number;
  policy?: boolean;
}

export interface ReportAttempt {
  order: number;
  family: 4 | 6;
  address: string | null;
  port: number;
  verdict: string;
  decidedBy: DecidingRule | null;
  leavesHost: boolean;
}

export interface ExplainJson {
  verdict: 'leaks' | 'blocked' | 'uncertain';
  answer: string;
  leaksVia: number | null;
  attempts: ReportAttempt[];
  findings: { code: string }[];
}

export interface Judgement {
  agreed: boolean;
  problems: string[];
}

export function judge(reality: WorldRead, report: ExplainJson): Judgement {
  const problems: string[] = [];
  const left = reality.left[0];
  const expected = left ? 'leaks' : 'blocked';
  if (report.verdict !== expected) problems.push(`verdict ${report.verdict}, but the mail ${left ? `left over IPv${left.family} ${left.address}:${left.port}` : 'did not leave'} ("${report.answer}")`);
  const via = report.attempts.find((a) => a.order === report.leaksVia);
  if (left && via && (via.family !== left.family || via.address !== left.address || via.port !== left.port)) {
    problems.push(`leaks via IPv${via.family} ${via.address}:${via.port}, but the sink got it on IPv${left.family} ${left.address}:${left.port}`);
  }
  // the attempts Exim made: every one up to the one that got through (all of them when blocked)
  const made = report.attempts.filter((a) => via === undefined || a.order <= via.order);
  problems.push(...countersProblems(reality, made));
  return { agreed: problems.length === 0, problems };
}

/** Each deciding rule (or policy) mailleak names for these attempts must have counted packets. */
export function countersProblems(reality: WorldRead, attempts: ReportAttempt[]): string[] {
  const problems: string[] = [];
  for (const a of attempts) {
    if (a.decidedBy === null) continue;
    const moved = packetsOf(reality.counters[a.family], a.decidedBy);
    if (moved === undefined) problems.push(`attempt ${a.order}: ${describe(a.decidedBy)} does not exist in the kernel's ruleset`);
    else if (moved === 0) problems.push(`attempt ${a.order} (IPv${a.family} ${a.address}:${a.port}): mailleak says ${describe(a.decidedBy)} decided it (${a.verdict}), but its counter did not move`);
  }
  return problems;
}

function packetsOf(snapshot: CounterSnapshot, by: DecidingRule): number | undefined {
  const chain = snapshot.get(by.table)?.get(by.chain);
  if (!chain) return undefined;
  if (by.policy) return chain.policyPackets;
  return by.rule === undefined ? undefined : chain.rules[by.rule - 1]?.packets;
}

function describe(by: DecidingRule): string {
  return by.policy ? `${by.table} ${by.chain} policy` : `${by.table} ${by.chain} rule ${by.rule}`;
}
