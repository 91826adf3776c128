// The wording of every finding, made from its arguments: the message, the fix (mailleak prints
// it, never applies it) and what the finding takes for granted. One entry per code, so the
// compiler finds a code without its wording. Detectors only say what they found (./types.ts).
// The renderers call this module; so does fleet, whose table shows the first fix.
import { firewallLines } from '../fix-terms.js';
import { firewalldPolicyOf, ipv6CounterpartLines, natRedirectListLines, NFT_PERSIST, NFT_SMTP_PORTS, nftIpv6Lines, nftSourcePortFix } from '../nft-fix-terms.js';
import { FIREWALLD_TABLE } from './native.js';
import { identityCommands, ipv4OnlySwitch, mtaName, refusedAt, restrictAtMta } from './mta-terms.js';
import { FINDING_INFO, type ChainPlace, type Finding, type FindingArgs, type FindingCode, type Fix } from './types.js';

interface Wording<C extends FindingCode> {
  message: (a: FindingArgs<C>) => string;
  fix: (a: FindingArgs<C>) => Fix | null;
  assumed?: (a: FindingArgs<C>) => string[];
}

const tool = (family: number): string => (family === 6 ? 'ip6tables' : 'iptables');
const SMTP_REJECT = '-p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset';
const more = (list: string[], shown: number): string => `${list.slice(0, shown).join(', ')}${list.length > shown ? ', …' : ''}`;

/** "The remaining ways out are LOCALOUTPUT (OUTPUT rule 9 …) and IPv6 (…)." from what the listing showed. */
function csfWaysOut(a: FindingArgs<'framework-csf'>): string {
  const ways = a.waysOut.map((w) => `${w.target} (${w.chain} rule ${w.rule}${w.target === 'LOCALOUTPUT' ? ', where csf.allow entries are accepted' : ''})`);
  if (a.ipv6 === 'not-supplied') ways.push('IPv6 (no ip6tables data was supplied; CSF leaves ip6tables alone unless IPV6 = "1")');
  if (a.ipv6 === 'open') ways.push('IPv6 (ip6tables lets SMTP out)');
  if (ways.length === 0) return 'Nothing else shown lets SMTP out.';
  return `The remaining way${ways.length === 1 ? '' : 's'} out ${ways.length === 1 ? 'is' : 'are'} ${ways.length === 1 ? ways[0] : `${ways.slice(0, -1).join(', ')} and ${ways[ways.length - 1]}`}.`;
}

/** "inet filter output rule 5", "ip filter OUTPUT policy (iptables-nft)", "filter OUTPUT rule 2". */
function placeName(p: ChainPlace): string {
  return `${p.table} ${p.chain} ${p.policy ? 'policy' : `rule ${p.rule}`}${p.iptablesNft ? ' (iptables-nft)' : ''}`;
}

const hostAt = (host: string, address: string | undefined, port: number, family: number): string => `${host} ${family === 6 ? `[${address ?? '?'}]` : address ?? '?'}:${port}`;

/** firewalld's table is rewritten on reload: SMTP is restricted in an egress policy (HOST → ANY), with firewall-cmd. */
function firewalldIpv6Fix(chain: string, family: 'ipv4' | 'ipv6' | undefined = 'ipv6'): Fix {
  const policy = firewalldPolicyOf(chain);
  const name = policy ?? 'smtp-out';
  return {
    summary: `With firewalld: reject ${family === 'ipv6' ? 'IPv6 ' : ''}SMTP in ${policy !== undefined ? `its egress policy ${policy}` : 'an egress policy from HOST to ANY (zones filter incoming traffic only)'}, then reload; never with nft, as firewalld rewrites its table on reload.`,
    lines: [
      ...(policy === undefined ? [`firewall-cmd --permanent --new-policy ${name}`, `firewall-cmd --permanent --policy ${name} --add-ingress-zone HOST`, `firewall-cmd --permanent --policy ${name} --add-egress-zone ANY`] : []),
      ...[25, 465, 587].map((port) => `firewall-cmd --permanent --policy ${name} --add-rich-rule='rule ${family !== undefined ? `family="${family}" ` : ''}port port="${port}" protocol="tcp" reject'`),
      'firewall-cmd --reload',
    ],
  };
}

