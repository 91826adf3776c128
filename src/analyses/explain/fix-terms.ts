// The firewall half of the recommended fix, in the terms of what manages the rules: csf.conf and
// csf.allow for CSF, ufw commands for ufw, firewall-cmd direct rules for firewalld, iptables
// and ip6tables otherwise, and DOCKER-USER for containers. A hand-made iptables rule on a host
// that CSF, ufw or firewalld manages is lost at their next reload, so advice never mixes them.
import type { Family } from '../../firewall/model.js';
import type { FindingArgs, Fix, NftPlace } from './findings/types.js';
import { firewalldPolicyLines, firewalldPolicyOpenLines, NFT_PERSIST, nftCloseLines, nftOpenLines } from './nft-fix-terms.js';

const PORTS = '25,465,587';

/** What manages the rules, from the framework findings (CSF first: it also creates ufw-like chains on no host). */
export type FirewallTerms =
  | { kind: 'csf'; csf: FindingArgs<'framework-csf'> }
  | { kind: 'ufw' }
  /** nftables: firewalld's own table (inet firewalld) was read, so egress is a policy, not direct rules */
  | { kind: 'firewalld'; nftables?: boolean; /** the egress policy that rejects (filter_OUT_policy_NAME) */ policy?: string }
  /** native nft tables filter output: the chain per family (a family without one keeps iptables) */
  | { kind: 'nft'; places: Partial<Record<Family, NftPlace>>; uid?: number }
  | { kind: 'iptables' };

/** One address mail must be able to reach, with the port the MTA connects to. */
export interface Destination {
  address: string;
  family: Family;
  port: number;
  /** the native nft chain that stops it (then it is opened there, with nft) */
  place?: NftPlace;
}

/** `-I OUTPUT 1` twice: the ACCEPTs end up above the REJECT. REJECT (tcp-reset) makes Exim fail
 *  at once instead of waiting out connect_timeout (5 minutes) per address as with DROP. */
export function firewallLines(family: Family, addresses: string[]): string[] {
  const cmd = family === 6 ? 'ip6tables' : 'iptables';
  const targets = addresses.length > 0 ? addresses : [family === 6 ? 'MX_IPV6_ADDRESS' : 'MX_IPV4_ADDRESS'];
  return [
    `${cmd} -I OUTPUT 1 -p tcp -m multiport --dports ${PORTS} -j REJECT --reject-with tcp-reset`,
    ...targets.map((t) => `${cmd} -I OUTPUT 1 -p tcp -d ${t} -m multiport --dports ${PORTS} -j ACCEPT`),
  ];
}

/** Stop SMTP to everything but the allowed addresses. */
export function closeFix(terms: FirewallTerms, allowed: Record<Family, string[]>, named: string): Fix {
  const both = [...allowed[4], ...allowed[6]];
  switch (terms.kind) {
    case 'csf':
      return csfCloseFix(terms.csf, both);
    case 'ufw':
      return { summary: `With ufw: deny outgoing SMTP and allow only ${named}; ufw applies both families when IPV6=yes in /etc/default/ufw.`, lines: [
        ...(both.length > 0 ? both : ['MX_ADDRESS']).map((ip, i) => `ufw insert ${i + 1} allow out to ${ip} port 25 proto tcp`),
        'ufw deny out 25/tcp', 'ufw deny out 465/tcp', 'ufw deny out 587/tcp', 'ufw status numbered',
      ] };
    case 'firewalld':
      if (terms.nftables) {
        return { summary: `With firewalld (nftables backend): its zones filter incoming traffic only, so restrict outgoing SMTP with a policy from HOST to ANY that accepts ${named} (rich rules at priority -1, before its rejects) and rejects the rest, for both families, then reload.`, lines: firewalldPolicyLines(allowed) };
      }
      return { summary: `With firewalld: direct rules for both families, allow ${named} (priority 0) before reject (priority 1), then reload.`, lines: [
        ...(allowed[4].length > 0 ? allowed[4] : ['MX_IPV4_ADDRESS']).map((ip) => `firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 0 -p tcp -d ${ip} -m multiport --dports ${PORTS} -j ACCEPT`),
        `firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 1 -p tcp -m multiport --dports ${PORTS} -j REJECT`,
        ...(allowed[6].length > 0 ? allowed[6] : ['MX_IPV6_ADDRESS']).map((ip) => `firewall-cmd --permanent --direct --add-rule ipv6 filter OUTPUT 0 -p tcp -d ${ip} -m multiport --dports ${PORTS} -j ACCEPT`),
        `firewall-cmd --permanent --direct --add-rule ipv6 filter OUTPUT 1 -p tcp -m multiport --dports ${PORTS} -j REJECT`,
        'firewall-cmd --reload',
      ] };
    case 'nft': {
      const families = ([4, 6] as const).filter((f) => terms.places[f] === undefined);
      const where = [...new Set(([4, 6] as const).flatMap((f) => (terms.places[f] ? [`${terms.places[f].table} ${terms.places[f].chain}`] : [])))].join(' and ');
      return {
        summary: `Firewall, IPv4 AND IPv6, in the native nft table${where.includes(' and ') ? 's' : ''} that filter${where.includes(' and ') ? '' : 's'} output (${where}): accept SMTP only to ${named}${terms.uid !== undefined ? ` and only from the MTA (uid ${terms.uid})` : ''}, reject the rest${families.length > 0 ? `; ${families.map((f) => `IPv${f}`).join(' and ')} with ${families.map((f) => (f === 6 ? 'ip6tables' : 'iptables')).join(' and ')}, as no native table filters it` : ''}.`,
        lines: [...nftCloseLines(terms.places, allowed, terms.uid), NFT_PERSIST, ...families.flatMap((f) => firewallLines(f, allowed[f]))],
      };
    }
    case 'iptables':
      return {
        summary: `Firewall, IPv4 AND IPv6: accept SMTP (${PORTS}) only to ${named}, reject the rest; save both (iptables-save and ip6tables-save).`,
        lines: [...firewallLines(4, allowed[4]), ...firewallLines(6, allowed[6])],
      };
  }
}

