// From trivial-rewrite's answer to what the delivery agent does: error(8) refuses, discard(8)
// drops, local/virtual/pipe deliver here, smtp(8) connects to the next hops' addresses (with
// the service's -o overrides: inet_protocols, smtp_address_preference, bind addresses,
// smtp_fallback_relay tried after a temporary failure), as the mail_owner user unless the
// service is privileged.
import type { Family } from '../../firewall/model.js';
import type { Resolver } from '../dns/resolver.js';
import type { UnorderedAttempt } from '../plan-attempts.js';
import type { PlanPath } from '../plan-path.js';
import { limitAddresses, lookUpDestination, type HostAddress } from './hosts.js';
import type { MasterCf } from './master-cf.js';
import { readNexthops, readPort } from './nexthop.js';
import { expandParam, isYes, splitList, type ParamSource } from './params.js';
import type { Resolution } from './resolve.js';
import { chooseService } from './service.js';

export interface DeliveryContext {
  src: ParamSource;
  master?: MasterCf;
  resolver: Resolver;
  uid?: number;
  gid?: number;
  nextGroup: () => number;
}

export async function deliver(res: Resolution, ctx: DeliveryContext): Promise<PlanPath> {
  const base = { router: res.nexthopFrom, transport: res.transport, steps: res.steps, assumptions: res.assumptions, uncertain: [...res.uncertain], notes: [...res.notes] };
  const end = (outcome: PlanPath['outcome'], reason: string, attempts: UnorderedAttempt[] = []): PlanPath => ({ ...base, outcome, reason, attempts, ...(outcome === 'refused' || outcome === 'defer' ? { router: res.transportFrom } : {}) });
  const service = chooseService(res.transport, ctx.master);
  if (!service) {
    return ctx.master
      ? end('defer', `transport ${res.transport} (from ${res.transportFrom}) is not a service in master.cf: Postfix defers the mail ("mail transport unavailable")`)
      : end('unknown', `transport ${res.transport} (from ${res.transportFrom}) is not a stock Postfix service and master.cf was not given`);
  }
  if (service.assumed) base.notes.push(service.assumed);
  switch (service.kind) {
    case 'error':
      return end('refused', `${res.transportFrom}: error:${res.nexthop}`);
    case 'retry':
      return end('defer', `${res.transportFrom}: retry:${res.nexthop} (the mail stays queued)`);
    case 'discard':
      return end('refused', `${res.transportFrom}: discard:${res.nexthop} (the mail is thrown away, not delivered)`);
    case 'local':
      return end('local', `transport ${res.transport} (${service.command}) delivers on this server: no network connection`);
    case 'lmtp':
      if (!/^inet:/.test(res.nexthop)) return end('local', `transport ${res.transport} (lmtp) delivers to ${res.nexthop || 'a local socket'}`);
      break;
    case 'unknown':
      return end('unknown', `transport ${res.transport} runs ${service.command || 'an unknown program'}, which mailleak does not model`);
    case 'smtp':
      break;
  }
  const src: ParamSource = { ...ctx.src, overrides: service.overrides };
  const param = (name: string): string => expandParam(name, src).value.trim();
  const families = readFamilies(param('inet_protocols'));
  const prefText = param('smtp_address_preference').toLowerCase();
  const preference = prefText === 'ipv4' || prefText === 'ipv6' ? prefText : 'any';
  // LMTP destinations are never looked up for MX (smtp(8) "LMTP SERVER LOOKUP")
  const dns = service.kind !== 'lmtp' && !(param('smtp_dns_support_level') === 'disabled' || (param('smtp_dns_support_level') === '' && isYes(param('disable_dns_lookups'))));
  const port = service.kind === 'lmtp' ? 24 : readPort(param('smtp_tcp_port')) ?? 25;
  const limit = Number(param('smtp_mx_address_limit')) || 0;
  const balance = isYes(param('smtp_balance_inet_protocols'));
  const protocol = isYes(param('smtp_tls_wrappermode')) ? 'smtps' as const : 'smtp' as const;
  const bind = bindAddresses(param('smtp_bind_address'), param('smtp_bind_address6'), param('inet_interfaces'));
  const uid = service.privileged ? 0 : ctx.uid;
  const gid = service.privileged ? 0 : ctx.gid;
  if (service.privileged) base.notes.push(`master.cf runs ${service.name} privileged (unpriv = n): its connections are made as root`);
  if (param('inet_protocols') === 'all') base.notes.push('inet_protocols = all: IPv4 and IPv6 assumed enabled (the host has IPv6)');
  const toAttempt = (a: HostAddress, router: string, fallback: boolean): UnorderedAttempt => ({
    host: a.host, ...(a.preference !== undefined ? { preference: a.preference } : {}), ...(a.address !== undefined ? { address: a.address } : {}),
    family: a.family, port: a.port, protocol, ...(bind[a.family] ? { interface: bind[a.family]! } : {}),
    ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}), ...(fallback ? { fallback: true } : {}),
    ...(a.randomGroup !== undefined ? { randomGroup: a.randomGroup } : {}), router, transport: service.name,
  });
  const hostOptions = { resolver: ctx.resolver, families, preference: preference as 'any' | 'ipv4' | 'ipv6', dns, nextGroup: ctx.nextGroup };
  const attempts: UnorderedAttempt[] = [];
  const hops = readNexthops(res.nexthop.replace(/^inet:/, ''), port);
  for (const u of hops.unknown) base.uncertain.push(`next hop ${u} (from ${res.nexthopFrom}) is not understood`);
  let bounce: string | undefined;
  for (const d of hops.destinations) {
    const found = await lookUpDestination(d, hostOptions);
    if (found.kind === 'bounce') bounce ??= found.reason;
    if (found.kind === 'unknown') base.uncertain.push(`${d.text}: ${found.reason}`);
    if (found.kind !== 'addresses') continue;
    base.notes.push(...found.notes);
    base.uncertain.push(...found.uncertain);
    const kept = limitAddresses(found.addresses, limit, balance);
    if (kept.length < found.addresses.length) base.notes.push(`smtp_mx_address_limit = ${limit}: ${found.addresses.length - kept.length} of ${found.addresses.length} addresses of ${d.host} are not tried`);
    attempts.push(...kept.map((a) => toAttempt(a, res.nexthopFrom, false)));
  }
  // used after a temporary failure of the main hosts, a firewall DROP or REJECT included, and
  // also when the destination is not found: smtp(8) does not give up after a hard host lookup
  // error (NXDOMAIN, null MX) until it has tried the fallback relays (smtp_connect.c; seen with
  // Postfix 3.7 in the postfix tier)
  const fallback = splitList(param('smtp_fallback_relay')).join(' ');
  const fallbackUsed = fallback !== '' && service.kind === 'smtp';
  if (attempts.length === 0 && bounce !== undefined && hops.destinations.length === 1 && !fallbackUsed) return end('refused', bounce);
  if (bounce !== undefined && fallbackUsed) base.notes.push(`${bounce.replace(/: Postfix bounces.*$/, '')}: Postfix hands the mail to smtp_fallback_relay instead of bouncing it`);
  if (fallbackUsed) {
    const relays = readNexthops(fallback, port);
    for (const u of relays.unknown) base.uncertain.push(`smtp_fallback_relay item ${u} is not understood`);
    for (const d of relays.destinations) {
      const found = await lookUpDestination(d, hostOptions);
      if (found.kind === 'unknown') base.uncertain.push(`smtp_fallback_relay ${d.text}: ${found.reason}`);
      if (found.kind === 'addresses') attempts.push(...found.addresses.map((a) => toAttempt(a, 'smtp_fallback_relay', true)));
    }
  }
  if (attempts.length === 0) return { ...end(base.uncertain.length > 0 ? 'unknown' : 'defer', `no address is known for ${res.nexthop}`) };
  return end('remote', `service ${res.transport} (smtp(8)) connects to ${res.nexthop}, the next hop from ${res.nexthopFrom}`, attempts);
}

function readFamilies(value: string): Family[] {
  const items = splitList(value.toLowerCase());
  if (items.includes('all')) return [4, 6];
  const out: Family[] = [];
  if (items.includes('ipv4')) out.push(4);
  if (items.includes('ipv6')) out.push(6);
  return out.length > 0 ? out : [4, 6];
}

/** smtp_bind_address(6); else the one non-loopback inet_interfaces address of a family (postconf(5)). */
function bindAddresses(v4: string, v6: string, interfaces: string): Partial<Record<Family, string>> {
  const items = splitList(interfaces).filter((i) => !/^(all|loopback-only|localhost|127\.|::1$|\[::1\])/i.test(i)).map((i) => i.replace(/^\[|\]$/g, ''));
  const only = (f: 4 | 6): string | undefined => {
    const of = items.filter((i) => (f === 4 ? /^\d+\.\d+\.\d+\.\d+$/.test(i) : i.includes(':')));
    return of.length === 1 ? of[0] : undefined;
  };
  const out: Partial<Record<Family, string>> = {};
  const b4 = v4 || only(4);
  const b6 = v6 || only(6);
  if (b4) out[4] = b4;
  if (b6) out[6] = b6;
  return out;
}
