// The firewall fix in nft terms, for native tables (nft(8) RULES: `insert` puts a rule at the
// top of its chain or before the rule with handle `position`, `add` at the end or after it),
// and in firewall-cmd terms for firewalld's nftables backend: a policy from HOST to ANY (zones
// filter input only; firewalld.policy(5)), whose rich rules with a priority below zero run
// before its deny rules (firewalld.richlanguage(5)). Rules added with `nft` are lost at reboot
// unless written into /etc/nftables.conf as well.
import type { Family } from '../../firewall/model.js';
import type { NftPlace } from './findings/types.js';

export const NFT_SMTP_PORTS = '{ 25, 465, 587 }';

/** `x` for one value, `{ x, y }` for several (an anonymous set). */
export function nftSet(values: readonly (string | number)[]): string {
  return values.length === 1 ? String(values[0]) : `{ ${values.join(', ')} }`;
}

function addressKey(family: Family): string {
  return family === 6 ? 'ip6 daddr' : 'ip daddr';
}

/** `meta nfproto ipv6` limits a rule of an inet table to one family; an ip/ip6 table needs nothing. */
export function familyOnly(place: NftPlace, family: Family): string {
  return place.table.startsWith('inet ') ? `meta nfproto ${family === 6 ? 'ipv6' : 'ipv4'} ` : '';
}

function skuid(uid: number | undefined): string {
  return uid === undefined ? '' : `meta skuid ${uid} `;
}

/**
 * Reject SMTP except to the allowed addresses, in each family's native chain: the reject is
 * inserted first so that the accepts, inserted after it, end up above it. Loopback stays open
 * (a local MTA or submission on 127.0.0.1:25). With the MTA's uid, only the MTA may reach them.
 */
export function nftCloseLines(places: Partial<Record<Family, NftPlace>>, allowed: Record<Family, string[]>, uid?: number): string[] {
  const lines: string[] = [];
  const p4 = places[4];
  const p6 = places[6];
  const same = p4 !== undefined && p6 !== undefined && p4.table === p6.table && p4.chain === p6.chain;
  for (const family of [4, 6] as const) {
    const place = places[family];
    if (!place) continue;
    // an inet chain takes one reject for both families
    if (!(same && family === 6)) lines.push(`nft insert rule ${place.table} ${place.chain} ${same ? '' : familyOnly(place, family)}oifname != "lo" tcp dport ${NFT_SMTP_PORTS} reject with tcp reset`);
  }
  for (const family of [4, 6] as const) {
    const place = places[family];
    if (!place) continue;
    const to = allowed[family].length > 0 ? nftSet(allowed[family]) : family === 6 ? 'MX_IPV6_ADDRESS' : 'MX_IPV4_ADDRESS';
    lines.push(`nft insert rule ${place.table} ${place.chain} ${skuid(uid)}${addressKey(family)} ${to} tcp dport ${NFT_SMTP_PORTS} accept`);
  }
  return lines;
}

/** Accept the given destinations at the top of the native chain whose rule or policy stops them. */
export function nftOpenLines(place: NftPlace, to: { address: string; family: Family; port: number }[]): string[] {
  return to.map((d) => `nft insert rule ${place.table} ${place.chain} ${addressKey(d.family)} ${d.address} tcp dport ${d.port} accept`);
}

/**
 * The IPv6 counterpart of an IPv4-only rule, right after it when its handle is known: the same
 * ports and verdict, for IPv6 packets, sparing the allowed IPv6 addresses.
 */
export function ipv6CounterpartLines(place: NftPlace, ports: number[], verdict: 'drop' | 'reject', allowed: string[], rest?: string): string[] {
  const match = allowed.length > 0 ? `ip6 daddr != ${nftSet(allowed)} ` : familyOnly(place, 6);
  const rule = `${match}${rest ?? `tcp dport ${nftSet(ports.length > 0 ? ports : [25, 465, 587])} ${verdict === 'reject' ? 'reject with tcp reset' : 'drop'}`}`;
  if (place.handle !== undefined) return [`nft add rule ${place.table} ${place.chain} position ${place.handle} ${rule}`];
  return [`nft -a list chain ${place.table} ${place.chain}   # the rule's handle`, `nft add rule ${place.table} ${place.chain} position HANDLE ${rule}`];
}

/** Reject IPv6 SMTP in a native chain, except to the allowed IPv6 addresses. */
export function nftIpv6Lines(place: NftPlace, allowed: string[], uid?: number): string[] {
  return [
    `nft insert rule ${place.table} ${place.chain} ${familyOnly(place, 6)}oifname != "lo" tcp dport ${NFT_SMTP_PORTS} reject with tcp reset`,
    `nft insert rule ${place.table} ${place.chain} ${skuid(uid)}ip6 daddr ${allowed.length > 0 ? nftSet(allowed) : 'MX_IPV6_ADDRESS'} tcp dport ${NFT_SMTP_PORTS} accept`,
  ];
}

