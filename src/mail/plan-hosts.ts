// Host lists a transport supplies itself (`hosts`, `fallback_hosts`): looked up for A and AAAA
// regardless of the router's ipv4_only/ipv4_prefer (smtp.c uses HOST_FIND_BY_A|BY_AAAA); only
// disable_ipv6 and dns_ipv4_lookup remove AAAA there (exim.md §3.1).
import type { Resolver } from './dns/resolver.js';
import { lookUpHostItem } from './exim/host-lookup.js';
import { orderHostAddresses } from './exim/host-order.js';
import type { ListContext } from './exim/list-match.js';
import { splitList } from './exim/list-split.js';
import { hasExpansion } from './exim/options.js';
import { readHostItem } from './exim/route-list.js';
import type { Ipv6Policy, RoutedHosts } from './exim/routers/types.js';

export async function lookUpHostList(listText: string, what: string, resolver: Resolver, ipv6: Ipv6Policy, lists: ListContext): Promise<RoutedHosts> {
  const out: RoutedHosts = { targets: [], uncertain: [], notes: [] };
  if (hasExpansion(listText)) {
    out.uncertain.push(`${what} = ${listText} needs a string expansion; its hosts are not known`);
    return out;
  }
  for (const raw of splitList(listText)) {
    const item = readHostItem(raw);
    if (!item) continue;
    const candidates = await lookUpHostItem(item, resolver);
    if (candidates === 'failed') {
      out.notes.push(`${what}: ${raw} has no address records; Exim skips it`);
      continue;
    }
    const ordered = orderHostAddresses(candidates, { ipv4Only: false, ipv4Prefer: false, ipv6, lists });
    out.targets.push(...ordered.targets);
    out.uncertain.push(...ordered.uncertain);
    out.notes.push(...ordered.notes);
    for (const name of ordered.missing) out.notes.push(`${what}: ${name} has no address records; Exim skips it`);
  }
  return out;
}
