// Words and numbers for egress rows, shared by the text and JSON renderers.
import { formatIp } from '../firewall/address.js';
import type { Range, Ruleset } from '../firewall/model.js';
import { findChain, findTable } from '../firewall/model.js';
import { rangeToCidrs, type EgressRow } from '../firewall/symbolic/index.js';
import type { DecidedBy } from '../firewall/simulate/types.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';

/** At most this many CIDRs are listed for one range; longer covers print as `from – to`. */
const MAX_CIDRS_SHOWN = 4;

export function formatPorts(ports: readonly Range[]): string {
  return ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',');
}

export function formatDestinations(addresses: EgressRow['addresses']): string {
  const { from, to } = addresses;
  const bits = from.family === 4 ? 32 : 128;
  if (from.value === 0n && to.value === (1n << BigInt(bits)) - 1n) return 'everywhere';
  const cidrs = rangeToCidrs(from.family, from.value, to.value);
  if (cidrs.length <= MAX_CIDRS_SHOWN) return cidrs.map((c) => (c.endsWith(`/${bits}`) ? c.slice(0, -`/${bits}`.length) : c)).join(', ');
  return `${formatIp(from)} – ${formatIp(to)}`;
}

export function ruleText(ruleset: Ruleset, by: DecidedBy): string | undefined {
  const chain = findChain(findTable(ruleset, by.table), by.chain);
  if ('policy' in by) return chain?.loc?.text;
  // positions are 1-based and in order, so the rule is normally at position - 1: a find for
  // every row made a 100,000-row map quadratic
  const at = chain?.rules[by.rule - 1];
  if (at?.position === by.rule) return at.loc.text;
  return chain?.rules.find((r) => r.position === by.rule)?.loc.text;
}

export function formatDecider(by: DecidedBy): string {
  const table = by.table === 'filter' ? '' : `${by.table} `;
  const legacy = by.backend === 'legacy' ? ' (iptables-legacy)' : '';
  return 'policy' in by ? `${table}${by.chain}${legacy} policy` : `${table}${by.chain}${legacy} rule ${by.rule}`;
}

/** "OUTPUT rule 5", "→ 127.0.0.1:2525 (nat OUTPUT rule 1)", "filter OUTPUT rule 3: … redacted" */
export function formatWhy(row: EgressRow): string {
  const parts: string[] = [];
  if (row.decidedBy) parts.push(formatDecider(row.decidedBy));
  if (row.rewrittenTo) {
    const address = row.rewrittenTo.address ? formatIp(row.rewrittenTo.address) : 'same address';
    const port = row.rewrittenTo.port !== undefined ? `:${row.rewrittenTo.port}` : '';
    parts.push(`sent to ${address}${port} by ${formatDecider(row.rewrittenTo.byRule)}`);
  }
  const u = row.unknownBecause;
  if (u) parts.push(`${u.table === 'filter' ? '' : `${u.table} `}${u.chain}${u.rule !== undefined ? ` rule ${u.rule}` : ''}: ${describeCause(u.cause)}`);
  return parts.join('; ');
}
