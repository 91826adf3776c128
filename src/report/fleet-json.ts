// `mailleak fleet --json`: one document for dashboards, worst hosts first (docs: README, fleet).
import type { FleetHostResult, FleetResult } from '../analyses/fleet/fleet-types.js';
import { egressJson } from './check-egress.js';
import { describeUnreadable } from './unreadable-text.js';

export function renderFleetJson(fleet: FleetResult, probes: string[], allow: string[]): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      command: 'fleet',
      status: fleet.status,
      exitCode: fleet.exitCode,
      probes,
      allow,
      counts: fleet.counts,
      hosts: fleet.hosts.map(hostJson),
    },
    null,
    2,
  )}\n`;
}

/**
 * The host as computed, its structured `unreadable` worded in place as `error`, its egress
 * judgement as in check's JSON (`{outcome, message, principal}`).
 */
function hostJson(host: FleetHostResult): Record<string, unknown> {
  const { unreadable, egress, ...rest } = host;
  return { ...rest, ...(egress ? { egress: egressJson(egress) } : {}), ...(unreadable ? { error: describeUnreadable(unreadable) } : {}) };
}
