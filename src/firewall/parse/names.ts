// Names iptables prints or accepts in place of numbers: protocols (/etc/protocols and
// xtables_chain_protos[]), services (/etc/services, as printed without -n), and targets.
import type { Target } from '../model.js';

/** Protocol names → numbers, covering xtables' built-in table and common /etc/protocols names. */
export const PROTOCOLS: Record<string, number> = {
  all: 0, ip: 0, icmp: 1, igmp: 2, ipip: 4, ipencap: 4, tcp: 6, egp: 8, udp: 17, ipv6: 41,
  'ipv6-route': 43, 'ipv6-frag': 44, rsvp: 46, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, icmpv6: 58,
  'ipv6-nonxt': 59, 'ipv6-opts': 60, ospf: 89, ospfigp: 89, pim: 103, vrrp: 112, l2tp: 115,
  sctp: 132, 'mobility-header': 135, 'ipv6-mh': 135, mh: 135, udplite: 136, dccp: 33, ipcomp: 108,
};

export function protocolNumber(text: string): number | 'all' | undefined {
  const t = text.toLowerCase();
  if (/^\d{1,3}$/.test(t)) {
    const n = Number(t);
    if (n > 255) return undefined;
    return n === 0 ? 'all' : n;
  }
  const n = PROTOCOLS[t];
  if (n === undefined) return undefined;
  return n === 0 ? 'all' : n;
}

/**
 * TCP/UDP service names as /etc/services (netbase) and older distributions print them
 * without -n. Includes the historical names CentOS prints: `urd`/`smtps` for 465.
 */
export const SERVICES: Record<string, number> = {
  tcpmux: 1, echo: 7, discard: 9, daytime: 13, ftp_data: 20, 'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23,
  smtp: 25, time: 37, whois: 43, nicname: 43, tacacs: 49, domain: 53, bootps: 67, bootpc: 68, tftp: 69,
  gopher: 70, finger: 79, http: 80, www: 80, kerberos: 88, pop3: 110, 'pop-3': 110, sunrpc: 111, auth: 113,
  ident: 113, nntp: 119, ntp: 123, 'netbios-ns': 137, 'netbios-dgm': 138, 'netbios-ssn': 139, imap2: 143,
  imap: 143, snmp: 161, 'snmp-trap': 162, bgp: 179, irc: 194, ldap: 389, https: 443, 'microsoft-ds': 445,
  submissions: 465, urd: 465, smtps: 465, ssmtp: 465, isakmp: 500, syslog: 514, printer: 515, submission: 587,
  ldaps: 636, rsync: 873, ftps: 990, imaps: 993, pop3s: 995, socks: 1080, openvpn: 1194, ms_sql_s: 1433,
  'ms-sql-s': 1433, radius: 1812, nfs: 2049, 'cisco-sccp': 2000, mysql: 3306, 'ms-wbt-server': 3389,
  sieve: 4190, postgresql: 5432, 'x11': 6000, 'http-alt': 8080, webcache: 8080, 'dhcpv6-client': 546,
  'dhcpv6-server': 547, 'sd': 9876, mdns: 5353, ipp: 631,
};

/** A port as printed: a number or a service name. */
export function portNumber(text: string): number | undefined {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : undefined;
  }
  return SERVICES[text.toLowerCase()];
}

/** Targets that end traversal or move it; everything else standard is non-terminal. */
const NON_TERMINAL = new Set([
  'LOG', 'ULOG', 'NFLOG', 'MARK', 'CONNMARK', 'TRACE', 'CT', 'NOTRACK', 'TCPMSS', 'TOS', 'DSCP', 'TTL', 'HL',
  'CLASSIFY', 'CHECKSUM', 'SECMARK', 'CONNSECMARK', 'AUDIT', 'IDLETIMER', 'LED', 'RATEEST', 'SET', 'TEE',
  'TPROXY', 'ECN', 'HMARK', 'CLUSTERIP', 'SYNPROXY', 'NFQUEUE_BYPASS',
]);

/** Targets that decide the packet's fate outside the rules we can see (a userspace queue …). */
const OPAQUE_TERMINAL = new Set(['NFQUEUE', 'QUEUE']);

export function isKnownTargetName(name: string): boolean {
  return ['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP'].includes(name)
    || NON_TERMINAL.has(name) || OPAQUE_TERMINAL.has(name);
}

/**
 * Classifies a target name that is not a chain we know. `text` is the target's own printed
 * or saved options, kept verbatim. NAT targets' parsed addresses are filled in by the parser.
 */
export function classifyTargetName(name: string, text = ''): Target {
  switch (name) {
    case 'ACCEPT':
      return { kind: 'accept' };
    case 'DROP':
      return { kind: 'drop' };
    case 'REJECT':
      return { kind: 'reject' };
    case 'RETURN':
      return { kind: 'return' };
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
    case 'NETMAP':
      return { kind: 'nat', action: name, text };
  }
  if (NON_TERMINAL.has(name)) return { kind: 'non-terminal', name, text };
  return { kind: 'unknown', name, text };
}
