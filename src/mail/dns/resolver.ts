// The resolver interface the delivery planner uses. Implementations: live (node:dns, optionally
// against --dns-server), records from text (--dns FILE: zone / dig output), and none (--offline).
// A failed lookup is data, never an exception: the planner turns it into an uncertainty.

export interface MxRecord {
  preference: number;
  /** host name without the trailing dot; "" (the root ".") for a null MX (RFC 7505) */
  exchange: string;
}

export type LookupFailure =
  /** the name does not exist */
  | { status: 'nxdomain'; message: string }
  /** the name exists but has no record of this type */
  | { status: 'nodata'; message: string }
  | { status: 'servfail'; message: string }
  | { status: 'timeout'; message: string }
  /** --offline, or the records file says nothing about this name: we cannot know */
  | { status: 'unknown'; message: string };

export type Lookup<T> =
  | { status: 'ok'; records: T[]; /** e.g. "followed CNAME mx.example → real.example" */ notes: string[] }
  | LookupFailure;

/** Makes a live resolver (the system's, or one --dns-server): injected by the node side, so the core never imports node:dns. */
export type LiveResolverFactory = (server?: string) => Resolver;

export interface Resolver {
  /** a short description for reports: "live DNS (system resolver)", "records from zone.txt", "offline" */
  readonly description: string;
  resolveMx(domain: string): Promise<Lookup<MxRecord>>;
  /** IPv4 addresses as dotted quads; CNAMEs followed, with a note */
  resolveA(name: string): Promise<Lookup<string>>;
  /** IPv6 addresses in canonical text; CNAMEs followed, with a note */
  resolveAaaa(name: string): Promise<Lookup<string>>;
}
