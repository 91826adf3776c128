// The match modules the rule-spec parser knows (iptables-extensions(8)): which options each
// owns and how many arguments they take, and for modules whose result depends on things a
// ruleset cannot tell (rates, history, marks, set contents, payload) why that is.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';
import type { Family } from '../model.js';
import type { ShellWord } from './shell-words.js';
import { quoteWord } from './shell-words.js';

/** One `[!] --option args…` as written, owned by a module or the target. */
export interface OptionUse {
  /** canonical option name without dashes (abbreviations resolved) */
  option: string;
  negated: boolean;
  args: ShellWord[];
  /** the option word itself, for columns */
  word: ShellWord;
}

/** One `-m NAME` (or the protocol's implicit match) and the options given to it. */
export interface ModuleUse {
  name: string;
  /** false when loaded implicitly by `-p tcp --dport …` */
  explicit: boolean;
  options: OptionUse[];
  word?: ShellWord;
}

export interface BuildContext {
  family?: Family;
  loc: SourceLoc;
  diagnostics: Diagnostic[];
}

const PORTS = { 'source-port': 1, sport: 1, 'destination-port': 1, dport: 1 };

/** Option → number of arguments, for the modules whose meaning we model. */
export const KNOWN_MODULE_OPTIONS: Record<string, Record<string, number>> = {
  tcp: { ...PORTS, 'tcp-flags': 2, syn: 0, 'tcp-option': 1 },
  udp: PORTS,
  sctp: { ...PORTS, 'chunk-types': 2 },
  dccp: { ...PORTS, 'dccp-types': 1, 'dccp-option': 1 },
  multiport: { 'source-ports': 1, sports: 1, 'destination-ports': 1, dports: 1, ports: 1 },
  state: { state: 1 },
  conntrack: {
    ctstate: 1, ctproto: 1, ctorigsrc: 1, ctorigdst: 1, ctreplsrc: 1, ctrepldst: 1, ctorigsrcport: 1,
    ctorigdstport: 1, ctreplsrcport: 1, ctrepldstport: 1, ctstatus: 1, ctexpire: 1, ctdir: 1,
  },
  owner: { 'uid-owner': 1, 'gid-owner': 1, 'socket-exists': 0, 'suppl-groups': 0, 'pid-owner': 1, 'sid-owner': 1, 'cmd-owner': 1 },
  iprange: { 'src-range': 1, 'dst-range': 1 },
  icmp: { 'icmp-type': 1 },
  icmp6: { 'icmpv6-type': 1 },
  addrtype: { 'src-type': 1, 'dst-type': 1, 'limit-iface-in': 0, 'limit-iface-out': 0 },
  comment: { comment: 1 },
};

/** Modules we recognise but cannot decide from a ruleset: they evaluate to maybe, with this reason. */
export const STATEFUL_REASONS: Record<string, string> = {
  limit: 'rate limit: depends on how many packets matched recently',
  hashlimit: 'rate limit per host/port: depends on recent traffic',
  recent: 'depends on the addresses the recent list has seen',
  connlimit: 'depends on how many connections are open',
  connbytes: 'depends on how much the connection has already transferred',
  quota: 'depends on how much traffic already matched',
  set: 'depends on the contents of an ipset',
  mark: 'depends on the packet mark other rules or programs set',
  connmark: 'depends on the connection mark other rules set',
  mac: 'depends on the sender\'s MAC address (incoming packets only)',
  time: 'depends on the date and time',
  statistic: 'matches a random or every-nth share of packets',
  string: 'depends on the packet payload',
  u32: 'depends on packet bytes',
  bpf: 'depends on a BPF program over the packet',
  length: 'depends on the packet length',
  ttl: 'depends on the packet\'s TTL',
  hl: 'depends on the packet\'s hop limit',
  tos: 'depends on the packet\'s TOS field',
  dscp: 'depends on the packet\'s DSCP field',
  ecn: 'depends on the packet\'s ECN bits',
  pkttype: 'depends on the link-layer packet type',
  physdev: 'depends on the bridge port the packet uses',
  policy: 'depends on IPsec policy',
  socket: 'depends on an existing local socket',
  cgroup: 'depends on the sending process\'s cgroup',
  tcpmss: 'depends on the TCP MSS option of the SYN',
  helper: 'depends on the conntrack helper of the connection',
  conntrack: 'depends on conntrack details of the connection',
  owner: 'depends on the sending process',
  realm: 'depends on the routing realm',
  rpfilter: 'depends on the reverse path route',
  devgroup: 'depends on the interface group',
  cpu: 'depends on the CPU handling the packet',
  nfacct: 'depends on accounting objects',
  rateest: 'depends on a rate estimator',
  cluster: 'depends on cluster node hashing',
  ipvs: 'depends on IPVS state',
  osf: 'depends on the sender\'s OS fingerprint',
  geoip: 'depends on a GeoIP database',
  frag: 'depends on IPv6 fragment headers',
  hbh: 'depends on IPv6 extension headers',
  dst: 'depends on IPv6 extension headers',
  rt: 'depends on IPv6 routing headers',
  ipv6header: 'depends on IPv6 extension headers',
  mh: 'depends on the mobility header',
  ah: 'depends on the IPsec AH header',
  esp: 'depends on the IPsec ESP header',
  state: 'depends on the connection state',
};

/** The option as written, for evidence: `! --dport 25`. */
export function formatOption(use: OptionUse): string {
  return [use.negated ? '!' : '', `--${use.option}`, ...use.args.map((a) => quoteWord(a.text))].filter((s) => s !== '').join(' ');
}

/** `-m NAME …options` as written, for stateful/unknown matches. */
export function formatModule(use: ModuleUse, options: readonly OptionUse[] = use.options): string {
  return [use.explicit ? `-m ${use.name}` : '', ...options.map(formatOption)].filter((s) => s !== '').join(' ');
}
