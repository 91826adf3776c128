// The fleet as one table: host × status × per-domain verdict × how it leaks × the first fix,
// worst hosts first, then one summary line with the counts and the exit code.
import Table from 'cli-table3';
import type { FleetHostResult, FleetResult, HostStatus } from '../analyses/fleet/fleet-types.js';
import type { Palette } from './color.js';
import { describeHostError } from './unreadable-text.js';

const NEXT_WIDTH = 70;

function statusCell(status: HostStatus, p: Palette): string {
  switch (status) {
    case 'violation':
      return p.bad('VIOLATION');
    case 'unreadable':
      return p.bad('unreadable');
    case 'undecided':
      return p.uncertain('cannot decide');
    case 'compliant':
      return p.good('compliant');
  }
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function rowOf(host: FleetHostResult, p: Palette): string[] {
  if (host.status === 'unreadable') return [host.host, statusCell(host.status, p), '', '', shorten(describeHostError(host), NEXT_WIDTH)];
  const verdicts = host.results.map((r) => `${r.domain} ${r.verdict}${r.outcome === 'violation' ? ' ✗' : ''}`).join('\n');
  // the column shows how the failing domains get out; for a compliant host, nothing to say
  const failing = host.results.filter((r) => r.outcome !== 'ok');
  const how = [...new Set(failing.flatMap((r) => r.how))].join(', ');
  const next = failing.find((r) => r.next !== undefined)?.next ?? '';
  return [host.host, statusCell(host.status, p), verdicts, how, shorten(next, NEXT_WIDTH)];
}

export function renderFleetText(fleet: FleetResult, p: Palette): string {
  const table = new Table({ head: ['host', 'status', 'verdicts', 'how', 'first fix / what would settle it'], style: { head: [], border: [], compact: true } });
  for (const host of fleet.hosts) table.push(rowOf(host, p));
  const counts = (['violation', 'unreadable', 'undecided', 'compliant'] as const).filter((s) => fleet.counts[s] > 0).map((s) => `${fleet.counts[s]} ${s}`);
  const summary = `mailleak fleet: ${fleet.hosts.length} host(s): ${counts.join(', ')} (exit ${fleet.exitCode}); \`mailleak explain DOMAIN --bundle FILE\` gives one host's full analysis.`;
  return `${table.toString()}\n\n${summary}\n`;
}
