// The delivery service a transport name selects (master(5): the unix service of that name) and
// what its program does; without master.cf, Postfix's stock master.cf is assumed (smtp and
// relay run smtp(8), local local(8), …) and the plan says so.
import type { MasterCf, MasterService } from './master-cf.js';
import { findTransportService } from './master-cf.js';

export type ServiceKind = 'smtp' | 'lmtp' | 'local' | 'error' | 'retry' | 'discard' | 'unknown';

export interface ChosenService {
  name: string;
  kind: ServiceKind;
  command: string;
  /** -o overrides of the service (master.cf or postconf -P) */
  overrides: Map<string, string>;
  /** runs as root (unpriv = n) rather than mail_owner */
  privileged: boolean;
  service?: MasterService;
  /** said when master.cf was not given */
  assumed?: string;
}

const STOCK: Record<string, string> = { smtp: 'smtp', relay: 'smtp', lmtp: 'lmtp', local: 'local', virtual: 'virtual', error: 'error', retry: 'error', discard: 'discard', pipe: 'pipe' };

function kindOf(name: string, command: string): ServiceKind {
  switch (command) {
    case 'smtp':
      return 'smtp';
    case 'lmtp':
      return 'lmtp';
    case 'local':
    case 'virtual':
    case 'pipe':
    case 'spawn':
      return 'local';
    case 'error':
      return name === 'retry' ? 'retry' : 'error';
    case 'discard':
      return 'discard';
    default:
      return 'unknown';
  }
}

export function chooseService(transport: string, master: MasterCf | undefined): ChosenService | undefined {
  if (!master) {
    const command = STOCK[transport];
    if (command === undefined) return undefined;
    return { name: transport, kind: kindOf(transport, command), command, overrides: new Map(), privileged: false, assumed: `master.cf not given: Postfix's stock entry for ${transport} assumed (${command}, no -o overrides)` };
  }
  const service = findTransportService(master, transport);
  if (!service) return undefined;
  // postconf -P alone names services without their command: the stock command stands in
  const command = service.command || STOCK[transport] || '';
  return { name: transport, kind: kindOf(transport, command), command, overrides: service.overrides, privileged: service.unpriv === 'n', service };
}
