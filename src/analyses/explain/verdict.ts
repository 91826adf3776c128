// The overall answer: `leaks` when some attempt Exim would make gets out (Exim falls back to
// the next address after a failure, so one accepted attempt is enough), `blocked` when none
// can or the MTA itself refuses the domain, `uncertain` when it depends on something unknown.
import { describeCause } from '../../firewall/simulate/uncertainty-text.js';
import { describeSuspect } from './suspect-text.js';
import { unknownKey } from './suspects.js';
import type { Mta } from '../../mail/types.js';
import { mtaName } from './findings/mta-terms.js';
import type { AttemptResult, OverallVerdict, PlanSummary, Suspect } from './types.js';

export interface VerdictResult {
  verdict: OverallVerdict;
  leaksVia?: AttemptResult;
  answer: string;
}

/** `dnsHere`: the refusal rests on DNS answered on this machine, not on the server (dns-here.ts). */
export function decideVerdict(domain: string, plan: PlanSummary, attempts: AttemptResult[], suspects: Suspect[], dnsHere = false): VerdictResult {
  switch (plan.outcome) {
    case 'refused':
      if (dnsHere) return { verdict: 'uncertain', answer: `Cannot tell whether mail to ${domain} leaks: the MTA refuses it with the DNS answers of this machine${plan.reason ? ` (${plan.reason})` : ''}, but DNS answered here, not on the server; give --dns or --dns-server.` };
      return { verdict: 'blocked', answer: `Mail to ${domain} is blocked: the MTA itself refuses it${plan.mta === 'postfix' && plan.reason ? ` (${plan.reason})` : plan.router ? ` (router ${plan.router}${plan.reason ? `: ${plan.reason}` : ''})` : plan.reason ? ` (${plan.reason})` : ''}.` };
    case 'local':
      return { verdict: 'blocked', answer: `Mail to ${domain} does not leave this host: the MTA delivers it locally${plan.router ? ` (router ${plan.router})` : ''}.` };
    case 'remote':
    case 'defer':
    case 'unknown':
      break;
  }
  const leak = attempts.find((a) => a.verdict === 'ACCEPT' && a.leavesHost);
  if (leak) return { verdict: 'leaks', leaksVia: leak, answer: describeLeak(domain, leak, attempts, 'leaks over', plan.mta) };
  const stopped = (a: AttemptResult): boolean => a.verdict === 'DROP' || a.verdict === 'REJECT' || (a.verdict === 'ACCEPT' && !a.leavesHost);
  if (attempts.length > 0 && attempts.every(stopped) && plan.outcome === 'remote' && plan.uncertain.length === 0) {
    return { verdict: 'blocked', answer: `Mail to ${domain} is blocked: the firewall stops every connection ${mtaName(plan.mta)} would make (${attempts.length} attempt${attempts.length === 1 ? '' : 's'}).` };
  }
  return { verdict: 'uncertain', answer: describeUncertain(domain, plan, attempts, suspects) };
}

/**
 * The answer for a leak. `verb` is how the connection getting out is said: "leaks over" when it
 * should not, "gets out over" where check expects it to (an allowed domain).
 */
export function describeLeak(domain: string, leak: AttemptResult, attempts: readonly AttemptResult[], verb: 'leaks over' | 'gets out over' = 'leaks over', mta: Mta = 'exim'): string {
  const where = leak.family === 6 ? `[${leak.address}]:${leak.port}` : `${leak.address}:${leak.port}`;
  const by = leak.decidedBy;
  const chain = by ? `${by.table} ${by.chain}${by.backend === 'legacy' ? ' (iptables-legacy)' : ''}` : '';
  const rule = by ? (by.policy ? `the ${chain} policy ACCEPT` : `${chain} rule ${by.rule}${by.line !== undefined ? ` (line ${by.line})` : ''}`) : 'the firewall';
  // an empty *-save: no table, so no rule, lets it out
  const accepts = !by && leak.cause ? `${describeCause(leak.cause)}, so nothing stops` : `${rule} accepts`;
  const before = attempts.filter((a) => a.order < leak.order);
  const fallback = before.length > 0
    ? `; ${mtaName(mta)} tries ${before.length} address${before.length === 1 ? '' : 'es'} before it${before.every((a) => a.verdict !== 'ACCEPT') ? ' and falls back to this one when they fail' : ''}`
    : '';
  const families = [...new Set(attempts.filter((a) => a.verdict === 'ACCEPT' && a.leavesHost).map((a) => `IPv${a.family}`))].join(' and ');
  // a verify(8) probe is not the mail itself: say so where the answer names it (finding verify-probe-leaks)
  const probe = leak.probe ? ' (an address verification probe, routed by address_verify_*)' : '';
  return `Mail to ${domain} ${verb} ${families}: ${accepts} the connection to ${leak.host} ${where}${probe}${fallback}.`;
}

function describeUncertain(domain: string, plan: PlanSummary, attempts: AttemptResult[], suspects: Suspect[]): string {
  if (attempts.length === 0) {
    const why = plan.reason ?? plan.uncertain[0] ?? 'the delivery plan has no connection attempts';
    return `Cannot tell whether mail to ${domain} leaks: ${why}.`;
  }
  // each unknown once, with the families it stands in (the same policy missing from both inputs)
  const top = groupSuspects(suspects).slice(0, 2).map((group) => {
    const s = group[0]!;
    const orders = group.flatMap((g) => g.attempts);
    const first = attempts.find((a) => a.order === Math.min(...orders));
    const preferred = first && first.order === attempts[0]?.order && !first.trace && first.address !== undefined ? `, and ${mtaName(plan.mta)} tries IPv${first.family} first` : '';
    const counters = s.counters ? `, ${s.counters.split(/\s+/)[0]} packets` : '';
    const families = group.length > 1 ? ` (${group.map((g) => (g.family ? `IPv${g.family}` : '')).filter(Boolean).join(' and ')})` : '';
    return `${describeSuspect(s)}${families}${counters}${preferred}`;
  });
  return `Cannot tell whether mail to ${domain} leaks: ${top.length > 0 ? top.join('; ') : 'some attempts could not be decided'}.`;
}

/** Suspects with the same key (one unknown, several families) together, in rank order. */
function groupSuspects(suspects: Suspect[]): Suspect[][] {
  const groups = new Map<string, Suspect[]>();
  for (const s of suspects) {
    const key = unknownKey(s);
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()];
}
