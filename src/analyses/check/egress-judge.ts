// The egress half of `check`: with firewall data present, every SMTP destination the MTA user
// can reach must be an MX address of an allowed domain. An ACCEPTed range with anything else
// in it is a violation (named with its rule), an UNKNOWN one makes the check undecided.
// Destinations on this host (loopback, or a REDIRECT/DNAT back to it) do not leave it.
// The judgement is data; src/report/check-egress.ts words it.
import { formatIp, isLoopback, parseIp, type IpAddress } from '../../firewall/address.js';
import type { Family } from '../../firewall/model.js';
import type { EgressRow } from '../../firewall/symbolic/index.js';
import type { CollectedInputs } from '../../input/collected.js';
import { buildEgressReport, SMTP_PORTS } from '../egress/egress.js';
import type { Principal } from '../egress/types.js';

export type EgressJudgement =
  /** no firewall data, or no allowed domain (fleet without --allow: only the probes are judged) */
  | { outcome: 'not-run'; why: 'no-firewall' | 'no-allowed-domain' }
  /** the first range that leaks (ACCEPT) or is undecided (UNKNOWN), and who sends */
  | { outcome: 'violation' | 'undecided'; principal: Principal; family: Family; row: EgressRow; domains: readonly string[] }
  /** `covered`: the families with a ruleset; `missing`: those without */
  | { outcome: 'ok'; principal: Principal; domains: readonly string[]; covered: Family[]; missing: Family[] };

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
  if (domains.length === 0) return { outcome: 'not-run', why: 'no-allowed-domain' };
  const report = buildEgressReport(inputs, { ports: SMTP_PORTS });
  if (report.families.length === 0) return { outcome: 'not-run', why: 'no-firewall' };
  const allowed = new Set(allowedAddresses.map((a) => parseIp(a)).filter((a): a is IpAddress => a !== undefined).map(formatIp));
  let undecided: EgressJudgement | undefined;
  const principals = report.families[0]!.principals;
  const principal = principals.find((p) => p.role === 'mta') ?? principals[0]!;
  const index = principals.indexOf(principal);
  for (const f of report.families) {
    for (const r of f.rows) {
      const row = r.answers[index]!;
      if (row.verdict !== 'ACCEPT' && row.verdict !== 'UNKNOWN') continue;
      if (staysAllowed(row, allowed)) continue;
      if (row.verdict === 'ACCEPT') return { outcome: 'violation', principal, family: f.family, row, domains };
      undecided ??= { outcome: 'undecided', principal, family: f.family, row, domains };
    }
  }
  return undecided ?? { outcome: 'ok', principal, domains, covered: report.families.map((f) => f.family), missing: report.missing };
}
