// The overall answer: `leaks` when some attempt Exim would make gets out (Exim falls back to
// the next address after a failure, so one accepted attempt is enough), `blocked` when none
// can or the MTA itself refuses the domain, `uncertain` when it depends on something unknown.
import { describeSuspect } from './suspect-text.js';
import type { AttemptResult, OverallVerdict, PlanSummary, Suspect } from './types.js';

export interface VerdictResult {
  verdict: OverallVerdict;
  leaksVia?: AttemptResult;
  answer: string;
}

export function decideVerdict(domain: string, plan: PlanSummary, attempts: AttemptResult[], suspects: Suspect[]): VerdictResult {
  switch (plan.outcome) {
    case 'refused':
      return { verdict: 'blocked', answer: `Mail to ${domain} is blocked: the MTA itself refuses it${plan.router ? ` (router ${plan.router}${plan.reason ? `: ${plan.reason}` : ''})` : plan.reason ? ` (${plan.reason})` : ''}.` };
    case 'local':
      return { verdict: 'blocked', answer: `Mail to ${domain} does not leave this host: the MTA delivers it locally${plan.router ? ` (router ${plan.router})` : ''}.` };
    case 'remote':
    case 'defer':
    case 'unknown':
      break;
  }
  const leak = attempts.find((a) => a.verdict === 'ACCEPT' && a.leavesHost);
  if (leak) return { verdict: 'leaks', leaksVia: leak, answer: describeLeak(domain, leak, attempts) };
  const stopped = (a: AttemptResult): boolean => a.verdict === 'DROP' || a.verdict === 'REJECT' || (a.verdict === 'ACCEPT' && !a.leavesHost);
  if (attempts.length > 0 && attempts.every(stopped) && plan.outcome === 'remote' && plan.uncertain.length === 0) {
    return { verdict: 'blocked', answer: `Mail to ${domain} is blocked: the firewall stops every connection Exim would make (${attempts.length} attempt${attempts.length === 1 ? '' : 's'}).` };
  }
  return { verdict: 'uncertain', answer: describeUncertain(domain, plan, attempts, suspects) };
}

function describeLeak(domain: string, leak: AttemptResult, attempts: AttemptResult[]): string {
  const where = leak.family === 6 ? `[${leak.address}]:${leak.port}` : `${leak.address}:${leak.port}`;
  const by = leak.decidedBy;
  const rule = by ? (by.policy ? `the ${by.table} ${by.chain} policy ACCEPT` : `${by.table} ${by.chain} rule ${by.rule}${by.line !== undefined ? ` (line ${by.line})` : ''}`) : 'the firewall';
  const before = attempts.filter((a) => a.order < leak.order);
  const fallback = before.length > 0
    ? `; Exim tries ${before.length} address${before.length === 1 ? '' : 'es'} before it${before.every((a) => a.verdict !== 'ACCEPT') ? ' and falls back to this one when they fail' : ''}`
    : '';
  const families = [...new Set(attempts.filter((a) => a.verdict === 'ACCEPT' && a.leavesHost).map((a) => `IPv${a.family}`))].join(' and ');
  return `Mail to ${domain} leaks over ${families}: ${rule} accepts the connection to ${leak.host} ${where}${fallback}.`;
}

function describeUncertain(domain: string, plan: PlanSummary, attempts: AttemptResult[], suspects: Suspect[]): string {
  if (attempts.length === 0) {
    const why = plan.reason ?? plan.uncertain[0] ?? 'the delivery plan has no connection attempts';
    return `Cannot tell whether mail to ${domain} leaks: ${why}.`;
  }
  const top = suspects.slice(0, 2).map((s) => {
    const first = attempts.find((a) => a.order === Math.min(...s.attempts));
    const preferred = first && first.order === attempts[0]?.order && !first.trace && first.address !== undefined ? `, and Exim tries IPv${first.family} first` : '';
    const counters = s.counters ? `, ${s.counters.split(/\s+/)[0]} packets` : '';
    return `${describeSuspect(s)}${counters}${preferred}`;
  });
  return `Cannot tell whether mail to ${domain} leaks: ${top.length > 0 ? top.join('; ') : 'some attempts could not be decided'}.`;
}
