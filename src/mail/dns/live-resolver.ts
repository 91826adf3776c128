// Live DNS through node:dns (c-ares), either the system's resolvers or one given server
// (--dns-server ADDR[:PORT]). Errors become Lookup failures; nothing here throws for a lookup.
import { Resolver as NodeResolver } from 'node:dns/promises';
import type { LiveResolverFactory, Lookup, LookupFailure, MxRecord, Resolver } from './resolver.js';
import { checkDnsServer } from './server-address.js';
import { normaliseName } from './zone-record.js';

export interface LiveResolverOptions {
  /** "192.0.2.53", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::53]:5353"; default: the system's */
  server?: string;
  /** per try; default 3000 */
  timeoutMs?: number;
  /** default 2 */
  tries?: number;
}

export { checkDnsServer } from './server-address.js';

export function createLiveResolver(options: LiveResolverOptions = {}): Resolver {
  const resolver = new NodeResolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  if (options.server !== undefined) {
    const problem = checkDnsServer(options.server);
    if (problem) throw new Error(`invalid DNS server: ${problem}`);
    resolver.setServers([options.server]);
  }
  const where = options.server === undefined ? 'system resolver' : `server ${options.server}`;
  return {
    description: `live DNS (${where})`,
    resolveMx: (domain) =>
      lookup(resolver, domain, 'MX', async (name) =>
        (await resolver.resolveMx(name)).map((mx): MxRecord => ({ preference: mx.priority, exchange: normaliseName(mx.exchange) })),
      ),
    resolveA: (name) => lookup(resolver, name, 'A', (n) => resolver.resolve4(n)),
    resolveAaaa: (name) => lookup(resolver, name, 'AAAA', (n) => resolver.resolve6(n)),
  };
}

/** The factory the core's analyses take (explain, check, fleet): the system's resolvers, or one --dns-server. */
export const liveDns: LiveResolverFactory = (server) => (server !== undefined ? createLiveResolver({ server }) : createLiveResolver());

async function lookup<T>(resolver: NodeResolver, query: string, rrtype: string, ask: (name: string) => Promise<T[]>): Promise<Lookup<T>> {
  const name = normaliseName(query);
  // node:dns returns the final records of a CNAME chain without the chain itself; asking for
  // the CNAME alongside lets the report say the name was an alias (RFC 2181 §10.3 forbids
  // that for MX targets, and firewall rules written for the alias's address may not match).
  const [answer, alias] = await Promise.allSettled([ask(name), resolver.resolveCname(name)]);
  const notes = alias.status === 'fulfilled' && alias.value[0] ? [`followed CNAME ${name} → ${normaliseName(alias.value[0])}`] : [];
  if (answer.status === 'rejected') return failure(answer.reason, name, rrtype);
  if (answer.value.length === 0) {
    // the answer held only a CNAME whose target has no records of this type — or a CNAME loop,
    // which c-ares also returns as an empty answer; a loop is broken DNS, not "no address"
    const loop = alias.status === 'fulfilled' && alias.value[0] ? await findCnameLoop(resolver, name, normaliseName(alias.value[0])) : undefined;
    if (loop) return { status: 'unknown', message: `CNAME loop: ${loop.join(' → ')}` };
    return { status: 'nodata', message: `${name} has no ${rrtype} records${notes.length ? ` (${notes[0]})` : ''}` };
  }
  return { status: 'ok', records: answer.value, notes };
}

/** Same hop limit as the records resolver, so both say "CNAME loop" for the same zone. */
const MAX_CNAME_HOPS = 16;

/** Follows the CNAME chain from `name`; returns it when it comes back to a name already seen. */
async function findCnameLoop(resolver: NodeResolver, name: string, target: string): Promise<string[] | undefined> {
  const chain = [name];
  let next: string | undefined = target;
  while (next !== undefined) {
    if (chain.includes(next) || chain.length > MAX_CNAME_HOPS) return [...chain, next];
    chain.push(next);
    const current: string = next;
    next = await resolver.resolveCname(current).then((t) => (t[0] ? normaliseName(t[0]) : undefined), () => undefined);
  }
  return undefined;
}

function failure(error: unknown, name: string, rrtype: string): LookupFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOTFOUND':
      return { status: 'nxdomain', message: `${name} does not exist (NXDOMAIN)` };
    case 'ENODATA':
      return { status: 'nodata', message: `${name} has no ${rrtype} records` };
    case 'ESERVFAIL':
      return { status: 'servfail', message: `SERVFAIL looking up ${rrtype} for ${name}` };
    case 'ETIMEOUT':
      return { status: 'timeout', message: `the DNS server did not answer the ${rrtype} query for ${name} (timed out)` };
    case 'ECONNREFUSED':
      return { status: 'unknown', message: `${rrtype} lookup for ${name}: DNS server refused the connection (ECONNREFUSED)` };
    case 'EREFUSED':
      return { status: 'unknown', message: `${rrtype} lookup for ${name}: DNS server refused the query (REFUSED)` };
    default:
      return { status: 'unknown', message: `${rrtype} lookup for ${name} failed: ${(error as Error | undefined)?.message ?? String(error)}` };
  }
}
