// Generated CSF-style rulesets for the benchmarks (issues 7, 8, 9 share this module).
// The shape follows what ConfigServer Security & Firewall (csf.pl) writes: policy DROP, the
// LOCALOUTPUT → ALLOWOUT/DENYOUT chains, the TCP_OUT/UDP_OUT port list in OUTPUT and
// LOGDROPOUT at the end; every csf.deny entry becomes one rule in DENYIN (-s) and one in
// DENYOUT (-d). Only documentation addresses are used (RFC 5737, RFC 3849), so a v4 list of
// tens of thousands of entries is made of CIDR blocks inside the three /24s, combined with
// CSF's advanced "proto|dir|d=port|ip" entries; .192-.255 of each /24 (v4) and
// 2001:db8:1::/48-2001:db8:3::/48 (v6) stay undenied. Output is deterministic for the same input.

export interface CsfOptions {
  /** 4 (default): iptables-save; 6: ip6tables-save with 2001:db8::/32 entries */
  family?: 4 | 6;
}

/** A destination a benchmark can probe: an address of the ruleset's family and a mail port. */
export interface Probe {
  dst: string;
  dport: number;
}

const V4_NETS = ['192.0.2', '198.51.100', '203.0.113'];
/** Ports of CSF's advanced deny entries, mail ports among them so that some probes are denied. */
const DENY_PORTS = [25, 465, 587, 22, 80, 443, 110, 143, 993, 995, 3306, 5432, 8080, 8443, 2525, 53];
const TCP_OUT = [20, 21, 22, 25, 37, 43, 53, 80, 110, 113, 443, 587, 853, 873, 993, 995, 2086, 2087, 2089, 2703];
const UDP_OUT = [20, 21, 53, 113, 123, 853, 873, 6277, 24441];
const CHAINS = ['ALLOWIN', 'ALLOWOUT', 'DENYIN', 'DENYOUT', 'INVALID', 'INVDROP', 'LOCALINPUT', 'LOCALOUTPUT', 'LOGDROPIN', 'LOGDROPOUT'];

/** Host numbers .192-.255 of each /24 are never denied, so that probes there walk the whole list. */
const DENIED_HOSTS = 192;

/** Every CIDR block of prefix 25..32 inside .0-.191 of the documentation /24s: 3 × 382 distinct blocks. */
function documentationBlocks(): string[] {
  const blocks: string[] = [];
  for (let prefix = 32; prefix >= 25; prefix--) {
    const size = 2 ** (32 - prefix);
    for (const net of V4_NETS) for (let start = 0; start + size <= DENIED_HOSTS; start += size) blocks.push(`${net}.${start}/${prefix}`);
  }
  return blocks;
}

let blocksCache: string[] | undefined;

/** The address (CIDR) and optional port of the k-th csf.deny entry. */
function denyEntry(k: number, family: 4 | 6): { cidr: string; proto?: 'tcp' | 'udp'; port?: number } {
  if (family === 6) return { cidr: `2001:db8:${(k >>> 16).toString(16)}:${(k & 0xffff).toString(16)}::/64` };
  blocksCache ??= documentationBlocks();
  const cidr = blocksCache[k % blocksCache.length]!;
  const variant = Math.floor(k / blocksCache.length);
  if (variant === 0) return { cidr };
  return { cidr, proto: variant % 2 === 1 ? 'tcp' : 'udp', port: DENY_PORTS[((variant - 1) >> 1) % DENY_PORTS.length]! };
}

function denyRules(k: number, family: 4 | 6): [string, string] {
  const e = denyEntry(k, family);
  const port = e.proto ? ` -p ${e.proto} -m ${e.proto} --dport ${e.port}` : '';
  return [`-A DENYIN -s ${e.cidr} ! -i lo${port} -j DROP`, `-A DENYOUT -d ${e.cidr} ! -o lo${port} -j LOGDROPOUT`];
}

