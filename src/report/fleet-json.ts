// `mailleak fleet --json`: one document for dashboards, worst hosts first (docs: README, fleet).
import type { FleetResult } from '../analyses/fleet/fleet-types.js';

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
      hosts: fleet.hosts,
    },
    null,
    2,
  )}\n`;
}