/** The end of every nft fix: the live rules do not survive a reboot by themselves. */
export const NFT_PERSIST = '# then write the same rules into /etc/nftables.conf: rules added with nft are lost at reboot';

const POLICY = 'smtp-out';

/** firewalld (nftables backend): an egress policy HOST → ANY that accepts the allowed MX addresses and rejects other SMTP. */
export function firewalldPolicyLines(allowed: Record<Family, string[]>): string[] {
  const rich = (rule: string): string => `firewall-cmd --permanent --policy ${POLICY} --add-rich-rule='${rule}'`;
  return [
    `firewall-cmd --permanent --new-policy ${POLICY}`,
    `firewall-cmd --permanent --policy ${POLICY} --add-ingress-zone HOST`,
    `firewall-cmd --permanent --policy ${POLICY} --add-egress-zone ANY`,
    ...([4, 6] as const).flatMap((family) => (allowed[family].length > 0 ? allowed[family] : [family === 6 ? 'MX_IPV6_ADDRESS' : 'MX_IPV4_ADDRESS'])
      .map((ip) => rich(`rule family="ipv${family}" priority="-1" destination address="${ip}" port port="25" protocol="tcp" accept`))),
    ...[25, 465, 587].map((port) => rich(`rule port port="${port}" protocol="tcp" reject`)),
    'firewall-cmd --reload',
  ];
}

/** firewalld: accept a destination in the policy that rejects it (its rich rules at priority -1 run before its deny rules). */
export function firewalldPolicyOpenLines(policy: string, to: { address: string; family: Family; port: number }[]): string[] {
  return [
    ...to.map((d) => `firewall-cmd --permanent --policy ${policy} --add-rich-rule='rule family="ipv${d.family}" priority="-1" destination address="${d.address}" port port="${d.port}" protocol="tcp" accept'`),
    'firewall-cmd --reload',
  ];
}

/** `filter_OUT_policy_smtp-out_deny` → `smtp-out` (firewalld fw_policy.py policy_base_chain_name and its sub-chains). */
export function firewalldPolicyOf(chain: string): string | undefined {
  return /^filter_OUT_policy_(.+?)(?:_pre|_log|_deny|_allow|_post)?$/.exec(chain)?.[1];
}

/**
 * source-port-bypass in nft terms: DNS by destination port and replies by state, inserted at the
 * top of each native chain, then the sport rules deleted by handle (`nft -a` shows it). iptables
 * rules among them keep iptables' commands.
 */
export function nftSourcePortFix(family: Family, rules: readonly { chain: string; rule: number; nft?: NftPlace }[]): string[] {
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  const lines: string[] = [];
  const iptables = rules.filter((r) => !r.nft);
  if (iptables.length > 0) lines.push(`${tool} -A OUTPUT -p udp --dport 53 -j ACCEPT`, `${tool} -A OUTPUT -p tcp --dport 53 -j ACCEPT`, `${tool} -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`, ...iptables.map((r) => `${tool} -D ${r.chain} ${r.rule}   # the spt rule (delete from the highest number down)`).reverse());
  const places = rules.flatMap((r) => (r.nft ? [r.nft] : []));
  for (const chain of [...new Set(places.map((p) => `${p.table} ${p.chain}`))]) {
    lines.push(`nft insert rule ${chain} ct state established,related accept`, `nft insert rule ${chain} udp dport 53 accept`, `nft insert rule ${chain} tcp dport 53 accept`);
  }
  for (const p of places) lines.push(p.handle !== undefined ? `nft delete rule ${p.table} ${p.chain} handle ${p.handle}   # the sport rule` : `nft -a list chain ${p.table} ${p.chain}   # then: nft delete rule ${p.table} ${p.chain} handle N (the sport rule's handle)`);
  return [...lines, NFT_PERSIST];
}

/** nat-redirect: where to look at the rewrites, in each native nat chain and in iptables' nat OUTPUT when it has some. */
export function natRedirectListLines(rules: readonly { nft?: NftPlace }[]): string[] {
  const native = [...new Set(rules.flatMap((r) => (r.nft ? [`nft -a list chain ${r.nft.table} ${r.nft.chain}`] : [])))];
  return rules.some((r) => !r.nft) ? [...native, 'iptables -t nat -L OUTPUT -n -v --line-numbers', 'ip6tables -t nat -L OUTPUT -n -v --line-numbers'] : native;
}