/** The fixed part of a CSF ruleset (before the deny list is appended). */
function skeleton(family: 4 | 6): string[] {
  const icmp = family === 6 ? 'ipv6-icmp' : 'icmp';
  const ns = family === 6 ? '2001:db8:53::53/128' : '192.0.2.53/32';
  const allow = family === 6 ? '2001:db8:25::/48' : '198.51.100.25/32';
  const head = [
    `-A INPUT ! -i lo -j LOCALINPUT`,
    `-A INPUT -s ${ns} ! -i lo -p udp -m udp --sport 53 -j ACCEPT`,
    `-A INPUT -i lo -j ACCEPT`,
    `-A INPUT ! -i lo -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    ...[22, 25, 53, 80, 443, 465, 587, 993, 995].map((p) => `-A INPUT ! -i lo -p tcp -m conntrack --ctstate NEW -m tcp --dport ${p} -j ACCEPT`),
    `-A INPUT ! -i lo -p ${icmp} -j ACCEPT`,
    `-A INPUT ! -i lo -j LOGDROPIN`,
    ...['tcp', 'udp'].flatMap((p) => [`-A OUTPUT -d ${ns} ! -o lo -p ${p} -m ${p} --dport 53 -j ACCEPT`, `-A OUTPUT -d ${ns} ! -o lo -p ${p} -m ${p} --sport 53 -j ACCEPT`]),
    `-A OUTPUT ! -o lo -j LOCALOUTPUT`,
    `-A OUTPUT -o lo -j ACCEPT`,
    `-A OUTPUT ! -o lo -p tcp -j INVALID`,
    `-A OUTPUT ! -o lo -p ${icmp} -j ACCEPT`,
    `-A OUTPUT ! -o lo -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    ...TCP_OUT.map((p) => `-A OUTPUT ! -o lo -p tcp -m conntrack --ctstate NEW -m tcp --dport ${p} -j ACCEPT`),
    ...UDP_OUT.map((p) => `-A OUTPUT ! -o lo -p udp -m conntrack --ctstate NEW -m udp --dport ${p} -j ACCEPT`),
    `-A OUTPUT ! -o lo -j LOGDROPOUT`,
    `-A ALLOWIN -s ${allow} ! -i lo -j ACCEPT`,
    `-A ALLOWOUT -d ${allow} ! -o lo -j ACCEPT`,
    `-A INVALID -m conntrack --ctstate INVALID -j INVDROP`,
    `-A INVALID -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j INVDROP`,
    `-A INVALID -p tcp -m tcp --tcp-flags FIN,SYN FIN,SYN -j INVDROP`,
    `-A INVALID -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j INVDROP`,
    `-A INVDROP -j DROP`,
    `-A LOCALINPUT ! -i lo -j ALLOWIN`,
    `-A LOCALINPUT ! -i lo -j DENYIN`,
    `-A LOCALOUTPUT ! -o lo -j ALLOWOUT`,
    `-A LOCALOUTPUT ! -o lo -j DENYOUT`,
    `-A LOGDROPIN -p tcp -m limit --limit 30/min --limit-burst 5 -j LOG --log-prefix "Firewall: *TCP_IN Blocked* "`,
    `-A LOGDROPIN -j DROP`,
    `-A LOGDROPOUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m limit --limit 30/min --limit-burst 5 -j LOG --log-prefix "Firewall: *TCP_OUT Blocked* " --log-uid`,
    `-A LOGDROPOUT -p udp -m limit --limit 30/min --limit-burst 5 -j LOG --log-prefix "Firewall: *UDP_OUT Blocked* " --log-uid`,
    `-A LOGDROPOUT -j REJECT --reject-with ${family === 6 ? 'icmp6-port-unreachable' : 'icmp-port-unreachable'}`,
  ];
  return head;
}

/**
 * An iptables-save (or ip6tables-save) text of a CSF firewall with exactly `rules` rules
 * (`-A` lines; at least the ~60 of the fixed part), the rest being the csf.deny list.
 */
export function generateCsfSave(rules: number, options: CsfOptions = {}): string {
  const family = options.family ?? 4;
  const head = skeleton(family);
  const lines: string[] = [
    `# Generated by ${family === 6 ? 'ip6tables' : 'iptables'}-save v1.8.9 (benchmark: CSF-style deny list)`,
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT DROP [0:0]',
    ...CHAINS.map((c) => `:${c} - [0:0]`),
  ];
  // the deny list sits in DENYIN/DENYOUT; they are written in chain order like iptables-save does
  const denyIn: string[] = [];
  const denyOut: string[] = [];
  const wanted = Math.max(0, rules - head.length);
  for (let k = 0; denyIn.length + denyOut.length < wanted; k++) {
    const [a, b] = denyRules(k, family);
    denyIn.push(a);
    if (denyIn.length + denyOut.length < wanted) denyOut.push(b);
  }
  const before = head.filter((l) => /^-A (INPUT|OUTPUT|ALLOWIN|ALLOWOUT) /.test(l));
  const after = head.filter((l) => !before.includes(l));
  lines.push(...before, ...denyIn, ...denyOut, ...after, 'COMMIT', '# Completed');
  return `${lines.join('\n')}\n`;
}

/**
 * `count` probe destinations on the mail ports 25/465/587, spread over the documentation
 * ranges: about three in four fall in the denied part (DENYOUT decides, for a big list mostly
 * after many rules), the rest walk the whole deny list and reach the TCP_OUT rules.
 */
