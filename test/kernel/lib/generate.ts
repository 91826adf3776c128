// Random rulesets and probe packets for the kernel tier. Every rule is valid for
// iptables-restore (ports only with -p tcp/udp, tcp-reset only with -p tcp, owner only in
// OUTPUT and chains reached from it), and user chains form a DAG (a chain only jumps to later
// ones) so the kernel never loops. Addresses come from a small pool so probes hit them.
import type { Family } from '../../../src/firewall/model.js';
import type { Rng } from './random.js';
import type { ProbeSpec } from './rig.js';
import type { RuleSpec, RulesetSpec } from './spec.js';
import { LOCAL_V4, LOCAL_V6 } from './namespace.js';

const HOSTS: Record<Family, string[]> = {
  4: ['192.0.2.1', '192.0.2.25', '192.0.2.130', '198.51.100.7', '198.51.100.200', '203.0.113.9', '203.0.113.77'],
  6: ['2001:db8:1::1', '2001:db8:1::25', '2001:db8:1:0:8000::1', '2001:db8:2::7', '2001:db8:2::c8', '2001:db8:3::9', '2001:db8:3::4d'],
};
const NETS: Record<Family, string[]> = {
  4: ['192.0.2.0/24', '192.0.2.0/25', '192.0.2.128/25', '198.51.100.0/24', '198.51.100.0/28', '203.0.113.0/24', '192.0.0.0/16', '203.0.113.64/26', '0.0.0.0/0'],
  6: ['2001:db8:1::/48', '2001:db8:1::/64', '2001:db8:1::/65', '2001:db8:2::/48', '2001:db8:2::/120', '2001:db8:3::/48', '2001:db8::/32', '2001:db8:3::40/122', '::/0'],
};
const SOURCES: Record<Family, string[]> = {
  4: [LOCAL_V4, '198.51.100.0/24', '198.51.100.128/25', '192.0.2.0/24', '127.0.0.1'],
  6: [LOCAL_V6, '2001:db8:ffff::/48', '2001:db8:ffff::/120', '2001:db8:1::/48', '::1'],
};
const RANGES: Record<Family, [string, string][]> = {
  4: [['192.0.2.1', '192.0.2.100'], ['198.51.100.5', '198.51.100.10'], ['203.0.113.0', '203.0.113.80'], ['192.0.2.20', '198.51.100.255']],
  6: [['2001:db8:1::1', '2001:db8:1::ff'], ['2001:db8:2::5', '2001:db8:2::a'], ['2001:db8:3::', '2001:db8:3::50'], ['2001:db8:1::20', '2001:db8:2::ffff']],
};
const MAIL_PORTS = [25, 465, 587];
const OTHER_PORTS = [53, 80, 443, 2525, 8080];
const UIDS = [0, 101, 1000, 1001, 65534];
const GIDS = [0, 100, 101, 1000, 65534];
const OUT_IFACES = ['dm0', 'lo', 'dm+', 'd+', '+', 'eth0', 'l+'];
const CHAIN_NAMES = ['LOGDROP', 'mail-out', 'ufw-before-output', 'SMTP_OUT', 'f2b-out', 'OUT_ALLOW', 'x', 'user-reject'];
const STATES = ['NEW', 'ESTABLISHED', 'RELATED', 'ESTABLISHED,RELATED', 'NEW,ESTABLISHED', 'INVALID', 'NEW,RELATED'];
const REJECT_WITH: Record<Family, string[]> = {
  4: ['icmp-port-unreachable', 'icmp-host-prohibited', 'icmp-net-unreachable', 'icmp-admin-prohibited'],
  6: ['icmp6-port-unreachable', 'icmp6-adm-prohibited', 'icmp6-no-route', 'icmp6-addr-unreachable'],
};
const COMMENTS = ['allow mail', 'block smtp to the world', 'ufw rule', 'submission only', 'x'];

const not = (rng: Rng, p = 0.3): string => (rng.chance(p) ? '! ' : '');

function portOrRange(rng: Rng): string {
  if (rng.chance(0.7)) return String(rng.pick([...MAIL_PORTS, ...MAIL_PORTS, ...OTHER_PORTS]));
  const from = rng.pick([1, 20, 25, 26, 400, 465, 500, 1024]);
  return `${from}:${rng.pick([25, 465, 586, 587, 600, 1023, 65535].filter((t) => t >= from))}`;
}