/** CSF: what to change depends on what TCP_OUT holds, as csf.conf or the listing showed it. */
function csfCloseFix(csf: FindingArgs<'framework-csf'>, allowed: string[]): Fix {
  const hasSmtp = csf.tcpOut.from === 'default' || csf.tcpOut.smtpPorts.length > 0;
  const allowLines = [
    '# /etc/csf/csf.allow (one line per allowed MX address)',
    ...(allowed.length > 0 ? allowed : ['MX_ADDRESS']).map((ip) => `tcp|out|d=25|d=${ip}`),
  ];
  const ipv6Lines = ['TCP6_OUT = "…"    # without 25, 465 and 587', 'IPV6 = "1"        # let CSF filter IPv6 as well'];
  const tail = ['csf -r', '# SMTP_BLOCK = "1" only stops non-MTA users; it never limits where Exim itself delivers.'];
  if (hasSmtp) {
    return { summary: 'In CSF: take 25, 465 and 587 out of TCP_OUT and TCP6_OUT, allow the permitted MX addresses in csf.allow, manage IPv6 too, reload.', lines: [
      '# /etc/csf/csf.conf', 'TCP_OUT = "…"     # the same list without 25, 465 and 587', ...ipv6Lines, ...allowLines, ...tail,
    ] };
  }
  const local = csf.waysOut.find((w) => w.target === 'LOCALOUTPUT');
  return { summary: `In CSF: TCP_OUT already lacks 25, 465 and 587 (keep it so); make IPv6 filtered the same way, allow only the permitted MX addresses in csf.allow, and check what ${local ? 'LOCALOUTPUT' : 'csf.allow'} accepts; reload.`, lines: [
    '# /etc/csf/csf.conf', ...ipv6Lines, ...allowLines,
    ...(local ? ['# a bare address in csf.allow accepts everything to it, SMTP included (LOCALOUTPUT → ALLOWOUT):', 'iptables -L LOCALOUTPUT -n -v --line-numbers', 'iptables -L ALLOWOUT -n -v --line-numbers'] : []),
    ...tail,
  ] };
}