export function generateProbes(count: number, family: 4 | 6 = 4): Probe[] {
  const ports = [25, 465, 587];
  const probes: Probe[] = [];
  for (let i = 0; i < count; i++) {
    // a multiplicative hash spreads consecutive i over the addresses
    const h = Math.imul(i + 1, 2654435761) >>> 0;
    const dst = family === 6
      ? `2001:db8:${((h >>> 20) & 0x3).toString(16)}:${(h & 0xffff).toString(16)}::${(i % 250) + 1}`
      : `${V4_NETS[h % 3]}.${(h >>> 8) & 0xff}`;
    probes.push({ dst, dport: ports[(h >>> 16) % 3]! });
  }
  return probes;
}

/** A destination no deny entry covers: a trace to it walks every rule of DENYOUT. */
export function undeniedAddress(family: 4 | 6 = 4): string {
  return family === 6 ? '2001:db8:1::25' : `203.0.113.${DENIED_HOSTS + 25}`;
}

/**
 * Issue 19's CSF deny list: `rules` rules `-A DENYOUT -d ADDR/32 -m comment --comment "…" -j DROP`
 * behind OUTPUT → LOCALOUTPUT → DENYOUT, as iptables-save prints a csf.deny of single hosts.
 * The three documentation /24s hold only 768 addresses, so hosts .0-.191 repeat (every rule
 * is still parsed, kept and walked); .192-.255 (undeniedAddress) stay undenied.
 */
export function generateCsfHostDenyList(rules: number): string {
  const lines = ['# Generated by iptables-save v1.8.9 (benchmark: csf.deny of single hosts)', '*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT DROP [0:0]', ':DENYOUT - [0:0]', ':LOCALOUTPUT - [0:0]'];
  lines.push('-A OUTPUT ! -o lo -j LOCALOUTPUT', '-A OUTPUT -o lo -j ACCEPT', '-A LOCALOUTPUT ! -o lo -j DENYOUT');
  for (let i = 0; i < rules; i++) {
    const host = `${V4_NETS[i % 3]}.${Math.floor(i / 3) % DENIED_HOSTS}`;
    lines.push(`-A DENYOUT -d ${host}/32 -m comment --comment "Blocked by csf.deny entry ${i + 1} (lfd: 5 failed SMTP AUTH logins) - Mon Dec  7 20:00:${String(i % 60).padStart(2, '0')} 2026" -j DROP`);
  }
  lines.push('-A OUTPUT ! -o lo -p tcp -m conntrack --ctstate NEW -m multiport --dports 25,465,587 -j ACCEPT', 'COMMIT', '# Completed');
  return `${lines.join('\n')}\n`;
}

/** `count` distinct pseudo-random IPv6 host addresses inside 2001:db8::/32 (deterministic). */
export function distinctIpv6Hosts(count: number): string[] {
  const seen = new Set<string>();
  let x = 1;
  let y = 7;
  while (seen.size < count) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    y = Math.imul(y ^ (y >>> 15), 2654435761) >>> 0;
    seen.add(`2001:db8:${(x >>> 16).toString(16)}:${(y >>> 16).toString(16)}::${(y & 0xffff).toString(16)}:${(x & 0xffff).toString(16)}`);
  }
  return [...seen];
}

/** Issue 19's egress shape: `rules` distinct random IPv6 /128s, `-p tcp --dport 25 -j DROP` each, in OUTPUT. */
export function generateIpv6HostDrops(rules: number): string {
  const lines = ['# Generated by ip6tables-save v1.8.9 (benchmark: distinct /128 SMTP drops)', '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (const host of distinctIpv6Hosts(rules)) lines.push(`-A OUTPUT -d ${host}/128 -p tcp -m tcp --dport 25 -j DROP`);
  lines.push('COMMIT', '# Completed');
  return `${lines.join('\n')}\n`;
}

/**
 * Issue 19's nft shape, as `nft list ruleset` prints it: an inet table whose output chain has
 * `rules` rules (per-host drops with comments, then the SMTP port rules) and one named set of
 * `elements` IPv6 hosts that a rule drops.
 */
export function generateNftRuleset(rules: number, elements: number): string {
  const hosts = distinctIpv6Hosts(elements + rules);
  const out = ['table inet filter {', '\tset blocked6 {', '\t\ttype ipv6_addr', `\t\telements = { ${hosts.slice(0, elements).join(',\n\t\t\t     ')} }`, '\t}', '', '\tchain output {', '\t\ttype filter hook output priority filter; policy accept;', '\t\toifname "lo" accept', '\t\tip6 daddr @blocked6 drop'];
  for (let i = 0; i < rules - 3; i++) out.push(`\t\tip6 daddr ${hosts[elements + i]} tcp dport 25 counter packets 0 bytes 0 drop comment "deny entry ${i + 1}"`);
  out.push('\t\ttcp dport { 25, 465, 587 } accept', '\t}', '}');
  return `${out.join('\n')}\n`;
}
