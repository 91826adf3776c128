// The router drivers mailleak can simulate, by the name used in `driver =`.
import { acceptDriver } from './accept.js';
import { dnslookupDriver } from './dnslookup.js';
import { manualrouteDriver } from './manualroute.js';
import { redirectDriver } from './redirect.js';
import type { RouterDriver } from './types.js';

const DRIVERS: readonly RouterDriver[] = [acceptDriver, dnslookupDriver, manualrouteDriver, redirectDriver];

export function findRouterDriver(name: string | undefined): RouterDriver | undefined {
  return DRIVERS.find((d) => d.driver === name);
}
