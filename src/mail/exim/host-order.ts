// The order in which Exim tries a host list's IP addresses (host.c set_address_from_dns() and
// host_find_bydns(); exim.md §3.2, verified with Exim 4.96 in exim-samples/bt-leak-*.txt):
// per host all AAAA before all A (A first with ipv4_prefer; no AAAA with ipv4_only,
// disable_ipv6 or a dns_ipv4_lookup match), ignore_target_hosts applied per address, then one
// pass that moves IPv6 ahead of IPv4 inside one MX preference, across host names. Within a
// family and among equal MX preferences Exim randomises; mailleak keeps the DNS answer's order.
import type { Family } from '../../firewall/model.js';
import type { Lookup } from '../dns/resolver.js';
import { matchList, type ListContext } from './list-match.js';
import type { Ipv6Policy, RoutedHosts, TargetAddress } from './routers/types.js';

export interface HostCandidate {
  name: string;
  /** MX preference; undefined for a host not found through MX (Exim's MX_NONE) */
  preference?: number;
  port?: number;
  a: Lookup<string>;
  aaaa: Lookup<string>;
}

export interface OrderOptions {
  ipv4Only: boolean;
  ipv4Prefer: boolean;
  ipv6: Ipv6Policy;
  /** the router's ignore_target_hosts host list */
  ignoreTargetHosts?: string;
  lists: ListContext;
}

export interface OrderedHosts extends RoutedHosts {
  /** hosts whose name has no address records at all (Exim: "non-existent host") */
  missing: string[];
  /** addresses removed by ignore_target_hosts */
  ignored: string[];
}

/** Orders the addresses of the hosts found by one lookup (one MX lookup, or one host name). */
export function orderHostAddresses(hosts: HostCandidate[], options: OrderOptions): OrderedHosts {
  const out: OrderedHosts = { targets: [], uncertain: [], notes: [], missing: [], ignored: [] };
  for (const host of hosts) {
    const families = familiesToLookUp(host.name, options, out);
    const before = out.targets.length;
    let anyRecord = false;
    for (const family of families) {
      const lookup = family === 6 ? host.aaaa : host.a;
      anyRecord = addLookup(host, family, lookup, options, out) || anyRecord;
    }
    if (!anyRecord && out.targets.length === before) out.missing.push(host.name);
  }
  if (!options.ipv6.disableIpv6) moveFamilyFirstWithinPreference(out.targets, options.ipv4Prefer ? 4 : 6);
  out.targets = removeDuplicateAddresses(out.targets);
  return out;
}

function familiesToLookUp(name: string, options: OrderOptions, out: OrderedHosts): Family[] {
  if (options.ipv6.disableIpv6 || options.ipv4Only) return [4];
  const v4Lookup = options.ipv6.ipv4LookupDomains;
  if (v4Lookup !== undefined && v4Lookup.trim() !== '') {
    const m = matchList(v4Lookup, 'domain', name, options.lists);
    if (m.answer === 'yes') return [4];
    if (m.answer === 'unknown') out.uncertain.push(`dns_ipv4_lookup may suppress the AAAA lookup for ${name}: ${m.reason}`);
  }
  return options.ipv4Prefer ? [4, 6] : [6, 4];
}

/** Adds one family's addresses; true when the name has records of that family (even if ignored). */
function addLookup(host: HostCandidate, family: Family, lookup: Lookup<string>, options: OrderOptions, out: OrderedHosts): boolean {
  const base = { host: host.name, family, ...(host.preference !== undefined ? { preference: host.preference } : {}), ...(host.port !== undefined ? { port: host.port } : {}) };
  switch (lookup.status) {
    case 'ok':
      for (const address of lookup.records) {
        if (isIgnored(address, options, out)) continue;
        out.targets.push({ ...base, address });
      }
      for (const note of lookup.notes) if (!out.notes.includes(note)) out.notes.push(note);
      return lookup.records.length > 0;
    case 'nodata':
    case 'nxdomain':
      return false;
    case 'servfail':
    case 'timeout':
    case 'unknown':
      out.targets.push(base);
      out.uncertain.push(`IPv${family} addresses of ${host.name} are not known: ${lookup.message}`);
      return true;
  }
}

function isIgnored(address: string, options: OrderOptions, out: OrderedHosts): boolean {
  if (!options.ignoreTargetHosts) return false;
  const m = matchList(options.ignoreTargetHosts, 'host', address, options.lists);
  switch (m.answer) {
    case 'yes':
      out.ignored.push(address);
      return true;
    case 'no':
      return false;
    case 'unknown':
      out.uncertain.push(`ignore_target_hosts may remove ${address}: ${m.reason}`);
      return false;
  }
}

/** Exim's single forward swap pass ("within a single MX preference value, IPv6 addresses come first"). */
function moveFamilyFirstWithinPreference(targets: TargetAddress[], first: Family): void {
  for (let i = 0; i + 1 < targets.length; i++) {
    const h = targets[i]!;
    const next = targets[i + 1]!;
    if (h.preference !== next.preference) continue;
    if (h.family === first || next.family !== first) continue;
    targets[i] = next;
    targets[i + 1] = h;
  }
}

function removeDuplicateAddresses(targets: TargetAddress[]): TargetAddress[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    if (t.address === undefined) return true;
    const key = `${t.address}|${t.port ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
