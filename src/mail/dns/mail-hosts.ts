// Which hosts a domain's mail goes to, per RFC 5321 §5.1 and RFC 7505, before any MTA policy:
// the planner applies Exim's options (ipv4_only, ignore_target_hosts, self…) on top.
import { ipFamily } from '../../firewall/address.js';
import type { Lookup, MxRecord, Resolver } from './resolver.js';
import { normaliseName } from './zone-record.js';

export interface MailHost {
  /** host name; for an MX written as an address literal, that address */
  name: string;
  /** MX preference; 0 for the implicit MX */
  preference: number;
  /** set when the MX exchange is an IP address, which RFC 5321 §5.1 does not allow (Exim declines
   *  such MX records unless `allow_mx_to_ip`); `a`/`aaaa` then hold that address and no lookup is made */
  addressLiteral?: boolean;
  /** both families are always asked; whether and in which order IPv6 is used is the planner's call */
  a: Lookup<string>;
  aaaa: Lookup<string>;
  notes: string[];
}

export type MailHosts =
  /** MX records, sorted by preference */
  | { kind: 'mx'; domain: string; hosts: MailHost[]; notes: string[] }
  /** no MX records: the domain itself is the mail host (RFC 5321 §5.1 "implicit MX") */
  | { kind: 'implicit-mx'; domain: string; host: MailHost; notes: string[] }
  /** a single MX "." (RFC 7505): the domain accepts no mail */
  | { kind: 'null-mx'; domain: string; notes: string[] }
  | { kind: 'nxdomain'; domain: string; message: string }
  /** SERVFAIL, timeout, offline, or records that say nothing: the plan is uncertain */
  | { kind: 'unknown'; domain: string; reason: string };

export async function resolveMailHosts(domain: string, resolver: Resolver): Promise<MailHosts> {
  const name = normaliseName(domain);
  const mx = await resolver.resolveMx(name);
  switch (mx.status) {
    case 'ok':
      return mx.records.length > 0 ? fromMxRecords(name, mx.records, mx.notes, resolver) : implicitMx(name, resolver);
    case 'nodata':
      return implicitMx(name, resolver);
    case 'nxdomain':
      return { kind: 'nxdomain', domain: name, message: mx.message };
    case 'servfail':
    case 'timeout':
    case 'unknown':
      // the live resolver's message already names the lookup; say it once
      return { kind: 'unknown', domain: name, reason: mx.message.startsWith(`MX lookup for ${name}`) ? mx.message : `MX lookup for ${name}: ${mx.message}` };
  }
}

async function fromMxRecords(domain: string, records: MxRecord[], lookupNotes: string[], resolver: Resolver): Promise<MailHosts> {
  const notes = [...lookupNotes];
  const nullMx = records.filter((r) => r.exchange === '');
  if (nullMx.length === records.length) {
    if (nullMx.some((r) => r.preference !== 0)) notes.push('the null MX has a preference other than 0 (RFC 7505 §3 says 0); still read as "no mail"');
    return { kind: 'null-mx', domain, notes };
  }
  if (nullMx.length > 0) notes.push('an MX "." (null MX) next to other MX records is invalid (RFC 7505 §3); it is ignored');
  // Stable sort: equal preferences keep the answer's order here. Exim randomises them
  // (host.c: sort key preference*1000 + random), so either may be tried first.
  const sorted = records.filter((r) => r.exchange !== '').sort((x, y) => x.preference - y.preference);
  const unique: MxRecord[] = [];
  for (const record of sorted) {
    // duplicate MX names: the lowest preference counts, as in Exim's host_find_bydns()
    if (unique.some((u) => u.exchange === record.exchange)) notes.push(`${record.exchange} is listed twice; preference ${record.preference} ignored`);
    else unique.push(record);
  }
  const ties = new Set(unique.map((r) => r.preference)).size < unique.length;
  if (ties) notes.push('some MX records share a preference: Exim tries those in random order');
  const hosts = await Promise.all(unique.map((r) => mailHost(r.exchange, r.preference, domain, resolver)));
  return { kind: 'mx', domain, hosts, notes };
}

async function implicitMx(domain: string, resolver: Resolver): Promise<MailHosts> {
  const host = await mailHost(domain, 0, domain, resolver, true);
  const notes = [`${domain} has no MX records: mail goes to the domain's own addresses (implicit MX, RFC 5321 §5.1)`];
  if (host.a.status !== 'ok' && host.aaaa.status !== 'ok') notes.push(`${domain} has no usable address records either`);
  return { kind: 'implicit-mx', domain, host, notes };
}

async function mailHost(name: string, preference: number, domain: string, resolver: Resolver, implicit = false): Promise<MailHost> {
  const notes: string[] = [];
  const literal = name.replace(/^\[|\]$/g, '');
  const family = ipFamily(literal);
  if (family !== 0) {
    notes.push(`the MX for ${domain} is the address ${literal}, not a host name (RFC 5321 §5.1); Exim declines it unless allow_mx_to_ip is set`);
    const given: Lookup<string> = { status: 'ok', records: [literal], notes: [] };
    const none: Lookup<string> = { status: 'nodata', message: `the MX is the IPv${family} address ${literal}` };
    return { name: literal, preference, addressLiteral: true, a: family === 4 ? given : none, aaaa: family === 6 ? given : none, notes };
  }
  if (name === domain && !implicit) notes.push(`the MX of ${domain} is the domain itself`);
  const [a, aaaa] = await Promise.all([resolver.resolveA(name), resolver.resolveAaaa(name)]);
  for (const lookup of [a, aaaa]) {
    if (lookup.status !== 'ok') continue;
    // an MX target must not be an alias (RFC 2181 §10.3); resolvers follow it anyway
    for (const note of lookup.notes) if (!notes.includes(note)) notes.push(note);
  }
  return { name, preference, a, aaaa, notes };
}
