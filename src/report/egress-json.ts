// The egress map as JSON: every row as an address range (from, to); its exact CIDR cover only on
// request (--cidrs): a range between two /128s can need up to 254 CIDRs, which made the map of a
// 100,000-rule IPv6 deny list hundreds of MB (issue 19).
import { formatIp } from '../firewall/address.js';
import { rangeToCidrs, type EgressRow } from '../firewall/symbolic/index.js';
import type { Ruleset } from '../firewall/model.js';
import { formatPorts, ruleText } from './egress-format.js';
import type { EgressReport } from '../analyses/egress/types.js';
import { uncertaintyJson } from './uncertainty-json.js';

function answerJson(row: EgressRow, ruleset: Ruleset, native?: Ruleset): Record<string, unknown> {
  // a native table's name has a space ("inet filter"): its text is in the nft ruleset beside the iptables one
  const from = native && row.decidedBy?.table.includes(' ') ? native : ruleset;
  const out: Record<string, unknown> = { verdict: row.verdict, decidedBy: row.decidedBy ? { ...row.decidedBy, text: ruleText(from, row.decidedBy) ?? null } : null };
  if (row.rewrittenTo) {
    out.rewrittenTo = {
      ...(row.rewrittenTo.address ? { address: formatIp(row.rewrittenTo.address) } : {}),
      ...(row.rewrittenTo.port !== undefined ? { port: row.rewrittenTo.port } : {}),
      byRule: row.rewrittenTo.byRule,
    };
  }
  if (row.unknownBecause) out.unknownBecause = uncertaintyJson(row.unknownBecause);
  return out;
}

export interface EgressJsonOptions {
  /** add each row's exact CIDR cover (`cidrs`) */
  cidrs?: boolean;
}

export function toEgressJson(report: EgressReport, options: EgressJsonOptions = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    command: 'egress',
    families: report.families.map((f) => ({
      family: f.family,
      protocol: 'tcp',
      state: 'NEW',
      ports: formatPorts(f.ports),
      principals: f.principals.map(({ role: _role, ...principal }) => principal),
      rows: f.rows.map((r) => ({
        from: formatIp(r.addresses.from),
        to: formatIp(r.addresses.to),
        ...(options.cidrs ? { cidrs: rangeToCidrs(r.addresses.from.family, r.addresses.from.value, r.addresses.to.value) } : {}),
        ports: r.ports,
        answers: r.answers.map((a) => answerJson(a, f.ruleset, f.native)),
      })),
      notes: f.notes,
    })),
    missingFamilies: report.missing,
    identity: report.identity,
  };
}

export function renderEgressJson(report: EgressReport, options: EgressJsonOptions = {}): string {
  return `${JSON.stringify(toEgressJson(report, options), null, 2)}\n`;
}
