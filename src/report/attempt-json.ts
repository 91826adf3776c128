// Where an attempt connects, as route --json and explain --json both print it (docs/json-schema.md).
import type { DeliveryAttempt } from '../mail/types.js';

export function attemptTargetJson(a: Pick<DeliveryAttempt, 'order' | 'host' | 'preference' | 'address' | 'family' | 'port'>): Record<string, unknown> {
  return {
    order: a.order,
    host: a.host,
    preference: a.preference ?? null,
    address: a.address ?? null,
    family: a.family,
    port: a.port,
  };
}
