// The egress judgement of `check` in words: who sends, where it gets to, and why.
import type { EgressJudgement } from '../analyses/check/egress-judge.js';
import { formatDestinations, formatPorts, formatWhy } from './egress-format.js';

/** One sentence (without the final full stop) for the text and JSON forms of check. */
export function describeEgressJudgement(j: EgressJudgement): string {
  switch (j.outcome) {
    case 'not-run':
      return 'no firewall data: the egress map was not computed';
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
