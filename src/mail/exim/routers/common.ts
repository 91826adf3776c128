// Helpers shared by the router drivers: the transport option, ipv4_only/ipv4_prefer, and the
// "is this address the local host" check behind the `self` option.
import { isLoopback, parseIp } from '../../../firewall/address.js';
import { findSetting, type DriverInstance } from '../config.js';
import { readExpandedTruth, readText, type Known } from '../options.js';
import { buildExpandContext } from '../expand/context.js';
import { expandOption } from '../expand/option.js';
import type { ListContext } from '../list-context.js';
import type { RoutedAddress, RouterResult, TargetAddress } from './types.js';

/** The router's `transport` option, expanded for the address (spec: the transport option is expanded). */
export function readRouterTransport(router: DriverInstance, address: RoutedAddress, lists: ListContext): Known<string | undefined> {
  const setting = findSetting(router.settings, 'transport');
  const plain = readText(setting);
  if (plain.known || !setting) return plain;
  const v = expandOption(setting, buildExpandContext(lists, { domain: address.domain, localPart: address.localPart, routerName: router.name }));
  switch (v.kind) {
    case 'text': return { known: true, value: v.text.trim() };
    case 'unset': case 'forced-fail': return { known: true, value: undefined };
    case 'error': return { known: false, reason: `transport = ${setting.value}: the expansion fails (${v.message})` };
    case 'unknown': return { known: false, reason: v.reason };
  }
}

export interface FamilyOptions {
  ipv4Only: boolean;
  ipv4Prefer: boolean;
  uncertain: string[];
}

/** ipv4_only / ipv4_prefer (expanded booleans, Exim ≥ 4.91); an expansion counts as "unset" plus a note. */
export function readFamilyOptions(router: DriverInstance): FamilyOptions {
  const uncertain: string[] = [];
  const read = (name: string): boolean => {
    const v = readExpandedTruth(findSetting(router.settings, name), false);
    if (v.known) return v.value;
    uncertain.push(`router ${router.name}: ${v.reason}; assumed false`);
    return false;
  };
  return { ipv4Only: read('ipv4_only'), ipv4Prefer: read('ipv4_prefer'), uncertain };
}

/** Loopback addresses are always local; other local interface addresses are not known here. */
export function isLoopbackText(address: string | undefined): boolean {
  const parsed = address === undefined ? undefined : parseIp(address);
  return parsed !== undefined && isLoopback(parsed);
}

/**
 * The `self` option (spec generic option `self`; rf_self_action.c) when the first host is the
 * local host. Only loopback addresses are recognised as local: mailleak does not know the
 * server's other interface addresses.
 */
export function applySelfOption(router: DriverInstance, targets: TargetAddress[], accept: RouterResult): RouterResult {
  if (!isLoopbackText(targets[0]?.address)) return accept;
  const self = (readText(findSetting(router.settings, 'self')).known ? (findSetting(router.settings, 'self')?.value ?? 'freeze') : 'freeze').trim();
  const message = 'lowest numbered MX record points to local host';
  const action = self.split(/[\s:]/)[0]!;
  switch (action) {
    case 'send':
      return accept;
    case 'pass':
      return { kind: 'pass', reason: `${message} (self = pass)` };
    case 'fail':
      return { kind: 'fail', message, reason: 'self = fail' };
    case 'reroute':
      return { kind: 'unknown', reason: `self = ${self}: the address is rerouted to another domain (not followed by mailleak)` };
    default:
      return { kind: 'defer', message, reason: `self = ${self}` };
  }
}
