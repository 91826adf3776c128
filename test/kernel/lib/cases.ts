// Hand-made cases: one per feature the simulator must get right, written once for both
// families through an address book. Every case is probed on the same grid of packets
// (3 destinations × 4 ports × 3 uid/gid pairs), so each rule is seen matching and not.
import type { Family } from '../../../src/firewall/model.js';
import { LOCAL_V4, LOCAL_V6 } from './namespace.js';
import type { ProbeSpec } from './rig.js';
import type { RuleSpec, RulesetSpec } from './spec.js';

export interface AddressBook {
  family: Family;
  /** the mail exchanger, the relay and an unrelated host, in three different documentation nets */
  mx: string; relay: string; other: string;
  mxNet: string; relayNet: string; otherNet: string;
  /** a net containing all three */
  docNet: string;
  local: string;
  /** a range holding mx but not relay/other, as iprange writes it */
  mxRange: string;
  icmp: string;
  rejectWith: string;
  loopback: string;
  /** DNAT target text for relay:587 */
  relaySubmission: string;
}

const BOOKS: Record<Family, AddressBook> = {
  4: {
    family: 4, mx: '192.0.2.25', relay: '198.51.100.7', other: '203.0.113.9',
    mxNet: '192.0.2.0/24', relayNet: '198.51.100.0/24', otherNet: '203.0.113.0/24', docNet: '192.0.0.0/8',
    local: LOCAL_V4, mxRange: '192.0.2.20-192.0.2.30', icmp: 'icmp', rejectWith: 'icmp-host-prohibited',
    loopback: '127.0.0.1', relaySubmission: '198.51.100.7:587',
  },
  6: {
    family: 6, mx: '2001:db8:1::25', relay: '2001:db8:2::7', other: '2001:db8:3::9',
    mxNet: '2001:db8:1::/48', relayNet: '2001:db8:2::/48', otherNet: '2001:db8:3::/48', docNet: '2001:db8::/32',
    local: LOCAL_V6, mxRange: '2001:db8:1::20-2001:db8:1::30', icmp: 'ipv6-icmp', rejectWith: 'icmp6-adm-prohibited',
    loopback: '::1', relaySubmission: '[2001:db8:2::7]:587',
  },
};

export interface KernelCase {
  name: string;
  policy: 'ACCEPT' | 'DROP';
  chains?: string[];
  filter: (a: AddressBook) => [string, string][];
  nat?: (a: AddressBook) => string[];
}