/** Let mail reach the given addresses of an allowed domain, touching nothing else. */
export function openFix(terms: FirewallTerms, domain: string, to: Destination[]): Fix {
  const summary = (how: string): string => `Let mail to ${domain} out: ${how}. These are the addresses of its MX hosts, not its A record; they change, so check \`dig MX ${domain}\` now and then.`;
  const list = to.length > 0 ? to : [{ address: 'MX_IPV4_ADDRESS', family: 4 as const, port: 25 }];
  switch (terms.kind) {
    case 'csf':
      return { summary: summary(`allow its mail hosts in csf.allow, then reload CSF`), lines: ['# /etc/csf/csf.allow', ...list.map((d) => `tcp|out|d=${d.port}|d=${d.address}`), 'csf -r'] };
    case 'ufw':
      return { summary: summary(`allow its mail hosts with ufw rules inserted above the deny rules`), lines: [...list.map((d, i) => `ufw insert ${i + 1} allow out to ${d.address} port ${d.port} proto tcp`), 'ufw status numbered'] };
    case 'firewalld':
      if (terms.nftables) return { summary: summary(`accept its mail hosts in firewalld's egress policy (rich rules at priority -1 run before its rejects), then reload`), lines: firewalldPolicyOpenLines(terms.policy ?? 'smtp-out', list) };
      return { summary: summary(`accept its mail hosts with firewalld direct rules at priority 0, then reload`), lines: [...list.map((d) => `firewall-cmd --permanent --direct --add-rule ipv${d.family} filter OUTPUT 0 -p tcp -d ${d.address} --dport ${d.port} -j ACCEPT`), 'firewall-cmd --reload'] };
    case 'nft':
    case 'iptables': {
      const iptables = (d: Destination): string => `${d.family === 6 ? 'ip6tables' : 'iptables'} -I OUTPUT 1 -p tcp -d ${d.address} --dport ${d.port} -j ACCEPT`;
      if (!list.some((d) => d.place)) return { summary: summary(`accept its mail hosts at the top of OUTPUT (iptables for IPv4, ip6tables for IPv6), then save both`), lines: list.map(iptables) };
      // each where it is stopped: a native chain with nft, an iptables chain (iptables-nft's too) with iptables
      return { summary: summary(`accept each of its mail hosts at the top of the chain that stops it (nft for native tables, iptables for iptables' own)`), lines: [...list.map((d) => (d.place ? nftOpenLines(d.place, [d])[0]! : iptables(d))), NFT_PERSIST] };
    }
  }
}

/** Which containers a DOCKER-USER rule is about: the MTA's (its bridge and address), or all of them. */
export interface ContainerScope {
  bridge?: string;
  addresses: string[];
}

function dockerMatch(family: Family, scope: ContainerScope | undefined): string {
  const address = scope?.addresses.find((a) => (a.includes(':') ? 6 : 4) === family);
  return `${scope?.bridge !== undefined ? `-i ${scope.bridge} ` : ''}${address !== undefined ? `-s ${address} ` : ''}`;
}

/**
 * Containers' SMTP is forwarded, so it is restricted in DOCKER-USER, which Docker creates and
 * never flushes (docs.docker.com "Packet filtering and firewalls"); ufw's own rules do not see
 * it. `-I` twice: the RETURN for the allowed MX ends up above the REJECT and hands the packet
 * back to Docker's rules. Both families (ip6tables needs "ip6tables": true in daemon.json).
 */
export function dockerUserFix(scope?: ContainerScope, allowed: Record<Family, string[]> = { 4: [], 6: [] }): Fix {
  const lines = ([4, 6] as const).flatMap((family) => {
    const cmd = family === 6 ? 'ip6tables' : 'iptables';
    const match = dockerMatch(family, scope);
    return [
      `${cmd} -I DOCKER-USER ${match}-p tcp -m multiport --dports ${PORTS} -j REJECT --reject-with tcp-reset`,
      ...allowed[family].map((mx) => `${cmd} -I DOCKER-USER ${match}-p tcp -d ${mx} -m multiport --dports ${PORTS} -j RETURN`),
    ];
  });
  const who = scope?.bridge !== undefined ? `the MTA's container (bridge ${scope.bridge})` : 'containers';
  return { summary: `Containers: restrict the SMTP of ${who} in DOCKER-USER, which Docker keeps across restarts (OUTPUT and ufw's rules do not see forwarded mail), for both families (ip6tables needs "ip6tables": true in daemon.json), and restrict the containerised MTA's relay networks.`, lines };
}

/** Let a container's mail reach the given addresses: a RETURN at the top of DOCKER-USER, above its restriction. */
export function dockerOpenFix(scope: ContainerScope, domain: string, to: Destination[]): Fix {
  return { summary: `Let mail from the container to ${domain} out: return its MX addresses to Docker's rules at the top of DOCKER-USER.`, lines: to.map((d) => `${d.family === 6 ? 'ip6tables' : 'iptables'} -I DOCKER-USER ${dockerMatch(d.family, scope)}-p tcp -d ${d.address} --dport ${d.port} -j RETURN`) };
}
