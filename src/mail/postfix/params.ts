// Parameter values as Postfix sees them: main.cf's setting, else the built-in default (Postfix
// 3.7, postconf -d; shared/reference/postfix-nftables.md §1), with `$name`, `${name}`,
// `$(name)`, `${name?text}` and `${name:text}` expanded (postconf(5) "syntax"). A parameter that
// depends on the machine (myhostname) and is not set stays unexpanded and is reported unknown.
import type { MainCf } from './main-cf.js';

const DEFAULTS: Record<string, string> = {
  mydomain: '${myhostname_parent}',
  myorigin: '$myhostname',
  mydestination: '$myhostname, localhost.$mydomain, localhost',
  relay_domains: '',
  default_transport: 'smtp',
  relay_transport: 'relay',
  local_transport: 'local:$myhostname',
  virtual_transport: 'virtual',
  relayhost: '',
  transport_maps: '',
  sender_dependent_relayhost_maps: '',
  sender_dependent_default_transport_maps: '',
  fallback_relay: '',
  smtp_fallback_relay: '$fallback_relay',
  inet_protocols: 'all',
  inet_interfaces: 'all',
  smtp_address_preference: 'any',
  smtp_mx_address_limit: '5',
  smtp_balance_inet_protocols: 'yes',
  smtp_bind_address: '',
  smtp_bind_address6: '',
  smtp_tls_wrappermode: 'no',
  smtp_dns_support_level: '',
  disable_dns_lookups: 'no',
  smtp_tcp_port: 'smtp',
  mail_owner: 'postfix',
  parent_domain_matches_subdomains: 'debug_peer_list,fast_flush_domains,mynetworks,permit_mx_backup_networks,qmqpd_authorized_clients,relay_domains,smtpd_access_maps',
  virtual_maps: '',
  virtual_alias_maps: '$virtual_maps',
  virtual_alias_domains: '$virtual_alias_maps',
  virtual_mailbox_maps: '',
  virtual_mailbox_domains: '$virtual_mailbox_maps',
  recipient_delimiter: '',
  address_verify_relayhost: '$relayhost',
  address_verify_transport_maps: '$transport_maps',
  address_verify_default_transport: '$default_transport',
  address_verify_relay_transport: '$relay_transport',
  address_verify_local_transport: '$local_transport',
  address_verify_virtual_transport: '$virtual_transport',
  address_verify_sender_dependent_relayhost_maps: '$sender_dependent_relayhost_maps',
  address_verify_sender_dependent_default_transport_maps: '$sender_dependent_default_transport_maps',
  // smtpd's restriction lists are empty by default except these (postconf -d, Postfix 3.7)
  smtpd_relay_restrictions: 'permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination',
  smtpd_recipient_restrictions: '',
  config_directory: '/etc/postfix',
};

export interface Expanded {
  value: string;
  /** parameters the value needs that are not known (myhostname when not set) */
  unknown: string[];
}

/** What mailleak reads a parameter from: main.cf (or postconf output), service overrides, the host name. */
export interface ParamSource {
  main: MainCf;
  /** master.cf `-o` overrides of the service in question (smtp(8) parameters only) */
  overrides?: Map<string, string>;
  /** the server's host name when known (a bundle's header, live): myhostname's default */
  hostname?: string;
}

/** The raw value (not expanded), or undefined for a machine-dependent parameter nobody set. */
export function rawParam(name: string, src: ParamSource): string | undefined {
  const over = src.overrides?.get(name);
  if (over !== undefined) return over;
  const set = src.main.params.get(name);
  if (set) return set.value;
  if (name === 'myhostname') return src.hostname;
  if (name === 'myhostname_parent') {
    const host = rawParam('myhostname', src);
    return host === undefined || host.includes('$') ? undefined : host.includes('.') ? host.slice(host.indexOf('.') + 1) : 'localdomain';
  }
  return DEFAULTS[name];
}

/** Whether main.cf (or an override) sets the parameter, rather than the default applying. */
export function isSet(name: string, src: ParamSource): boolean {
  return src.overrides?.has(name) === true || src.main.params.has(name);
}

export function expandParam(name: string, src: ParamSource): Expanded {
  const unknown: string[] = [];
  const value = expandText(`$${name}`, src, unknown, 0);
  return { value, unknown: [...new Set(unknown)] };
}

const REF = /\$(?:\$|\{([A-Za-z0-9_.-]+)(?:([?:])([^}]*))?\}|\(([A-Za-z0-9_.-]+)(?:([?:])([^)]*))?\)|([A-Za-z0-9_]+))/g;

function expandText(text: string, src: ParamSource, unknown: string[], depth: number): string {
  if (depth > 20) {
    unknown.push('(recursion)');
    return text;
  }
  return text.replace(REF, (whole, braced?: string, bop?: string, btext?: string, paren?: string, pop?: string, ptext?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? paren ?? bare!;
    const op = bop ?? pop;
    const alt = btext ?? ptext ?? '';
    // a parameter nobody set and without a default expands to nothing (Postfix warns); only the
    // machine's own name is unknown rather than empty
    const raw = rawParam(name, src) ?? (name === 'myhostname' || name === 'myhostname_parent' ? undefined : '');
    if (raw === undefined) {
      unknown.push(name === 'myhostname_parent' ? 'myhostname' : name);
      return name === 'myhostname_parent' ? '$mydomain' : `$${name}`;
    }
    const value = expandText(raw, src, unknown, depth + 1);
    if (op === '?') return value.trim() !== '' ? expandText(alt, src, unknown, depth + 1) : '';
    if (op === ':') return value.trim() === '' ? expandText(alt, src, unknown, depth + 1) : '';
    return value;
  });
}

/** A list parameter's items: separated by commas and/or whitespace (postconf(5)). */
export function splitList(value: string): string[] {
  return splitOutsideBraces(value).filter((item) => item !== '');
}

/** Commas and whitespace split, except inside `{…}` (inline:{ a=b, c=d }). */
function splitOutsideBraces(value: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[\s,]/.test(ch)) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items;
}

export function isYes(value: string): boolean {
  return /^\s*yes\s*$/i.test(value);
}
