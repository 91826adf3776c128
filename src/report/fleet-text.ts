// The fleet as one table: host × status × per-domain verdict × how it leaks × the first fix,
// worst hosts first, then one summary line with the counts and the exit code.
import Table from 'cli-table3';
import type { Delivery } from '../analyses/check/check.js';
import type { EgressJudgement } from '../analyses/check/egress-judge.js';
import type { FleetHostResult, FleetResult, HostStatus } from '../analyses/fleet/fleet-types.js';
import { describeEgressHow, describeEgressNext } from './check-egress.js';
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

/** An allowed domain that gets out is delivered, as wanted; a probe that gets out leaks. */
function deliveryWord(delivery: Delivery): string {
  switch (delivery) {
    case 'delivers':
      return 'delivers';
    case 'leaks':
      return 'leaks';
    case 'blocked':
      return 'blocked';
    case 'uncertain':
      return 'uncertain';
  }
}

/** The egress half's line in the verdicts cell, only when it fails or cannot be decided. */
function egressCell(egress: EgressJudgement | undefined): string[] {
  switch (egress?.outcome) {
    case 'violation':
      return ['other SMTP accepted ✗'];
    case 'undecided':
      return ['other SMTP uncertain'];
    case 'ok':
    case 'not-run':
    case undefined:
      return [];
  }
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function rowOf(host: FleetHostResult, p: Palette): string[] {
  if (host.status === 'unreadable') return [host.host, statusCell(host.status, p), '', '', shorten(describeHostError(host), NEXT_WIDTH)];
  const verdicts = [...host.results.map((r) => `${r.domain} ${deliveryWord(r.delivery)}${r.outcome === 'violation' ? ' ✗' : ''}`), ...egressCell(host.egress)].join('\n');
  // the column shows how the failing domains get out (or what stops an allowed one), else how
  // the failing egress half does; for a compliant host, nothing to say
  const failing = host.results.filter((r) => r.outcome !== 'ok');
  const egressHow = host.egress ? describeEgressHow(host.egress) : undefined;
  const domainsHow = [...new Set(failing.flatMap((r) => r.how))];
  const how = (domainsHow.length > 0 || !egressHow ? domainsHow : [egressHow]).join(', ');
  const next = failing.find((r) => r.next !== undefined)?.next ?? (host.egress ? describeEgressNext(host.egress) : undefined) ?? '';
  return [host.host, statusCell(host.status, p), verdicts, how, shorten(next, NEXT_WIDTH)];
}

export function renderFleetText(fleet: FleetResult, p: Palette): string {
  const table = new Table({ head: ['host', 'status', 'verdicts', 'how', 'first fix / what would settle it'], style: { head: [], border: [], compact: true } });
  for (const host of fleet.hosts) table.push(rowOf(host, p));
  const counts = (['violation', 'unreadable', 'undecided', 'compliant'] as const).filter((s) => fleet.counts[s] > 0).map((s) => `${fleet.counts[s]} ${s}`);
  const summary = `mailleak fleet: ${fleet.hosts.length} host(s): ${counts.join(', ')} (exit ${fleet.exitCode}); \`mailleak explain DOMAIN --bundle FILE\` gives one host's full analysis.`;
  return `${table.toString()}\n\n${summary}\n`;
}
