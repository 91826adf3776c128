// The accept router (spec chapter "The accept router"): no private options; once its
// preconditions pass it assigns the address to its transport. Any hosts come from the transport.
import { readRouterTransport } from './common.js';
import type { RouterDriver } from './types.js';

export const acceptDriver: RouterDriver = {
  driver: 'accept',
  async evaluate(router, address, ctx) {
    const transport = readRouterTransport(router, address, ctx.lists);
    if (!transport.known) return { kind: 'unknown', reason: `transport: ${transport.reason}` };
    return { kind: 'accept', transport: transport.value, reason: 'accept takes every address that passed its preconditions', uncertain: [] };
  },
};