export const CASES: KernelCase[] = [
  { name: 'protocols', policy: 'ACCEPT', filter: (a) => [
    ['OUTPUT', `-p ${a.icmp} -j DROP`], ['OUTPUT', '-p udp -j REJECT'], ['OUTPUT', '! -p tcp -j DROP'],
    ['OUTPUT', '-p all -j LOG --log-prefix "any: "'], ['OUTPUT', '-p tcp --dport 25 -j REJECT --reject-with tcp-reset']] },
  { name: 'source and destination with !', policy: 'DROP', filter: (a) => [
    ['OUTPUT', `! -s ${a.local} -j DROP`], ['OUTPUT', `-d ${a.mx} -p tcp --dport 25 -j ACCEPT`],
    ['OUTPUT', `! -d ${a.relayNet} -p tcp -m multiport --dports 25,465 -j REJECT`], ['OUTPUT', `-s ${a.local} -d ${a.relay} -j ACCEPT`],
    ['OUTPUT', `! -d ${a.docNet} -j ACCEPT`]] },
  { name: 'out-interface with + and !', policy: 'ACCEPT', filter: () => [
    ['OUTPUT', '-o lo -j ACCEPT'], ['OUTPUT', '! -o dm+ -j DROP'], ['OUTPUT', '-o d+ -p tcp --dport 25 -j REJECT'],
    ['OUTPUT', '-o + -p tcp --dport 465 -j DROP'], ['OUTPUT', '! -o eth+ -p tcp --dport 587 -j REJECT'], ['OUTPUT', '-o eth0 -j DROP']] },
  { name: 'ports and port ranges', policy: 'ACCEPT', filter: () => [
    ['OUTPUT', '-p udp --dport 25 -j DROP'], ['OUTPUT', '-p tcp --dport 465:587 -j REJECT'],
    ['OUTPUT', '-p tcp ! --dport 25 --sport 1024:65535 -j DROP'], ['OUTPUT', '-p tcp --sport 0:1023 -j DROP'],
    ['OUTPUT', '-p tcp --dport 25 -j ACCEPT']] },
  { name: 'tcp flags', policy: 'DROP', filter: () => [
    ['OUTPUT', '-p tcp ! --syn -j ACCEPT'], ['OUTPUT', '-p tcp --tcp-flags ALL NONE -j ACCEPT'],
    ['OUTPUT', '-p tcp --tcp-flags SYN,ACK SYN --dport 25 -j REJECT'], ['OUTPUT', '-p tcp --syn --dport 587 -j ACCEPT'],
    ['OUTPUT', '-p tcp --tcp-flags SYN,RST,ACK,FIN SYN -m multiport --dports 443,465 -j REJECT --reject-with tcp-reset']] },
  { name: 'multiport', policy: 'ACCEPT', filter: () => [
    ['OUTPUT', '-p tcp -m multiport --dports 25,465,587 -m owner --uid-owner 1000 -j REJECT'],
    ['OUTPUT', '-p tcp -m multiport ! --dports 25,443 -j DROP'], ['OUTPUT', '-p tcp -m multiport --ports 20:30,8080 -j LOG'],
    ['OUTPUT', '-p tcp -m multiport --sports 1:1023 -j DROP'], ['OUTPUT', '-p udp -m multiport --dports 25,465,587 -j DROP']] },
  { name: 'state and conntrack', policy: 'DROP', filter: () => [
    ['OUTPUT', '-m state --state ESTABLISHED,RELATED -j ACCEPT'], ['OUTPUT', '-m conntrack --ctstate INVALID -j DROP'],
    ['OUTPUT', '-p tcp --dport 465 -m conntrack ! --ctstate NEW -j ACCEPT'], ['OUTPUT', '-p tcp --dport 25 -m state --state NEW,ESTABLISHED -j ACCEPT'],
    ['OUTPUT', '-p tcp -m state ! --state ESTABLISHED -m multiport --dports 443,587 -j REJECT']] },
  { name: 'owner uid and gid with !', policy: 'ACCEPT', filter: () => [
    ['OUTPUT', '-p tcp --dport 25 -m owner ! --uid-owner 0 -j REJECT'], ['OUTPUT', '-m owner --uid-owner 1000-1005 --gid-owner 100 -j DROP'],
    ['OUTPUT', '-p tcp --dport 465 -m owner ! --gid-owner 1000 -j REJECT'], ['OUTPUT', '-m owner --gid-owner 1000 -p tcp --dport 587 -j DROP']] },
  { name: 'iprange', policy: 'DROP', filter: (a) => [
    ['OUTPUT', `-m iprange --dst-range ${a.mxRange} -p tcp --dport 25 -j ACCEPT`], ['OUTPUT', `-m iprange ! --dst-range ${a.mxRange} -p tcp --dport 587 -j ACCEPT`],
    ['OUTPUT', `-m iprange --src-range ${a.local}-${a.local} -p tcp --dport 443 -j REJECT`]] },
  { name: 'addrtype', policy: 'ACCEPT', filter: () => [
    ['OUTPUT', '-m addrtype --dst-type LOCAL -j ACCEPT'], ['OUTPUT', '-p tcp --dport 25 -m addrtype --src-type LOCAL -j REJECT'],
    ['OUTPUT', '-m addrtype ! --dst-type UNICAST -j DROP'], ['OUTPUT', '-p tcp --dport 465 -m addrtype --dst-type UNICAST -j DROP'],
    // IPv4: a local source is LOCAL, not UNICAST; IPv6 (ip6t addrtype) calls every unicast address UNICAST
    ['OUTPUT', '-p tcp --dport 587 -m addrtype --src-type UNICAST -j REJECT']] },
  { name: 'comments, LOG, counting rules', policy: 'DROP', filter: () => [
    ['OUTPUT', '-m comment --comment "count everything"'], ['OUTPUT', '-p tcp --dport 25 -m comment --comment "no -j DROP here, just a note" -j LOG --log-prefix "SMTP out: " --log-level 4'],
    ['OUTPUT', '-p tcp --dport 25 -m comment --comment "mail: \\"relay\\" only"'], ['OUTPUT', '-p tcp -m multiport --dports 25,587 -m comment --comment "allow mail" -j ACCEPT'],
    ['OUTPUT', '-j LOG --log-prefix "dropped: "']] },
  { name: 'REJECT variants', policy: 'ACCEPT', filter: (a) => [
    ['OUTPUT', '-p tcp --dport 25 -m owner --uid-owner 1000 -j REJECT --reject-with tcp-reset'], ['OUTPUT', `-p tcp --dport 465 -j REJECT --reject-with ${a.rejectWith}`],
    ['OUTPUT', `-d ${a.other} -j REJECT`]] },
  { name: 'user chains and jumps', policy: 'DROP', chains: ['MAIL', 'mail-uid', 'LOGREJECT'], filter: (a) => [
    ['OUTPUT', '-p tcp -m multiport --dports 25,465,587 -j MAIL'], ['OUTPUT', `-d ${a.otherNet} -j ACCEPT`],
    ['MAIL', '-m owner --uid-owner 0 -j ACCEPT'], ['MAIL', '-j mail-uid'], ['MAIL', `-d ${a.relay} -j ACCEPT`], ['MAIL', '-j LOGREJECT'],
    ['mail-uid', '-m owner --gid-owner 100 -p tcp --dport 587 -j ACCEPT'], ['mail-uid', '-m owner --uid-owner 1001 -j LOGREJECT'],
    ['LOGREJECT', '-j LOG --log-prefix "mail rejected: "'], ['LOGREJECT', '-j REJECT']] },
  { name: 'goto falls back to the builtin policy', policy: 'DROP', chains: ['SMTP'], filter: (a) => [
    ['OUTPUT', '-p tcp --dport 25 -g SMTP'], ['OUTPUT', '-p tcp -j ACCEPT'],
    ['SMTP', `-d ${a.mx} -j ACCEPT`], ['SMTP', '-m owner --uid-owner 1000 -j REJECT']] },
  { name: 'goto inside a jump returns to the caller', policy: 'ACCEPT', chains: ['A', 'B'], filter: (a) => [
    ['OUTPUT', '-p tcp -j A'], ['OUTPUT', '-p tcp --dport 465 -j DROP'], ['OUTPUT', `-d ${a.relay} -j REJECT`],
    ['A', '-p tcp --dport 25 -g B'], ['A', '-j DROP'], ['B', `-d ${a.mx} -j REJECT`], ['B', '-m owner --uid-owner 1001 -j ACCEPT']] },
  { name: 'RETURN', policy: 'DROP', chains: ['CHECK'], filter: (a) => [
    ['OUTPUT', '-m owner --uid-owner 1001 -j RETURN'], ['OUTPUT', '-j CHECK'], ['OUTPUT', '-p tcp --dport 465 -j REJECT'], ['OUTPUT', '-j ACCEPT'],
    ['CHECK', `-d ${a.mx} -j RETURN`], ['CHECK', '-p tcp --dport 25 -j REJECT'], ['CHECK', '-j RETURN'], ['CHECK', '-j DROP']] },
  { name: 'nat OUTPUT DNAT changes what filter sees', policy: 'DROP', filter: (a) => [
    ['OUTPUT', `-d ${a.mx} -p tcp --dport 25 -j REJECT`], ['OUTPUT', `-d ${a.relay} -p tcp --dport 587 -j ACCEPT`],
    ['OUTPUT', '-p tcp --dport 443 -j ACCEPT']],
  nat: (a) => [`-d ${a.mx} -p tcp --dport 25 -j DNAT --to-destination ${a.relaySubmission}`, `-p tcp --dport 465 -m owner --uid-owner 1000 -j DNAT --to-destination ${a.relaySubmission}`] },
  { name: 'nat OUTPUT DNAT keeps the out-interface filter sees', policy: 'DROP', filter: (a) => [
    ['OUTPUT', '-o lo -j REJECT'], ['OUTPUT', `-o dm0 -d ${a.relay} -p tcp --dport 587 -j ACCEPT`], ['OUTPUT', '! -o dm0 -j DROP'],
    ['OUTPUT', '-o dm+ -p tcp --dport 443 -j ACCEPT']],
  nat: (a) => [`-p tcp --dport 25 -j DNAT --to-destination ${a.relaySubmission}`, `-d ${a.other} -p tcp --dport 443 -j DNAT --to-destination ${a.loopback}`] },
  { name: 'nat OUTPUT REDIRECT to a local port', policy: 'DROP', filter: (a) => [
    ['OUTPUT', `-d ${a.loopback} -p tcp --dport 2525 -j ACCEPT`], ['OUTPUT', '-o lo -p tcp --dport 465 -j ACCEPT'], ['OUTPUT', '-p tcp --dport 443 -j ACCEPT']],
  nat: () => ['-p tcp --dport 25 -m owner ! --uid-owner 0 -j REDIRECT --to-ports 2525', '-p tcp --dport 465 -j REDIRECT', '-p tcp --dport 25 -j ACCEPT', '-p tcp -j RETURN'] },
  // iptables (getopt_long) takes any unambiguous prefix of a long option, of its own or of a
  // loaded match or target: `-m multiport --dport` is --dports, `--to` is --to-destination
  { name: 'option prefixes as scripts write them', policy: 'DROP', filter: (a) => [
    ['OUTPUT', '-p tcp -m multiport --dport 25,465 -m owner --uid 1000 -j REJECT'],
    ['OUTPUT', `--dst ${a.relay} -p tcp -m multiport --destination-port 587,443 -j ACCEPT`],
    ['OUTPUT', '-p tcp -m multiport --sport 1:1023 -j DROP'],
    ['OUTPUT', `--dest ${a.mx} --proto tcp --dp 25 -j ACCEPT`],
    ['OUTPUT', '-p tcp --dport 465 --out + -m state --st NEW -m owner --gid 1000 -j ACCEPT'],
    ['OUTPUT', '-p tcp -m multiport --port 443,465 -j REJECT --reject tcp-reset'],
    ['OUTPUT', `--src ${a.local} -p tcp --dport 587 -m conntrack --ctstate NEW -j ACCEPT`]],
  nat: (a) => [`--dst ${a.other} -p tcp --dport 443 -j DNAT --to ${a.relaySubmission}`, '-p tcp -m multiport --dport 25 -m owner --uid-own 1001 -j DNAT --to-dest ' + a.relaySubmission] },
];

export function caseSpec(c: KernelCase, family: Family): RulesetSpec {
  const book = BOOKS[family];
  const rules: RuleSpec[] = [
    ...(c.nat?.(book) ?? []).map((args): RuleSpec => ({ table: 'nat', chain: 'OUTPUT', args })),
    ...c.filter(book).map(([chain, args]): RuleSpec => ({ table: 'filter', chain, args })),
  ];
  return { family, policy: c.policy, chains: c.chains ?? [], rules };
}

/** The probe grid every case is checked on. */
export function casePackets(family: Family): ProbeSpec[] {
  const book = BOOKS[family];
  const packets: ProbeSpec[] = [];
  for (const dst of [book.mx, book.relay, book.other]) {
    for (const dport of [25, 465, 587, 443]) {
      for (const [uid, gid] of [[0, 0], [1000, 100], [1001, 1000]] as const) packets.push({ family, dst, dport, uid, gid });
    }
  }
  return packets;
}
