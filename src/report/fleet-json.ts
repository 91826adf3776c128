// `mailleak fleet --json`: one document for dashboards, worst hosts first (docs: README, fleet).
import type { FleetHostResult, FleetResult } from '../analyses/fleet/fleet-types.js';
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

/** The host as computed, its structured `unreadable` worded in place as `error`. */
function hostJson(host: FleetHostResult): Record<string, unknown> {
  if (!host.unreadable) return { ...host };
  const { unreadable, ...rest } = host;
  return { ...rest, error: describeUnreadable(unreadable) };
}