function multiportList(rng: Rng): string {
  const items = rng.some([...MAIL_PORTS.map(String), '80', '443', '20:30', '400:500', '2525'], 1, 4);
  return items.join(',');
}

function generateMatches(rng: Rng, family: Family): { args: string[]; proto: 'tcp' | 'udp' | 'other' | 'none' | 'not-tcp' } {
  const args: string[] = [];
  const r = rng.next();
  let proto: 'tcp' | 'udp' | 'other' | 'none' | 'not-tcp' = 'none';
  if (r < 0.55) { args.push('-p tcp'); proto = 'tcp'; }
  else if (r < 0.65) { args.push('-p udp'); proto = 'udp'; }
  else if (r < 0.70) { args.push('! -p udp'); proto = 'other'; }
  else if (r < 0.74) { args.push(`-p ${family === 6 ? 'ipv6-icmp' : 'icmp'}`); proto = 'other'; }
  else if (r < 0.76) { args.push('! -p tcp'); proto = 'not-tcp'; }
  if (rng.chance(0.12)) args.push(`${not(rng)}-s ${rng.pick(SOURCES[family])}`);
  if (rng.chance(0.3)) {
    const dst = rng.chance(0.5) ? rng.pick(HOSTS[family]) : rng.pick(NETS[family]);
    // iptables-nft refuses `! -d 0.0.0.0/0`
    args.push(`${dst.endsWith('/0') ? '' : not(rng)}-d ${dst}`);
  }
  if (rng.chance(0.2)) args.push(`${not(rng)}-o ${rng.pick(OUT_IFACES)}`);
  if (proto === 'tcp' || proto === 'udp') {
    // tcp/udp options first: after `-m multiport`, getopt would take `--sport` as an
    // abbreviation of multiport's `--sports`
    const portsByMultiport = rng.chance(0.25);
    if (!portsByMultiport && rng.chance(0.45)) args.push(`${not(rng, 0.2)}--dport ${portOrRange(rng)}`);
    if (rng.chance(0.08)) args.push(`${not(rng, 0.3)}--sport ${rng.pick(['1024:65535', '0:1023', '33000:40000', '53'])}`);
    if (proto === 'tcp' && rng.chance(0.12)) {
      args.push(rng.pick(['--syn', '! --syn', '--tcp-flags SYN,ACK SYN', '--tcp-flags ALL ACK', '--tcp-flags SYN,RST SYN', '! --tcp-flags FIN,SYN,RST,ACK SYN']));
    }
    if (portsByMultiport) {
      args.push(`-m multiport ${not(rng, 0.25)}--${rng.pick(['dports', 'dports', 'ports', 'sports'])} ${multiportList(rng)}`);
    }
  }
  if (rng.chance(0.18)) {
    const states = rng.pick(STATES);
    args.push(rng.chance(0.5) ? `-m state ${not(rng, 0.2)}--state ${states}` : `-m conntrack ${not(rng, 0.2)}--ctstate ${states}`);
  }
  if (rng.chance(0.25)) {
    const owner: string[] = [];
    if (rng.chance(0.7)) owner.push(`${not(rng)}--uid-owner ${rng.chance(0.8) ? rng.pick(UIDS) : `${rng.pick([0, 100, 1000])}-${rng.pick([1000, 1001, 2000])}`}`);
    if (owner.length === 0 || rng.chance(0.3)) owner.push(`${not(rng)}--gid-owner ${rng.chance(0.8) ? rng.pick(GIDS) : `${rng.pick([0, 100])}-${rng.pick([101, 1000])}`}`);
    args.push(`-m owner ${owner.join(' ')}`);
  }
  if (rng.chance(0.1)) {
    const [from, to] = rng.pick(RANGES[family]);
    args.push(`-m iprange ${not(rng)}--${rng.chance(0.8) ? 'dst' : 'src'}-range ${from}-${to}`);
  }
  if (rng.chance(0.07)) {
    args.push(rng.pick([
      // ip6t_addrtype refuses BROADCAST (IPv6 has none)
      `-m addrtype ${not(rng)}--dst-type ${rng.pick(family === 6 ? ['LOCAL', 'UNICAST', 'MULTICAST'] : ['LOCAL', 'UNICAST', 'MULTICAST', 'BROADCAST'])}`,
      `-m addrtype ${not(rng)}--src-type ${rng.pick(['LOCAL', 'UNICAST'])}`,
    ]));
  }
  if (rng.chance(0.15)) args.push(`-m comment --comment "${rng.pick(COMMENTS)}"`);
  return { args, proto };
}

