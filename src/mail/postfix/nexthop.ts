// SMTP next-hop destinations (smtp(8) "SMTP DESTINATION SYNTAX"): `domain` or `domain:port`
// look up MX records, `[host]` or `[host]:port` do not; an IPv6 address is `[ipv6:…]`. Since
// Postfix 3.5 a destination may list several, separated by commas or whitespace, tried in order.
// A port is a number or a service name (services(5)); smtps/submissions are 465.

export interface Destination {
  host: string;
  /** false for `[host]`: no MX lookup */
  mx: boolean;
  port: number;
  /** the service as written, when it gives the port */
  service?: string;
  /** the text as written */
  text: string;
}

export type NexthopRead = { destinations: Destination[]; unknown: string[] };

const SERVICES: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, submissions: 465, lmtp: 24 };

/** Reads a next-hop list; `defaultPort` is smtp_tcp_port's (25), items that cannot be read are returned as unknown. */
export function readNexthops(text: string, defaultPort: number): NexthopRead {
  const out: NexthopRead = { destinations: [], unknown: [] };
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const d = readNexthop(item, defaultPort);
    if (d) out.destinations.push(d);
    else out.unknown.push(item);
  }
  return out;
}

function readNexthop(item: string, defaultPort: number): Destination | undefined {
  const text = item.replace(/^inet:/, '');
  const bracket = /^\[(?:ipv6:)?([^\]]+)\](?::([\w-]+))?$/i.exec(text);
  if (bracket) return withPort(bracket[1]!, false, bracket[2], defaultPort, item);
  if (text.includes('[') || text.includes(']')) return undefined;
  const colon = text.lastIndexOf(':');
  const host = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? text.slice(colon + 1) : undefined;
  if (!/^[A-Za-z0-9_.-]+$/.test(host)) return undefined;
  return withPort(host.replace(/\.$/, '').toLowerCase(), true, port, defaultPort, item);
}

function withPort(host: string, mx: boolean, port: string | undefined, defaultPort: number, text: string): Destination | undefined {
  if (port === undefined || port === '') return { host, mx, port: defaultPort, text };
  const number = /^\d+$/.test(port) ? Number(port) : SERVICES[port.toLowerCase()];
  if (number === undefined || number < 1 || number > 65535) return undefined;
  return { host, mx, port: number, ...(/^\d+$/.test(port) ? {} : { service: port.toLowerCase() }), text };
}

/** smtp_tcp_port's value as a number (a service name or a number); 25 when not read. */
export function readPort(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  return /^\d+$/.test(v) ? Number(v) : SERVICES[v];
}