const WORDING: { [C in FindingCode]: Wording<C> } = {
  'ipv6-unfiltered': {
    message: (a) => (a.seen === 'attempts'
      ? `${a.noTables ? 'No ip6tables table is loaded, so nothing filters IPv6' : `${a.chain ?? 'ip6tables OUTPUT'} accepts IPv6 SMTP`}: ${a.accepted} of ${a.attempts} IPv6 attempt(s) get out, the first to ${a.host} [${a.address}]:${a.port}.`
      : `${a.noTables ? 'No ip6tables table is loaded, so nothing stops' : `${a.chain ?? 'ip6tables OUTPUT'} accepts`} SMTP to any IPv6 address (checked with ${a.probe} port 25); ${a.domain} has no IPv6 attempt today, but any MX that publishes AAAA records will be reached over IPv6.`),
    fix: (a) => (a.nft?.table === FIREWALLD_TABLE ? firewalldIpv6Fix(a.nft.chain) : a.nft
      ? { summary: `Reject IPv6 SMTP in ${a.nft.table} ${a.nft.chain} except to the allowed IPv6 addresses (or stop ${mtaName(a.mta)} using IPv6: ${ipv4OnlySwitch(a.mta)}).`, lines: [...nftIpv6Lines(a.nft, a.allowed, a.uid), NFT_PERSIST] }
      : { summary: `Mirror the SMTP restriction in ip6tables (or stop ${mtaName(a.mta)} using IPv6: ${ipv4OnlySwitch(a.mta)}).`, lines: firewallLines(6, a.allowed) }),
  },
  'ipv6-unknown': {
    // when DNS did not say, the IPv6 attempts are only possible ones: do not claim the addresses exist
    message: (a) => {
      const order = a.mta === 'postfix' && a.randomOrder ? 'Postfix picks IPv6 or IPv4 first at random (smtp_address_preference = any)' : a.ipv6First ? `${mtaName(a.mta)} tries IPv6 first` : `${mtaName(a.mta)} tries them when IPv4 fails`;
      return a.addressesKnown
        ? `${a.domain}'s mail hosts have IPv6 addresses (${a.attempts} IPv6 attempt${a.attempts === 1 ? '' : 's'}: ${more(a.hosts, 3)}) and ${order}, but no ip6tables data was supplied: an IPv4-only restriction does not stop mail over IPv6.`
        : `The addresses of ${more(a.hosts, 3)} are not known, and no ip6tables data was supplied: if they have AAAA records, ${order}, and an IPv4-only restriction does not stop mail over IPv6.`;
    },
    fix: (a) => ({
      summary: `Supply the IPv6 firewall so it can be checked (or stop ${mtaName(a.mta)} using IPv6: ${a.mta === 'exim' ? '`disable_ipv6 = true`' : ipv4OnlySwitch(a.mta)}).`,
      lines: ['ip6tables-save -c', 'ip6tables -L -n -v --line-numbers', 'ip6tables -t nat -L -n -v --line-numbers'],
    }),
  },
  'custom-chain-accepts': {
    message: (a) => `Rule ${a.rule} of the user-defined chain ${a.chain}${a.table !== undefined ? ` (table ${a.table})` : ''} accepts the connection to ${a.host} [${a.address}]:${a.port} (IPv${a.family}) before ${a.table !== undefined ? `${a.base ?? 'the base chain'}'s` : 'OUTPUT\'s'} own rules or policy are reached.`,
    fix: (a) => (a.table !== undefined
      ? { summary: `Change or remove the accept in ${a.chain} (or whatever generates it), or reject SMTP earlier in ${a.base ?? 'the base chain that jumps to it'}.`, lines: [`nft -a list chain ${a.table} ${a.chain}`] }
      : { summary: `Change or remove the ACCEPT in ${a.chain} (or whatever generates it), or reject SMTP earlier in OUTPUT.`, lines: [`${tool(a.family)} -L ${a.chain} -n -v --line-numbers`] }),
  },
  'chain-body-missing': {
    message: (a) => {
      const counters = a.counters === undefined ? '' : `; ${a.counters.split(/\s+/)[0]} packets (${a.counters.split(/\s+/)[1] ?? '?'} bytes) went through it`;
      return `${a.chain} rule ${a.rule} ${a.via === 'goto' ? 'goes to' : 'jumps to'} ${a.target}, whose rules were not supplied (IPv${a.family})${counters}: they may accept, drop or return the mail.`;
    },
    fix: (a) => ({ summary: `List ${a.target} and run mailleak again with it.`, lines: [a.command] }),
  },
  'established-not-new': {
    message: (a) => `${a.chain} rule ${a.rule} accepts only ${a.states.join(',')} packets: it does not admit the first packet (state NEW) of a new SMTP connection, so it is not what lets mail out${a.counters !== undefined ? ` (its ${a.counters.split(/\s+/)[0]} packets are replies and the rest of connections already let through)` : ''}.`,
    fix: () => null,
  },
  'state-new-accepted': {
    message: (a) => `${a.chain} rule ${a.rule} accepts state ${a.states.join(',')}: NEW admits the first packet of a new connection, so ${a.certain ? 'it lets' : 'it may let'} ${mtaName(a.mta)}'s connection to ${a.host} [${a.address}]:${a.port} out.`,
    fix: (a) => ({ summary: 'If the rule is meant for replies only, drop NEW from it; if it is meant to allow new connections, restrict its destination or port.', lines: [`${tool(a.family)} -R ${a.chain} ${a.rule} … -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT   (the rule's other conditions unchanged)`] }),
  },
  'policy-accept': {
    message: (a) => {
      if ('nft' in a) return `No rule in ${a.nft.table} ${a.nft.chain} decides ${a.decided} SMTP attempt(s)${a.family === 'both' ? '' : ` (IPv${a.family})`}; its policy accept lets them out.`;
      return a.decided > 0
        ? `No rule in ${tool(a.family)} ${a.chain} decides ${a.decided} SMTP attempt(s); the ${a.chain} policy ACCEPT lets them out.`
        : `The ${tool(a.family)} ${a.chain} policy is ACCEPT: whatever the undecided rules do not stop goes out.`;
    },
    fix: (a) => {
      if ('nft' in a && a.nft.table === FIREWALLD_TABLE) return firewalldIpv6Fix(a.nft.chain, a.family === 6 ? 'ipv6' : a.family === 4 ? 'ipv4' : undefined);
      if ('nft' in a) return { summary: `Reject outgoing SMTP explicitly at the end of ${a.nft.table} ${a.nft.chain} (or make its policy drop only with every needed accept in place).`, lines: [`nft add rule ${a.nft.table} ${a.nft.chain} oifname != "lo" tcp dport ${NFT_SMTP_PORTS} reject with tcp reset`, NFT_PERSIST] };
      return a.chain === 'FORWARD'
        // Docker rewrites FORWARD's own rules on restart; DOCKER-USER is the place it leaves alone
        ? { summary: 'Reject the container\'s outgoing SMTP in DOCKER-USER, which Docker keeps (its FORWARD rules are rewritten on restart).', lines: [`${tool(a.family)} -I DOCKER-USER ${SMTP_REJECT}`] }
        : { summary: 'Reject outgoing SMTP explicitly at the end of OUTPUT (or make the policy DROP only with every needed ACCEPT in place).', lines: [`${tool(a.family)} -A OUTPUT ${SMTP_REJECT}`] };
    },
  },
  'owner-allows-mta': {
    message: (a) => {
      const who = a.uid !== undefined ? `the MTA (uid ${a.uid}${a.gid !== undefined ? `, gid ${a.gid}` : ''})` : 'the MTA (its uid was not given: --uid)';
      return a.certain
        ? `${a.chain} rule ${a.rule} accepts SMTP from ${a.owner}, which is ${who}: it limits which programs may send, not where the MTA delivers.`
        : `${a.chain} rule ${a.rule} accepts SMTP from ${a.owner}; whether that includes ${who} decides the answer. Owner rules limit which programs may send, never where the MTA delivers.`;
    },
    fix: (a) => ({ summary: `Restrict destinations in the MTA (${a.mta === 'exim' ? 'router' : 'transport_maps'} below), or add destination rules that also apply to the MTA's uid; pass --uid/--gid for an exact answer.`, lines: identityCommands(a.mta) }),
  },
  'source-port-bypass': {
    message: (a) => `${a.rules.map((r) => `${r.nft ? `${r.nft.table} ` : ''}${r.chain} rule ${r.rule}`).join(', ')} accept${a.rules.length === 1 ? 's' : ''} by source port alone (IPv${a.family}): any process that sends from that port can reach any destination port, SMTP included. They do not decide the mail's packet here, but they are a way around any SMTP restriction.`,
    fix: (a) => ({ summary: 'Match DNS by destination port for queries and by state for replies instead of by source port.', lines: a.rules.some((r) => r.nft) ? nftSourcePortFix(a.family, a.rules) : [
      `${tool(a.family)} -A OUTPUT -p udp --dport 53 -j ACCEPT`,
      `${tool(a.family)} -A OUTPUT -p tcp --dport 53 -j ACCEPT`,
      `${tool(a.family)} -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`,
      ...a.rules.map((r) => `${tool(a.family)} -D ${r.chain} ${r.rule}   # the spt rule (delete from the highest number down)`).reverse(),
    ] }),
  },
  'mx-not-covered': {
    message: (a) => {
      const apexNote = a.apexRules.length > 0 ? ` ${a.apexRules.join(', ')} allow${a.apexRules.length === 1 ? 's' : ''} ${a.apex.join(', ')}, the address of ${a.domain} itself: mail goes to its MX hosts, not to that address.` : '';
      return `Mail to the allowed domain ${a.domain} is stopped: ${a.missing.length} connection(s) ${mtaName(a.mta)} makes are not accepted (${more(a.missing, 3)}).${apexNote}`;
    },
    // opening the way for the domain is the recommended fix itself, in the firewall's own terms (../fixes.ts)
    fix: () => null,
  },
  'via-smarthost': {
    message: (a) => `Mail to ${a.domain} goes via ${a.relays.join(', ') || 'a relay'}${a.router ? (a.mta === 'exim' ? ` (router ${a.router.name}, ${a.router.driver})` : ` (${a.router.name})`) : ''}: the firewall sees connections to the relay, not to ${a.domain}'s MX hosts, so a rule for the relay decides for every domain and the relay decides where mail finally goes.`,
    fix: (a) => ({ summary: `Restrict domains in ${restrictAtMta(a.mta)} or on the relay; a firewall rule can only allow or block the relay as a whole.`, lines: [] }),
  },
  'nat-redirect': {
    message: (a) => {
      const applied = a.rewritten.length > 0
        ? ` It applies to the MTA's own connections: ${a.rewritten.map((x) => `${x.host} [${x.address}]:${x.port} → ${x.to}`).join(', ')}${a.staysLocal ? ' (back to this host, so they do not leave it directly)' : ''}.`
        : ' It does not apply to the MTA\'s connections as traced (an owner or address condition spares them), so it restricts other programs only.';
      return `nat OUTPUT rewrites SMTP connections (${a.rules.map((r) => `${r.nft ? `${r.nft.table} ` : ''}${r.chain} rule ${r.rule} ${r.action}`).join(', ') || 'see the trace'}), before filter OUTPUT sees them.${applied}`;
    },
    fix: (a) => ({ summary: `A redirect sends programs' SMTP to the local MTA; the MTA itself must still be restricted (${a.mta === 'exim' ? 'router' : 'transport_maps'} below). Check both families' nat tables.`, lines: a.rules.some((r) => r.nft) ? natRedirectListLines(a.rules) : ['iptables -t nat -L OUTPUT -n -v --line-numbers', 'ip6tables -t nat -L OUTPUT -n -v --line-numbers'] }),
  },
  'goto-policy': {
    message: (a) => `${a.chain} rule ${a.rule} uses goto (-g) ${a.to}: when ${a.to} does not decide, processing does not continue after rule ${a.rule}; the ${a.chain} policy ${a.policy} decides, and the rules after the goto are never reached for those packets.`,
    fix: (a) => ({ summary: `Use -j ${a.to} (jump) if the rules after it should still apply, or end ${a.to} with an explicit verdict.`, lines: [] }),
  },
  'framework-csf': {
    message: (a) => {
      const intro = `These rules are generated by ConfigServer Firewall (CSF: chains ${a.chains.join(', ') || 'from csf.conf'}). CSF accepts outgoing TCP to every TCP_OUT port with one \`state NEW dpt:PORT\` rule near the end of OUTPUT, before its final LOGDROPOUT`;
      const hand = 'Rules added by hand are lost on `csf -r`.';
      const decides = 'so OUTPUT\'s DROP policy is never what decides SMTP';
      const noSmtp = `so SMTP that no earlier rule accepts ends in LOGDROPOUT, which rejects it. ${csfWaysOut(a)}`;
      switch (a.tcpOut.from) {
        case 'default':
          return `${intro}; TCP_OUT contains 25 and 587 by default (assumed), ${decides}. ${hand}`;
        case 'csf.conf':
          return a.tcpOut.smtpPorts.length > 0
            ? `${intro}; TCP_OUT contains ${a.tcpOut.smtpPorts.join(', ')} (csf.conf), ${decides}. ${hand}`
            : `${intro}; TCP_OUT contains no SMTP port (csf.conf), ${noSmtp} ${hand}`;
        case 'listing':
          return a.tcpOut.smtpPorts.length > 0
            ? `${intro}; the listing shows TCP_OUT's rule${a.tcpOut.rules.length === 1 ? '' : 's'} for ${a.tcpOut.smtpPorts.join(', ')} (OUTPUT rule ${a.tcpOut.rules.join(', ')}): CSF accepts new connections to ${a.tcpOut.smtpPorts.length === 1 ? 'that port' : 'those ports'} to any host, ${decides}. ${hand}`
            : `${intro}. The listing shows OUTPUT down to that LOGDROPOUT (rule ${a.tcpOut.logdropRule}) with no such rule for 25, 465 or 587: TCP_OUT does not appear to contain 25 (CSF's default does), ${noSmtp} ${hand}`;
      }
    },
    // the advice in csf.conf / csf.allow terms is the recommended fix itself (../fixes.ts)
    fix: () => null,
    assumed: (a) => [
      ...(a.tcpOut.from === 'default' ? ['csf.conf was not supplied and the listing does not show OUTPUT down to LOGDROPOUT: CSF\'s default TCP_OUT (which contains 25 and 587) is assumed'] : []),
      ...(a.ipv6Assumed && a.ipv6 === 'not-supplied' ? ['CSF\'s default IPV6 = "0" is assumed: CSF then leaves ip6tables alone, so IPv6 is not filtered by it'] : []),
    ],
  },
  'framework-ufw': {
    message: (a) => {
      const nft = !a.nft ? '' : `${a.nft.tables.length > 0 ? ` ufw writes through iptables-nft: \`nft list ruleset\` shows its chains in ${a.nft.tables.join(', ')}.` : ''}${a.nft.others.length > 0 ? ` The native table${a.nft.others.length === 1 ? '' : 's'} ${a.nft.others.join(', ')} beside them ${a.nft.others.length === 1 ? 'is' : 'are'} not ufw's and filter${a.nft.others.length === 1 ? 's' : ''} too: a packet must get past both, and \`ufw status\` does not show ${a.nft.others.length === 1 ? 'it' : 'them'}.` : ''}`;
      return `These rules are managed by ufw${a.chains.length > 0 ? ` (chains ${a.chains.slice(0, 3).join(', ')}…)` : ''}. Change them with ufw commands, not iptables, or they are lost on reload.${a.inboundOnly ? ' `ufw deny PORT` without `out` applies to incoming connections only: it does not stop outgoing mail.' : ''}${nft}`;
    },
    // the advice as ufw commands is the recommended fix itself (../fixes.ts)
    fix: () => null,
  },
  'framework-docker': {
    message: (a) => `Docker manages part of these rules (${a.chains.join(', ')}). Mail sent from a container is forwarded through FORWARD and DOCKER-USER and masqueraded in nat POSTROUTING, so OUTPUT rules do not see it${a.containerKnown ? '' : ' (the answer traces both: an MTA on this host through OUTPUT, one in a container through FORWARD)'}; and Docker rewrites its own chains on restart, all but DOCKER-USER.`,
    // DOCKER-USER rules are part of the recommended fix (../fixes.ts)
    fix: () => null,
  },
  'container-forward': {
    message: (a) => {
      const decides = a.deciders.map((d) => `${d.policy ? `the ${d.table} ${d.chain} policy` : `${d.table} ${d.chain} rule ${d.rule}`} (IPv${d.family}, ${d.verdict})`);
      const output = a.outputRules > 0 ? ` The ${a.outputRules} OUTPUT rule${a.outputRules === 1 ? '' : 's'} about SMTP ports never see it.` : '';
      return `The MTA runs in ${a.name !== undefined ? `container ${a.name} (${a.addresses.join(', ') || 'address not known'})` : `container ${a.addresses.join(', ') || '(address not known)'}`} on bridge ${a.bridge}: its connections are forwarded by this host (PREROUTING → FORWARD → POSTROUTING), not sent through OUTPUT.${output} What decides them: ${decides.length > 0 ? decides.join(', ') : 'nothing decided yet (see what the answer depends on)'}.`;
    },
    // the DOCKER-USER rules are part of the recommended fix (../fixes.ts)
    fix: () => null,
  },
  'framework-firewalld': {
    message: (a) => {
      if (!a.nftables) return `firewalld manages these rules (${a.chains.join(', ')}). Rules added with iptables directly are lost on \`firewall-cmd --reload\`.`;
      const p = a.nftables.egressPolicies;
      const policies = p.length > 0 ? `: this host has ${p.length === 1 ? 'policy' : 'policies'} ${p.join(', ')}` : ': there is none, so firewalld itself lets outgoing SMTP out';
      return `firewalld manages this host's firewall (table inet firewalld, nftables backend). Its zones filter incoming traffic only; outgoing mail is filtered only by a policy with HOST as ingress zone (chains filter_OUT_policy_*)${policies}. Direct rules (\`firewall-cmd --direct\`) live in iptables${a.direct.length > 0 ? ` (${a.direct.join(', ')})` : ''}, a second firewall: a packet must be accepted by both, so a direct ACCEPT does not override firewalld's reject, and a direct DROP is final. Rules added by hand with nft or iptables are lost on \`firewall-cmd --reload\`.`;
    },
    // the advice as firewall-cmd direct rules is the recommended fix itself (../fixes.ts)
    fix: () => null,
  },
  'input-incomplete': {
    message: (a) => `The input does not show everything the answer depends on (${a.gaps} gap${a.gaps === 1 ? '' : 's'}); what is missing is treated as unknown, never as harmless.`,
    fix: (a) => (a.commands.length > 0 ? { summary: 'Supply the complete rulesets (iptables-save shows every table and chain with counters).', lines: [...a.commands] } : null),
  },
  'mta-refuses': {
    message: (a) => `${a.mta === 'exim' ? 'The MTA' : mtaName(a.mta)} refuses mail to ${a.domain}${a.router ? refusedAt(a.mta, a.router) : a.reason ? `: ${a.reason}` : ''}. No connection is attempted, so the firewall is not what stops it.`,
    fix: () => null,
  },
  'fallback-relay': {
    message: (a) => `The firewall stops ${a.stopped} connection(s) ${mtaName(a.mta)} makes to ${a.domain}'s next hop, but a stopped connection is a temporary failure: ${a.mta === 'postfix' ? 'smtp_fallback_relay' : 'the fallback hosts'} then take${a.mta === 'postfix' ? 's' : ''} the mail, and the firewall ${a.certain ? 'accepts' : 'may accept'} the connection to ${a.relay} ${a.family === 6 ? `[${a.address ?? '?'}]` : a.address ?? '?'}:${a.port}.`,
    fix: (a) => ({ summary: `Restrict destinations in ${restrictAtMta(a.mta)}, or stop the fallback relay too; ${a.mta === 'postfix' ? 'removing smtp_fallback_relay makes blocked mail wait in the queue instead' : 'removing fallback_hosts makes blocked mail wait in the queue instead'}.`, lines: a.mta === 'postfix' ? ['postconf -e smtp_fallback_relay=', 'postconf -P | grep fallback_relay   # master.cf -o overrides too', 'postfix reload'] : [] }),
  },
  'verify-probe-leaks': {
    message: (a) => {
      const mail = a.mail === 'refused' ? `Postfix refuses mail to ${a.domain}${a.mailReason ? ` (${a.mailReason})` : ''}` : a.mail === 'stopped' ? `The firewall stops Postfix's mail to ${a.domain}` : `Besides the mail to ${a.domain}`;
      return `${mail}, but address verification is on (${a.restriction} in ${a.list}): verify(8) probes addresses at ${a.domain} with SMTP sessions that end after RCPT TO, routed by ${a.routedBy.join(', ')} rather than as mail is, and the firewall ${a.certain ? 'accepts' : 'may accept'} the probe's connection to ${hostAt(a.host, a.address, a.port, a.family)}. No message body leaves that way, but the host does connect to ${a.domain}'s servers.`;
    },
    fix: (a) => ({
      summary: `Route probes as mail is: remove ${a.routedBy.join(', ')} (each then follows the parameter it shadows: relayhost, transport_maps …), or point address_verify_relayhost / address_verify_transport_maps at an allowed relay; or stop verifying by removing ${a.restriction} from ${a.list}.`,
      lines: [...a.routedBy.map((p) => `postconf -X ${p}`), `postconf ${a.list}   # then remove ${a.restriction} with postconf -e`, 'postfix reload'],
    }),
  },
  'accept-not-final': {
    message: (a) => `${placeName(a.accepted)} accepts the connection to ${hostAt(a.host, a.address, a.port, a.family)} (IPv${a.family}, for ${a.domain}), but an accept ends only its own base chain and a drop or reject in any base chain is final: ${placeName(a.decided)} ${a.decided.verdict === 'REJECT' ? 'rejects' : 'drops'} it ${a.acceptFirst ? 'afterwards' : 'first'}. ${placeName(a.decided)} decided${a.connections > 1 ? ` (${a.connections} connections)` : ''}: every base chain on the hook must accept for mail to get out.`,
    fix: (a) => {
      // firewalld's table is changed with firewall-cmd only; a direct ACCEPT in iptables does not override it (firewalld.direct(5))
      if (a.decided.table === FIREWALLD_TABLE) return { summary: `Let the mail through in firewalld itself: accept it in the egress policy that ${a.decided.verdict === 'REJECT' ? 'rejects' : 'drops'} it (${a.decided.chain}), with a rich rule at priority -1; the accept in ${a.accepted.table} ${a.accepted.chain} is not enough on its own.`, lines: ['firewall-cmd --list-all-policies'] };
      const iptables = a.decided.iptablesNft === true || !a.decided.table.includes(' ');
      return { summary: `Let the mail through where it is ${a.decided.verdict === 'REJECT' ? 'rejected' : 'dropped'}: ${a.decided.table} ${a.decided.chain}${iptables ? ', with iptables (iptables-nft wrote it; nft would leave it inconsistent)' : ', with nft'}; the accept in ${a.accepted.table} ${a.accepted.chain} is not enough on its own.`,
        lines: [iptables ? `${tool(a.family)}${a.decided.table.endsWith('filter') ? '' : ` -t ${a.decided.table.split(' ').pop()}`} -L ${a.decided.chain} -n -v --line-numbers` : `nft -a list chain ${a.decided.table} ${a.decided.chain}`] };
    },
  },
  'ipv4-only-match': {
    message: (a) => {
      const out = 'probe' in a.leaks ? `SMTP to any IPv6 address gets out (checked with ${a.leaks.probe} port 25)` : `the connection to ${hostAt(a.leaks.host, a.leaks.address, a.leaks.port, 6)} gets out`;
      return a.why === 'ip-match'
        ? `${a.place.table} ${a.place.chain} rule ${a.rule} matches \`ip saddr\`/\`ip daddr\`, which never matches an IPv6 packet: it ${a.verdict}s IPv4 SMTP only, and IPv6 SMTP goes on past it: ${out}.`
        : `Table ${a.place.table.replace(/^ip6 /, 'ip ')} has family ip, so its rule ${a.rule} in ${a.place.chain} ${a.verdict}s IPv4 SMTP only; IPv6 packets never enter it: ${out}.`;
    },
    fix: (a) => (a.place.table === FIREWALLD_TABLE ? firewalldIpv6Fix(a.place.chain) : {
      summary: `Add the IPv6 counterpart ${a.why === 'ip-match' ? 'right after it' : `in a table of family ip6 (or inet)`}: the same conditions and verdict for IPv6${a.allowed.length > 0 ? ', sparing the allowed IPv6 addresses' : ''} (or stop ${mtaName(a.mta)} using IPv6: ${ipv4OnlySwitch(a.mta)}).`,
      lines: a.why === 'ip-match'
        ? [...ipv6CounterpartLines(a.place, a.ports, a.verdict, a.allowed, a.rest), NFT_PERSIST]
        : [`# create table ${a.place.table} and its output chain first if they do not exist`, `nft add rule ${a.place.table} ${a.place.chain} ${a.allowed.length > 0 ? `ip6 daddr != { ${a.allowed.join(', ')} } ` : ''}tcp dport { ${a.ports.join(', ')} } ${a.verdict === 'reject' ? 'reject with tcp reset' : 'drop'}`, NFT_PERSIST],
    }),
  },
  'native-tables-present': {
    message: (a) => `Native nftables tables filter on this host (${a.tables.join(', ')}), and \`iptables -L\` and \`iptables-save\` never show them: the iptables rules ${a.iptables === 'empty' ? 'look empty' : 'look permissive (nothing in them stops outgoing SMTP)'}, but ${a.stops > 0 ? `these tables stop ${a.stops} of the connections traced here` : 'every packet crosses these tables too'}.`,
    fix: (a) => ({ summary: 'Read and change these tables with nft: they sit on the same hooks as iptables\' rules, and a drop in either is final.', lines: ['nft list ruleset', ...a.tables.map((t) => `nft -a list table ${t}`)] }),
  },
};

function wordingOf<C extends FindingCode>(f: Finding & { code: C }): Wording<C> {
  return WORDING[f.code] as Wording<C>;
}

export function findingTitle(f: Finding): string {
  return FINDING_INFO[f.code].title;
}

export function findingMessage(f: Finding): string {
  return (wordingOf(f).message as (a: Finding['args']) => string)(f.args);
}

export function findingFix(f: Finding): Fix | null {
  return (wordingOf(f).fix as (a: Finding['args']) => Fix | null)(f.args);
}

/** What the finding takes for granted (framework defaults), said as assumed. */
export function findingAssumed(f: Finding): string[] {
  const assumed = wordingOf(f).assumed as ((a: Finding['args']) => string[]) | undefined;
  return assumed ? assumed(f.args) : [];
}