function generateTarget(rng: Rng, family: Family, proto: string, laterChains: string[], inUserChain: boolean): string {
  const r = rng.next();
  if (r < 0.2) return '-j ACCEPT';
  if (r < 0.33) return '-j DROP';
  if (r < 0.45) {
    if (proto === 'tcp' && rng.chance(0.4)) return '-j REJECT --reject-with tcp-reset';
    return rng.chance(0.3) ? '-j REJECT' : `-j REJECT --reject-with ${rng.pick(REJECT_WITH[family])}`;
  }
  if (r < 0.53) return `-j LOG --log-prefix "${rng.pick(['OUT: ', 'mail ', 'drop:'])}"${rng.chance(0.3) ? ' --log-level 4' : ''}`;
  if (r < 0.6) return '';
  if (r < 0.67) return inUserChain || rng.chance(0.3) ? '-j RETURN' : '-j ACCEPT';
  if (laterChains.length === 0) return rng.pick(['-j ACCEPT', '-j DROP', '']);
  return `${rng.chance(0.75) ? '-j' : '-g'} ${rng.pick(laterChains)}`;
}

function generateNatRules(rng: Rng, family: Family): RuleSpec[] {
  const rules: RuleSpec[] = [];
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const { args } = generateMatches(rng, family);
    const matchArgs = args.filter((a) => !a.startsWith('-p') && !a.startsWith('! -p') && !a.includes('--dport') && !a.includes('multiport') && !a.includes('--sport') && !a.includes('tcp-flags') && !a.includes('syn'));
    const dport = rng.chance(0.8) ? ` --dport ${rng.pick(MAIL_PORTS)}` : '';
    const r = rng.next();
    let target: string;
    if (r < 0.5) {
      const to = rng.pick(HOSTS[family]);
      const port = rng.chance(0.5) ? `:${rng.pick([587, 2525, 25])}` : '';
      target = `-j DNAT --to-destination ${family === 6 && port ? `[${to}]${port}` : `${to}${port}`}`;
    } else if (r < 0.8) {
      target = `-j REDIRECT${rng.chance(0.7) ? ` --to-ports ${rng.pick([2525, 25, 10025])}` : ''}`;
    } else {
      target = rng.pick(['-j ACCEPT', '-j RETURN', '']);
    }
    rules.push({ table: 'nat', chain: 'OUTPUT', args: [`-p tcp${dport}`, ...matchArgs, target].filter((s) => s).join(' ') });
  }
  return rules;
}

export function generateRuleset(rng: Rng, family: Family): RulesetSpec {
  const chains = rng.some(CHAIN_NAMES, 1, 5);
  const rules: RuleSpec[] = rng.chance(0.3) ? generateNatRules(rng, family) : [];
  const all = ['OUTPUT', ...chains];
  all.forEach((chain, index) => {
    const later = chains.slice(index); // chains after this one in `all`
    const count = chain === 'OUTPUT' ? rng.int(2, 8) : rng.int(1, 5);
    for (let i = 0; i < count; i++) {
      const { args, proto } = generateMatches(rng, family);
      const target = generateTarget(rng, family, proto, later, chain !== 'OUTPUT');
      rules.push({ table: 'filter', chain, args: [...args, target].filter((s) => s).join(' ') });
    }
  });
  return { family, policy: rng.chance(0.5) ? 'ACCEPT' : 'DROP', chains, rules };
}

/** Packets aimed at what the ruleset mentions, plus a few elsewhere. */
export function generatePackets(rng: Rng, spec: RulesetSpec, count: number): ProbeSpec[] {
  const text = spec.rules.map((r) => r.args).join(' ');
  const hosts = HOSTS[spec.family];
  const mentioned = hosts.filter((h) => text.includes(h));
  const packets: ProbeSpec[] = [];
  for (let i = 0; i < count; i++) {
    const dst = mentioned.length > 0 && rng.chance(0.5) ? rng.pick(mentioned) : rng.pick(hosts);
    const dport = rng.chance(0.75) ? rng.pick(MAIL_PORTS) : rng.chance(0.7) ? rng.pick(OTHER_PORTS) : rng.int(1, 65535);
    packets.push({ family: spec.family, dst, dport, uid: rng.pick(UIDS), gid: rng.pick(GIDS) });
  }
  return packets;
}
