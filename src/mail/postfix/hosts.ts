// The addresses smtp(8) connects to for one next hop, in its order (smtp_addr.c
// smtp_domain_addr, shared/reference/postfix-nftables.md §1.2): MX hosts by preference (or the
// implicit MX, or the `[host]` itself), A and AAAA as inet_protocols enables them, shuffled
// (smtp_randomize_addresses) and sorted by preference with smtp_address_preference breaking
// ties (`any`: random between families). Addresses in random order share a randomGroup.
import type { Family } from '../../firewall/model.js';
import { ipFamily } from '../../firewall/address.js';
import { resolveMailHosts } from '../dns/mail-hosts.js';
import type { Lookup, Resolver } from '../dns/resolver.js';
import type { Destination } from './nexthop.js';

export interface HostAddress {
  host: string;
  preference?: number;
  address?: string;
  family: Family;
  port: number;
  randomGroup?: number;
}

export interface HostOptions {
  resolver: Resolver;
  families: Family[];
  preference: 'any' | 'ipv4' | 'ipv6';
  /** smtp_dns_support_level = disabled / disable_dns_lookups: no MX lookups */
  dns: boolean;
  /** numbers the random groups across the whole plan */
  nextGroup: () => number;
}

export type HostsResult =
  | { kind: 'addresses'; addresses: HostAddress[]; notes: string[]; uncertain: string[] }
  /** the destination accepts no mail (null MX) or does not exist: Postfix bounces */
  | { kind: 'bounce'; reason: string }
  | { kind: 'unknown'; reason: string };

interface Candidate {
  host: string;
  preference?: number;
  family: Family;
  lookup: Lookup<string>;
}

export async function lookUpDestination(d: Destination, o: HostOptions): Promise<HostsResult> {
  const notes: string[] = [];
  const candidates: Candidate[] = [];
  if (d.mx && o.dns) {
    const hosts = await resolveMailHosts(d.host, o.resolver);
    switch (hosts.kind) {
      case 'null-mx':
        return { kind: 'bounce', reason: `${d.host} has a null MX (RFC 7505): Postfix bounces the mail (5.1.0), no connection is made` };
      case 'nxdomain':
        return { kind: 'bounce', reason: `${d.host} does not exist (${hosts.message}): Postfix bounces the mail` };
      case 'unknown':
        return { kind: 'unknown', reason: hosts.reason };
      case 'implicit-mx':
        notes.push(...hosts.notes);
        for (const f of o.families) candidates.push({ host: hosts.host.name, family: f, lookup: f === 4 ? hosts.host.a : hosts.host.aaaa });
        break;
      case 'mx':
        notes.push(...hosts.notes.map((n) => n.replace('Exim tries', 'Postfix tries')));
        for (const h of hosts.hosts) for (const f of o.families) candidates.push({ host: h.name, preference: h.preference, family: f, lookup: f === 4 ? h.a : h.aaaa });
        break;
    }
  } else {
    const literal = ipFamily(d.host);
    for (const f of o.families) {
      const lookup: Lookup<string> = literal !== 0
        ? (literal === f ? { status: 'ok', records: [d.host], notes: [] } : { status: 'nodata', message: 'address literal of the other family' })
        : f === 4 ? await o.resolver.resolveA(d.host) : await o.resolver.resolveAaaa(d.host);
      candidates.push({ host: d.host, family: f, lookup });
    }
  }
  return orderAddresses(candidates, d.port, o, notes);
}

function orderAddresses(candidates: Candidate[], port: number, o: HostOptions, notes: string[]): HostsResult {
  const uncertain: string[] = [];
  const known: HostAddress[] = [];
  for (const c of candidates) {
    const base = { host: c.host, ...(c.preference !== undefined ? { preference: c.preference } : {}), family: c.family, port };
    if (c.lookup.status === 'ok') for (const address of c.lookup.records) known.push({ ...base, address });
    else if (c.lookup.status !== 'nodata' && c.lookup.status !== 'nxdomain') {
      uncertain.push(`${c.family === 6 ? 'AAAA' : 'A'} lookup for ${c.host}: ${c.lookup.message}`);
      known.push(base);
    }
  }
  if (known.length === 0) return { kind: 'unknown', reason: `no address of ${[...new Set(candidates.map((c) => c.host))].join(', ') || 'the next hop'} is known` };
  const byPreference = new Map<number, HostAddress[]>();
  for (const a of known) byPreference.set(a.preference ?? 0, [...(byPreference.get(a.preference ?? 0) ?? []), a]);
  const ordered: HostAddress[] = [];
  for (const pref of [...byPreference.keys()].sort((x, y) => x - y)) {
    const level = byPreference.get(pref)!;
    const parts = o.preference === 'any' ? [level] : [level.filter((a) => a.family === (o.preference === 'ipv6' ? 6 : 4)), level.filter((a) => a.family !== (o.preference === 'ipv6' ? 6 : 4))];
    for (const part of parts) {
      // IPv6 listed first as one possible order; `any` shuffles them
      const sorted = [...part].sort((x, y) => y.family - x.family);
      const group = sorted.length > 1 ? o.nextGroup() : undefined;
      for (const a of sorted) ordered.push(group !== undefined ? { ...a, randomGroup: group } : a);
    }
  }
  if (o.preference === 'any' && o.families.length === 2 && known.some((a) => a.family === 6) && known.some((a) => a.family === 4)) {
    notes.push('smtp_address_preference = any: Postfix picks IPv4 or IPv6 first at random among equal preferences; both orders are possible');
  }
  return { kind: 'addresses', addresses: ordered, notes, uncertain };
}

/** smtp_mx_address_limit (0 = none); smtp_balance_inet_protocols keeps one address of each family. */
export function limitAddresses(addresses: HostAddress[], limit: number, balance: boolean): HostAddress[] {
  if (limit <= 0 || addresses.length <= limit) return addresses;
  const kept = addresses.slice(0, limit);
  if (balance) {
    for (const f of [4, 6] as const) {
      if (kept.some((a) => a.family === f)) continue;
      const missing = addresses.find((a) => a.family === f);
      if (missing) kept[kept.length - 1] = missing;
    }
  }
  return kept;
}
