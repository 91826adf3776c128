// Looking up one host item of a manualroute rule, a transport's `hosts` or `fallback_hosts`:
// an address literal as is, a name by its A and AAAA records, `name/MX` by its MX hosts.
// 'failed' means the name has no such records (what host_find_failed is about).
import { ipFamily } from '../../firewall/address.js';
import { resolveMailHosts } from '../dns/mail-hosts.js';
import type { Lookup, Resolver } from '../dns/resolver.js';
import type { HostCandidate } from './host-order.js';
import type { HostItem } from './route-list.js';

export async function lookUpHostItem(item: HostItem, resolver: Resolver): Promise<HostCandidate[] | 'failed'> {
  const port = item.port !== undefined ? { port: item.port } : {};
  switch (item.kind) {
    case 'literal': {
      const given: Lookup<string> = { status: 'ok', records: [item.address], notes: [] };
      const none: Lookup<string> = { status: 'nodata', message: 'an address literal' };
      const v6 = ipFamily(item.address) === 6;
      return [{ name: item.address, ...port, a: v6 ? none : given, aaaa: v6 ? given : none }];
    }
    case 'name': {
      const [a, aaaa] = await Promise.all([resolver.resolveA(item.name), resolver.resolveAaaa(item.name)]);
      return [{ name: item.name, ...port, a, aaaa }];
    }
    case 'mx': {
      const found = await resolveMailHosts(item.name, resolver);
      switch (found.kind) {
        case 'mx':
          return found.hosts.filter((h) => !h.addressLiteral).map((h) => ({ name: h.name, preference: h.preference, ...port, a: h.a, aaaa: h.aaaa }));
        case 'unknown': {
          const unknown: Lookup<string> = { status: 'unknown', message: found.reason };
          return [{ name: item.name, ...port, a: unknown, aaaa: unknown }];
        }
        case 'implicit-mx':
        case 'null-mx':
        case 'nxdomain':
          return 'failed';
      }
    }
  }
}
