// The dnslookup router (spec chapter "The dnslookup router"; exim.md §2.4): MX, else the
// domain's own A/AAAA (implicit MX). It declines — and without `no_more` the next router gets
// the address — for NXDOMAIN, a null MX, MX hosts that do not exist or are IP literals, and when
// ignore_target_hosts removes every address (spec "Declining addresses by dnslookup").
import { resolveMailHosts, type MailHost } from '../../dns/mail-hosts.js';
import { findSetting, type DriverInstance } from '../config.js';
import { orderHostAddresses, type HostCandidate } from '../host-order.js';
import { matchList } from '../list-match.js';
import { readBoolean, readText } from '../options.js';
import { applySelfOption, readFamilyOptions, readRouterTransport } from './common.js';
import type { RoutedAddress, RouterContext, RouterDriver, RouterResult } from './types.js';

const NON_EXISTENT = 'all relevant MX records point to non-existent hosts';

export const dnslookupDriver: RouterDriver = {
  driver: 'dnslookup',
  async evaluate(router, address, ctx) {
    const transport = readRouterTransport(router, address, ctx.lists);
    if (!transport.known) return { kind: 'unknown', reason: `transport: ${transport.reason}` };
    const found = await resolveMailHosts(address.domain, ctx.resolver);
    switch (found.kind) {
      case 'nxdomain': {
        // widen_domains: Exim retries the lookup with each suffix appended and reroutes on success
        const widen = findSetting(router.settings, 'widen_domains');
        if (widen && widen.form === 'assign' && widen.value.trim() !== '') {
          return { kind: 'unknown', reason: `${address.domain} does not exist; widen_domains = ${widen.value} would retry it with those suffixes (not followed by mailleak)` };
        }
        return { kind: 'decline', reason: `DNS says ${found.message}` };
      }
      case 'null-mx':
        return { kind: 'decline', reason: `${address.domain} has a null MX: an MX or SRV record indicated no SMTP service` };
      case 'unknown':
        return {
          kind: 'unknown',
          reason: found.reason,
          likely: { kind: 'accept', transport: transport.value, hosts: { targets: [{ host: address.domain, family: 6 }, { host: address.domain, family: 4 }], uncertain: [found.reason], notes: [] }, reason: 'MX hosts not known', uncertain: [found.reason] },
        };
      case 'implicit-mx': {
        const mxOnly = readText(findSetting(router.settings, 'mx_domains'));
        if (mxOnly.known && mxOnly.value) {
          const m = matchList(mxOnly.value, 'domain', address.domain, ctx.lists);
          if (m.answer === 'yes') return { kind: 'decline', reason: `${address.domain} has no MX records and is in mx_domains` };
          if (m.answer === 'unknown') return { kind: 'unknown', reason: `mx_domains: ${m.reason}` };
        }
        return orderAndAccept(router, address, ctx, [toCandidate(found.host, false)], transport.value, false, found.notes);
      }
      case 'mx': {
        const allowIp = readBoolean(findSetting(ctx.config.main, 'allow_mx_to_ip'), false);
        const literals = found.hosts.filter((h) => h.addressLiteral);
        const usable = allowIp.known && allowIp.value ? found.hosts : found.hosts.filter((h) => !h.addressLiteral);
        return orderAndAccept(router, address, ctx, usable.map((h) => toCandidate(h, true)), transport.value, literals.length > 0, found.notes);
      }
    }
  },
};

function toCandidate(host: MailHost, fromMx: boolean): HostCandidate {
  return { name: host.name, ...(fromMx ? { preference: host.preference } : {}), a: host.a, aaaa: host.aaaa };
}

function orderAndAccept(router: DriverInstance, address: RoutedAddress, ctx: RouterContext, hosts: HostCandidate[], transport: string | undefined, hadLiterals: boolean, dnsNotes: string[]): RouterResult {
  const family = readFamilyOptions(router);
  const ignore = readText(findSetting(router.settings, 'ignore_target_hosts'));
  const uncertain = [...family.uncertain];
  if (!ignore.known) uncertain.push(`router ${router.name}: ignore_target_hosts ${ignore.reason}`);
  const ordered = orderHostAddresses(hosts, {
    ipv4Only: family.ipv4Only,
    ipv4Prefer: family.ipv4Prefer,
    ipv6: ctx.ipv6,
    ...(ignore.known && ignore.value ? { ignoreTargetHosts: ignore.value } : {}),
    lists: ctx.lists,
  });
  uncertain.push(...ordered.uncertain);
  if (ordered.targets.length === 0) {
    const why = hadLiterals ? `${NON_EXISTENT} or (invalidly) to IP addresses` : NON_EXISTENT;
    const detail = ordered.ignored.length > 0 ? ` (ignore_target_hosts removed ${ordered.ignored.join(', ')})` : '';
    return { kind: 'decline', reason: `${why}${detail}` };
  }
  const accept: RouterResult = {
    kind: 'accept',
    transport,
    hosts: { targets: ordered.targets, uncertain, notes: [...dnsNotes, ...ordered.notes] },
    reason: `${address.domain}: ${ordered.targets.length} address(es) from ${hosts.some((h) => h.preference !== undefined) ? 'MX records' : 'the domain itself (implicit MX)'}`,
    uncertain,
  };
  return applySelfOption(router, ordered.targets, accept);
}
