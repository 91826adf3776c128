// The egress half of `check`: with firewall data present, every SMTP destination the MTA user
// can reach must be an MX address of an allowed domain. An ACCEPTed range with anything else
// in it is a violation (named with its rule), an UNKNOWN one makes the check undecided.
// Destinations on this host (loopback, or a REDIRECT/DNAT back to it) do not leave it.
import { formatIp, parseIp, type IpAddress } from '../../firewall/address.js';
import type { EgressRow } from '../../firewall/symbolic/index.js';
import type { CollectedInputs } from '../../input/collected.js';
import { formatDestinations, formatPorts, formatWhy } from '../../report/egress-format.js';
import { buildEgressReport, SMTP_PORTS } from './egress.js';

export interface EgressJudgement {
  outcome: 'ok' | 'violation' | 'undecided' | 'not-run';
  /** who sends: "Debian-exim (uid 101)" */
  principal?: string;
  /** the first range that leaks or is undecided, in words */
  message: string;
  family?: 4 | 6;
  row?: EgressRow;
}

function isLoopback(a: IpAddress): boolean {
  return a.family === 4 ? a.value >> 24n === 127n : a.value === 1n;
}

/** Is every address of the row's destination (after a rewrite) allowed or on this host? */
function staysAllowed(row: EgressRow, allowed: Set<string>): boolean {
  const rewritten = row.rewrittenTo?.address;
  if (rewritten) return isLoopback(rewritten) || allowed.has(formatIp(rewritten));
  const { from, to } = row.addresses;
  if (isLoopback(from) && isLoopback(to)) return true;
  if (to.value - from.value > 255n) return false;
  for (let v = from.value; v <= to.value; v++) {
    const a = { family: from.family, value: v };
    if (!isLoopback(a) && !allowed.has(formatIp(a))) return false;
  }
  return true;
}

export function judgeEgress(inputs: CollectedInputs, allowedAddresses: readonly string[], domains: readonly string[]): EgressJudgement {
  const report = buildEgressReport(inputs, { ports: SMTP_PORTS });
  if (report.families.length === 0) return { outcome: 'not-run', message: 'no firewall data: the egress map was not computed' };
  const allowed = new Set(allowedAddresses.map((a) => parseIp(a)).filter((a): a is IpAddress => a !== undefined).map(formatIp));
  let undecided: EgressJudgement | undefined;
  const principal = report.families[0]!.principals.find((p) => !p.label.startsWith('root') && !p.label.startsWith('an ordinary')) ?? report.families[0]!.principals[0]!;
  const index = report.families[0]!.principals.indexOf(principal);
  for (const f of report.families) {
    for (const r of f.rows) {
      const row = r.answers[index]!;
      if (row.verdict !== 'ACCEPT' && row.verdict !== 'UNKNOWN') continue;
      if (staysAllowed(row, allowed)) continue;
      const where = `IPv${f.family} ${formatDestinations(row.addresses)} port ${formatPorts(row.ports)}`;
      const names = domains.join(', ');
      if (row.verdict === 'ACCEPT') {
        return { outcome: 'violation', principal: principal.label, family: f.family, row, message: `SMTP from ${principal.label} is ACCEPTed to ${where} (${formatWhy(row)}), which is not an MX address of ${names}` };
      }
      undecided ??= { outcome: 'undecided', principal: principal.label, family: f.family, row, message: `SMTP from ${principal.label} to ${where} is UNKNOWN (${formatWhy(row)}), and it is not an MX address of ${names}` };
    }
  }
  if (undecided) return undecided;
  const missing = report.missing.map((fam) => `IPv${fam}`).join(' and ');
  return { outcome: 'ok', principal: principal.label, message: `SMTP from ${principal.label} can reach only MX addresses of ${domains.join(', ')}${missing ? ` (over ${report.families.map((f) => `IPv${f.family}`).join(', ')}; ${missing} not supplied)` : ''}` };
}
