// Why there is nothing to analyse, in one line: the CLI's exit-2 message and fleet's error column.
import type { Unreadable } from '../analyses/explain/readable.js';
import type { FleetHostResult } from '../analyses/fleet/fleet-types.js';
import { formatDiagnostic } from './diagnostic-text.js';

export function describeUnreadable(u: Unreadable): string {
  switch (u.kind) {
    case 'nothing-read':
      return u.problem ? `${u.problem.what}: ${u.problem.message}` : 'no input was read';
    case 'no-rules':
      // the diagnostic's first line without its [code]: the file, the line and what is wrong
      return formatDiagnostic(u.error).split('\n')[0]!.replace(/ \[[\w-]+\]$/, '');
  }
}

/** Why a fleet host could not be analysed, in one line (empty when it could). */
export function describeHostError(host: FleetHostResult): string {
  return host.error ?? (host.unreadable ? describeUnreadable(host.unreadable) : '');
}
