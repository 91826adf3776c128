// The manualroute router (spec chapter "The manualroute router"; exim.md §2.5): the first
// route_list rule whose domain pattern matches gives the hosts (or route_data does); no
// matching rule ⇒ decline. Host lookups that fail follow host_find_failed (default freeze,
// which defers), addresses all removed by ignore_target_hosts follow host_all_ignored.
import { findSetting, type DriverInstance } from '../config.js';
import { lookUpHostItem } from '../host-lookup.js';
import { orderHostAddresses, type OrderOptions } from '../host-order.js';
import { matchList } from '../list-match.js';
import { splitList } from '../list-split.js';
import { buildExpandContext } from '../expand/context.js';
import { expandOption } from '../expand/option.js';
import { hasExpansion, readText } from '../options.js';
import { readHostItem, readRouteData, readRouteRule, splitRouteList, type HostItem } from '../route-list.js';
import { applySelfOption, readRouterTransport } from './common.js';
import type { RoutedAddress, RouterContext, RouterDriver, RouterResult, TargetAddress } from './types.js';

export const manualrouteDriver: RouterDriver = {
  driver: 'manualroute',
  async evaluate(router, address, ctx) {
    const transport = readRouterTransport(router, address, ctx.lists);
    if (!transport.known) return { kind: 'unknown', reason: `transport: ${transport.reason}` };
    const data = findSetting(router.settings, 'route_data');
    if (data) {
      const v = expandOption(data, buildExpandContext(ctx.lists, { domain: address.domain, localPart: address.localPart, routerName: router.name }));
      switch (v.kind) {
        case 'forced-fail':
          return { kind: 'decline', reason: `route_data = ${data.value}: the expansion is forced to fail` };
        case 'error':
          return { kind: 'unknown', reason: `route_data = ${data.value}: the expansion fails (${v.message}); Exim defers the address` };
        case 'unknown':
          return { kind: 'unknown', reason: v.reason };
        case 'unset':
        case 'text':
          break;
      }
      const rule = readRouteData(v.kind === 'text' ? v.text : '');
      if (!rule) return { kind: 'decline', reason: 'route_data is empty' };
      return routeTo(router, address, ctx, rule.hostList, rule.options, transport.value, 'route_data');
    }
    const list = findSetting(router.settings, 'route_list');
    if (!list) return { kind: 'decline', reason: 'neither route_list nor route_data is set' };
    for (const text of splitRouteList(list.value)) {
      const rule = readRouteRule(text);
      if (!rule) continue;
      const m = matchList(rule.pattern, 'domain', address.domain, ctx.lists);
      if (m.answer === 'no') continue;
      if (m.answer === 'unknown') return { kind: 'unknown', reason: `route_list rule "${text}": ${m.reason}` };
      if (hasExpansion(rule.hostList)) return { kind: 'unknown', reason: `route_list rule "${text}": the host list needs a string expansion` };
      return routeTo(router, address, ctx, rule.hostList, rule.options, transport.value, `route_list rule "${text}"`);
    }
    return { kind: 'decline', reason: `no route_list rule matches ${address.domain}` };
  },
};

async function routeTo(router: DriverInstance, address: RoutedAddress, ctx: RouterContext, hostList: string, options: string[], routerTransport: string | undefined, why: string): Promise<RouterResult> {
  const ruleTransport = options.find((o) => ctx.config.transports.some((t) => t.name === o));
  const ignore = readText(findSetting(router.settings, 'ignore_target_hosts'));
  const orderOptions: OrderOptions = {
    ipv4Only: options.includes('ipv4_only'),
    ipv4Prefer: options.includes('ipv4_prefer'),
    ipv6: ctx.ipv6,
    ...(ignore.known && ignore.value ? { ignoreTargetHosts: ignore.value } : {}),
    lists: ctx.lists,
  };
  const targets: TargetAddress[] = [];
  const uncertain: string[] = [];
  const notes: string[] = [];
  if (options.includes('randomize')) notes.push(`${router.name}: hosts are tried in random order (randomize)`);
  if (options.includes('byname')) notes.push(`${router.name}: byname lookups use the system resolver (/etc/hosts may differ from DNS)`);
  for (const raw of splitList(hostList)) {
    const item = readHostItem(raw);
    if (!item) continue;
    const candidates = await lookUpHostItem(item, ctx.resolver);
    if (candidates === 'failed') {
      const failed = hostFindFailed(router, item, uncertain);
      if (failed) return failed;
      continue;
    }
    const ordered = orderHostAddresses(candidates, orderOptions);
    uncertain.push(...ordered.uncertain);
    notes.push(...ordered.notes);
    if (ordered.missing.length === candidates.length && ordered.targets.length === 0 && ordered.ignored.length === 0) {
      const failed = hostFindFailed(router, item, uncertain);
      if (failed) return failed;
      continue;
    }
    targets.push(...ordered.targets);
  }
  if (targets.length === 0) {
    const action = findSetting(router.settings, 'host_all_ignored')?.value.trim() ?? 'defer';
    return actionResult(action, `all hosts for ${address.domain} were ignored or not found (host_all_ignored = ${action})`, router);
  }
  const accept: RouterResult = {
    kind: 'accept',
    transport: ruleTransport ?? routerTransport,
    hosts: { targets, uncertain, notes },
    reason: `${why} matches ${address.domain}`,
    uncertain,
  };
  return applySelfOption(router, targets, accept);
}

/** host_find_failed (default freeze): what a host that cannot be found does to the routing. */
function hostFindFailed(router: DriverInstance, item: HostItem, uncertain: string[]): RouterResult | undefined {
  const action = findSetting(router.settings, 'host_find_failed')?.value.trim() ?? 'freeze';
  const name = item.kind === 'literal' ? item.address : item.name;
  if (action === 'ignore') {
    uncertain.push(`${router.name}: host ${name} not found; ignored (host_find_failed = ignore)`);
    return undefined;
  }
  return actionResult(action, `lookup of host "${name}" failed in ${router.name} router`, router);
}

function actionResult(action: string, message: string, router: DriverInstance): RouterResult {
  switch (action) {
    case 'decline':
      return { kind: 'decline', reason: message };
    case 'fail':
      return { kind: 'fail', message, reason: message };
    case 'pass':
      return { kind: 'pass', reason: message };
    case 'defer':
    case 'freeze':
      return { kind: 'defer', message, reason: `${message} (${action})` };
    default:
      return { kind: 'unknown', reason: `${router.name}: "${action}" is not a host_find_failed/host_all_ignored value mailleak knows` };
  }
}
