// What a transport means for the network (spec chapters "The smtp transport", "Generic options
// for transports"): the smtp driver connects to hosts on a port; appendfile, pipe, autoreply and
// lmtp deliver on the server itself.
import type { Family } from '../../firewall/model.js';
import { findSetting, type DriverInstance, type EximConfig } from './config.js';
import { splitList } from './list-split.js';
import { hasExpansion, readBoolean, readInteger, readText } from './options.js';

export type TransportInfo =
  | {
      kind: 'smtp';
      name: string;
      port: number;
      protocol: 'smtp' | 'smtps';
      /** the transport's own `hosts` list text, if any */
      hosts?: string;
      hostsOverride: boolean;
      fallbackHosts?: string;
      maxTry: number;
      hardLimit: number;
      randomize: boolean;
      /** source address for each family, from `interface` */
      interfaceFor: (family: Family) => string | undefined;
      uncertain: string[];
      notes: string[];
    }
  | { kind: 'local'; name: string; driver: string }
  | { kind: 'unknown'; name: string; reason: string };

const LOCAL_DRIVERS = new Set(['appendfile', 'pipe', 'autoreply', 'lmtp']);
// /etc/services names Exim accepts for `port`
const SERVICES: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, submissions: 465, urd: 465, lmtp: 24 };

export function describeTransport(config: EximConfig, name: string): TransportInfo {
  const t = config.transports.find((x) => x.name === name);
  if (!t) return { kind: 'unknown', name, reason: `no transport named "${name}" in the configuration` };
  if (t.driver === 'smtp') return describeSmtp(t);
  if (t.driver && LOCAL_DRIVERS.has(t.driver)) return { kind: 'local', name, driver: t.driver };
  return { kind: 'unknown', name, reason: `transport ${name} uses driver "${t.driver ?? '(none)'}", which mailleak does not know` };
}

function describeSmtp(t: DriverInstance): TransportInfo {
  const uncertain: string[] = [];
  const notes: string[] = [];
  const protocolText = readText(findSetting(t.settings, 'protocol'));
  const protocolName = protocolText.known ? (protocolText.value ?? 'smtp').toLowerCase() : 'smtp';
  if (!protocolText.known) uncertain.push(`transport ${t.name}: protocol ${protocolText.reason}`);
  const tls = protocolName === 'smtps' || protocolName === 'submissions';
  if (protocolName === 'lmtp') notes.push(`transport ${t.name} speaks LMTP over TCP`);
  // the default port follows the protocol (smtp 25, smtps 465, lmtp 24)
  let port = SERVICES[protocolName] ?? 25;
  const portText = readText(findSetting(t.settings, 'port'));
  if (!portText.known) uncertain.push(`transport ${t.name}: port ${portText.reason}; assumed ${port}`);
  else if (portText.value) {
    const v = portText.value.trim();
    const n = /^\d+$/.test(v) ? Number(v) : SERVICES[v.toLowerCase()];
    if (n === undefined) uncertain.push(`transport ${t.name}: port "${v}" is not a number or a known service name; assumed ${port}`);
    else port = n;
  }
  const setting = (name: string) => {
    const s = findSetting(t.settings, name);
    return s && s.form === 'assign' && s.value.trim() !== '' ? s.value : undefined;
  };
  const bool = (name: string, fallback: boolean) => {
    const v = readBoolean(findSetting(t.settings, name), fallback);
    return v.known ? v.value : fallback;
  };
  const int = (name: string, fallback: number) => {
    const v = readInteger(findSetting(t.settings, name), fallback);
    if (!v.known) uncertain.push(`transport ${t.name}: ${name} ${v.reason}; assumed ${fallback}`);
    return v.known ? v.value : fallback;
  };
  const hosts = setting('hosts');
  const fallbackHosts = setting('fallback_hosts');
  const randomize = bool('hosts_randomize', false);
  if (randomize) notes.push(`transport ${t.name}: hosts_randomize shuffles the host list`);
  return {
    kind: 'smtp',
    name: t.name,
    port,
    protocol: tls ? 'smtps' : 'smtp',
    ...(hosts !== undefined ? { hosts } : {}),
    hostsOverride: bool('hosts_override', false),
    ...(fallbackHosts !== undefined ? { fallbackHosts } : {}),
    maxTry: int('hosts_max_try', 5),
    hardLimit: int('hosts_max_try_hardlimit', 50),
    randomize,
    interfaceFor: readInterface(t, uncertain),
    uncertain,
    notes,
  };
}

/**
 * `interface`: "The first interface of the correct type (IPv4 or IPv6) is used … If none of them
 * are the correct type, the option is ignored" (spec, smtp transport option `interface`).
 */
function readInterface(t: DriverInstance, uncertain: string[]): (family: Family) => string | undefined {
  const s = findSetting(t.settings, 'interface');
  if (!s || s.form !== 'assign' || s.value.trim() === '') return () => undefined;
  if (hasExpansion(s.value)) {
    uncertain.push(`transport ${t.name}: interface = ${s.value} needs a string expansion; the source address is not known`);
    return () => undefined;
  }
  const items = splitList(s.value);
  return (family) => items.find((i) => (family === 6 ? i.includes(':') : /^\d+\.\d+\.\d+\.\d+$/.test(i)));
}
