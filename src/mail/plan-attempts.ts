// From a router's decision to the connections the transport opens: which host list wins
// (hosts_override, router hosts, transport hosts), the port (host item, transport `port`,
// protocol default), hosts_max_try, then fallback_hosts (router's, else transport's), tried
// only after every main host failed (spec "The smtp transport"; exim.md §3.3).
import { findSetting, type DriverInstance } from './exim/config.js';
import type { RouterContext, RoutedHosts, TargetAddress } from './exim/routers/types.js';
import { describeTransport } from './exim/transport.js';
import { lookUpHostList } from './plan-hosts.js';
import type { EximIdentity } from './plan-user.js';
import type { DeliveryAttempt, DeliveryOutcome } from './types.js';

export type UnorderedAttempt = Omit<DeliveryAttempt, 'order'>;

export interface TransportPlan {
  outcome: DeliveryOutcome;
  attempts: UnorderedAttempt[];
  reason: string;
  uncertain: string[];
  notes: string[];
}

export async function planTransport(router: DriverInstance, transportName: string | undefined, routerHosts: RoutedHosts | undefined, ctx: RouterContext, identity: EximIdentity): Promise<TransportPlan> {
  if (transportName === undefined) {
    return { outcome: 'defer', attempts: [], reason: `router ${router.name} accepted the address but sets no transport`, uncertain: [], notes: [] };
  }
  const info = describeTransport(ctx.config, transportName);
  switch (info.kind) {
    case 'unknown':
      return { outcome: 'unknown', attempts: [], reason: info.reason, uncertain: [info.reason], notes: [] };
    case 'local':
      return { outcome: 'local', attempts: [], reason: `transport ${info.name} (${info.driver}) delivers on the server itself: no network connection`, uncertain: [], notes: [] };
    case 'smtp':
      break;
  }
  const uncertain = [...info.uncertain, ...(routerHosts?.uncertain ?? [])];
  const notes = [...info.notes, ...(routerHosts?.notes ?? [])];
  let main: TargetAddress[];
  let source: string;
  if (info.hosts !== undefined && (info.hostsOverride || !routerHosts)) {
    const looked = await lookUpHostList(info.hosts, `transport ${info.name} hosts`, ctx.resolver, ctx.ipv6, ctx.lists);
    main = looked.targets;
    uncertain.push(...looked.uncertain);
    notes.push(...looked.notes);
    source = info.hostsOverride ? `the transport's hosts (hosts_override)` : `the transport's hosts`;
  } else if (routerHosts) {
    main = routerHosts.targets;
    source = `router ${router.name}`;
  } else {
    return { outcome: 'defer', attempts: [], reason: `neither router ${router.name} nor transport ${info.name} gives any hosts`, uncertain, notes };
  }
  const limited = limitToMaxTry(main, info.maxTry, info.hardLimit);
  if (limited.length < main.length) notes.push(`hosts_max_try = ${info.maxTry}: ${main.length - limited.length} of ${main.length} addresses are not tried in one delivery`);
  const fallbackText = findSetting(router.settings, 'fallback_hosts')?.value.trim() || info.fallbackHosts;
  let fallback: TargetAddress[] = [];
  if (fallbackText) {
    const looked = await lookUpHostList(fallbackText, 'fallback_hosts', ctx.resolver, ctx.ipv6, ctx.lists);
    fallback = looked.targets;
    uncertain.push(...looked.uncertain);
    notes.push(...looked.notes);
  }
  const toAttempt = (t: TargetAddress, isFallback: boolean): UnorderedAttempt => {
    const source4or6 = info.interfaceFor(t.family);
    return {
      host: t.host,
      ...(t.preference !== undefined ? { preference: t.preference } : {}),
      ...(t.address !== undefined ? { address: t.address } : {}),
      family: t.family,
      port: t.port ?? info.port,
      protocol: info.protocol,
      ...(source4or6 !== undefined ? { interface: source4or6 } : {}),
      ...(identity.uid !== undefined ? { uid: identity.uid } : {}),
      ...(identity.gid !== undefined ? { gid: identity.gid } : {}),
      ...(isFallback ? { fallback: true } : {}),
      router: router.name,
      transport: info.name,
    };
  };
  const attempts = [...limited.map((t) => toAttempt(t, false)), ...fallback.map((t) => toAttempt(t, true))];
  if (attempts.length === 0) return { outcome: 'defer', attempts, reason: `no usable address from ${source}`, uncertain, notes };
  return { outcome: 'remote', attempts, reason: `transport ${info.name} connects to the hosts from ${source}`, uncertain, notes };
}

/**
 * hosts_max_try (default 5) counts IP addresses; once reached, Exim still tries the first address
 * of each higher MX preference, up to hosts_max_try_hardlimit (spec "How the limits for the
 * number of hosts to try are used"). Hosts not from MX stop at the limit.
 */
export function limitToMaxTry(targets: TargetAddress[], maxTry: number, hardLimit: number): TargetAddress[] {
  const kept: TargetAddress[] = [];
  let i = 0;
  while (i < targets.length && kept.length < hardLimit) {
    if (kept.length >= maxTry) {
      const last = kept[kept.length - 1]!;
      if (last.preference === undefined) break;
      while (i < targets.length && targets[i]!.preference === last.preference) i++;
      if (i >= targets.length) break;
    }
    kept.push(targets[i]!);
    i++;
  }
  return kept;
}
