// The egress map as text: one table per family (cli-table3), a column per principal when
// owner rules make them differ, long maps cut with a count of what was left out (--json has all).
import Table from 'cli-table3';
import type { EgressRow } from '../firewall/symbolic/index.js';
import type { Palette } from './color.js';
import { formatDestinations, formatPorts, formatWhy } from './egress-format.js';
import type { EgressReport, FamilyEgress } from '../analyses/egress/types.js';
import { describeMtaChoice } from './mta-choice-text.js';

export const MAX_TEXT_ROWS = 40;

function paintVerdict(row: EgressRow, p: Palette): string {
  switch (row.verdict) {
    case 'ACCEPT':
      return p.bad('ACCEPT');
    case 'DROP':
      return p.good('DROP');
    case 'REJECT':
      return p.good('REJECT');
    case 'UNKNOWN':
      return p.uncertain('UNKNOWN');
  }
}

function cell(row: EgressRow, p: Palette): string {
  const why = formatWhy(row);
  return why ? `${paintVerdict(row, p)} ${p.dim(why)}` : paintVerdict(row, p);
}

function renderFamily(f: FamilyEgress, p: Palette): string[] {
  const iptables = f.family === 6 ? 'ip6tables' : 'iptables';
  const tool = f.ruleset.format === 'nft' ? 'nft' : f.native ? `${iptables} and nft` : iptables;
  const who = f.principals.map((x) => x.label).join(' / ');
  const lines = [p.strong(`IPv${f.family} (${tool}): tcp/${formatPorts(f.ports)} NEW from ${who}`)];
  const table = new Table({ head: ['Destinations', 'Ports', ...(f.principals.length > 1 ? f.principals.map((x) => x.label) : ['Verdict (deciding rule)'])], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, ...f.principals.map(() => (f.principals.length > 1 ? 34 : 70))] as (number | null)[] });
  for (const row of f.rows.slice(0, MAX_TEXT_ROWS)) table.push([formatDestinations(row.addresses), formatPorts(row.ports), ...row.answers.map((a) => cell(a, p))]);
  lines.push(table.toString());
  if (f.rows.length > MAX_TEXT_ROWS) lines.push(p.dim(`… ${f.rows.length - MAX_TEXT_ROWS} more rows (${summarise(f)}); --json lists them all`));
  for (const n of f.notes) lines.push(p.dim(`note: ${n}`));
  return lines;
}

/** "120 DROP, 3 ACCEPT" over the whole map (first principal). */
function summarise(f: FamilyEgress): string {
  const counts = new Map<string, number>();
  for (const r of f.rows) counts.set(r.answers[0]!.verdict, (counts.get(r.answers[0]!.verdict) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${v}`).join(', ');
}

export function renderEgressText(report: EgressReport, p: Palette): string {
  const lines: string[] = [];
  for (const f of report.families) lines.push(...renderFamily(f, p), '');
  for (const family of report.missing) {
    const tool = family === 6 ? 'ip6tables' : 'iptables';
    lines.push(p.uncertain(`IPv${family}: no ${tool} ruleset was supplied: every IPv${family} destination is UNKNOWN (give --${tool} FILE, e.g. from \`${tool}-save -c\`)`), '');
  }
  if (report.mta) lines.push(p.dim(`MTA ${describeMtaChoice(report.mta)}`));
  for (const i of report.identity) lines.push(p.dim(i));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
