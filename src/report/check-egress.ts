// The egress judgement of `check` (and of each fleet host) in words: who sends, where it gets
// to, and why; the short forms for fleet's columns; and its JSON object.
import type { EgressJudgement } from '../analyses/check/egress-judge.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';
import { formatDestinations, formatPorts, formatWhy } from './egress-format.js';

function describeNotRun(why: Extract<EgressJudgement, { outcome: 'not-run' }>['why']): string {
  switch (why) {
    case 'no-firewall':
      return 'no firewall data: the egress map was not computed';
    case 'no-allowed-domain':
      return 'no allowed domain (--allow): the egress map was not judged';
  }
}

/** One sentence (without the final full stop) for the text and JSON forms of check. */
export function describeEgressJudgement(j: EgressJudgement): string {
  switch (j.outcome) {
    case 'not-run':
      return describeNotRun(j.why);
    case 'violation':
    case 'undecided': {
      const where = `IPv${j.family} ${formatDestinations(j.row.addresses)} port ${formatPorts(j.row.ports)}`;
      const names = j.domains.join(', ');
      return j.outcome === 'violation'
        ? `SMTP from ${j.principal.label} is ACCEPTed to ${where} (${formatWhy(j.row)}), which is not an MX address of ${names}`
        : `SMTP from ${j.principal.label} to ${where} is UNKNOWN (${formatWhy(j.row)}), and it is not an MX address of ${names}`;
    }
    case 'ok': {
      const missing = j.missing.map((fam) => `IPv${fam}`).join(' and ');
      return `SMTP from ${j.principal.label} can reach only MX addresses of ${j.domains.join(', ')}${missing ? ` (over ${j.covered.map((f) => `IPv${f}`).join(', ')}; ${missing} not supplied)` : ''}`;
    }
  }
}

/** check's and fleet's JSON object for the judgement. */
export function egressJson(j: EgressJudgement): { outcome: EgressJudgement['outcome']; message: string; principal?: string } {
  return { outcome: j.outcome, message: describeEgressJudgement(j), ...(j.outcome !== 'not-run' ? { principal: j.principal.label } : {}) };
}

/** Fleet's "how" for a failing egress half: "SMTP to IPv4 192.0.2.0/24 (OUTPUT rule 3)". */
export function describeEgressHow(j: EgressJudgement): string | undefined {
  if (j.outcome !== 'violation' && j.outcome !== 'undecided') return undefined;
  return `SMTP to IPv${j.family} ${formatDestinations(j.row.addresses)} (${j.row.decidedBy || j.row.rewrittenTo ? formatWhy(j.row) : j.outcome === 'undecided' ? 'UNKNOWN' : 'ACCEPT'})`;
}

/** Fleet's first fix for a failing egress half, or what would settle an undecided one. */
export function describeEgressNext(j: EgressJudgement): string | undefined {
  switch (j.outcome) {
    case 'not-run':
    case 'ok':
      return undefined;
    case 'violation':
      return `Accept SMTP only to the MX addresses of ${j.domains.join(', ')}: ${formatWhy(j.row)} accepts IPv${j.family} ${formatDestinations(j.row.addresses)} port ${formatPorts(j.row.ports)}`;
    case 'undecided': {
      const u = j.row.unknownBecause;
      if (!u) return undefined;
      return u.command ? `${describeCause(u.cause)}: ${u.command}` : describeCause(u.cause);
    }
  }
}
