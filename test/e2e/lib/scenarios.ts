// The scenarios of issue 5: the ways outbound mail gets out (or does not) on real servers.
import { DNSLOOKUP, filter, OPEN, type Scenario } from './scenario.js';

const LOCKED_V4 = filter('DROP', ['-A OUTPUT -d 198.51.100.40/32 -p tcp -m tcp --dport 25 -j ACCEPT']);
const LOCKED_V6 = filter('DROP', []);
/** ip6tables-restore of nothing: no IPv6 table is loaded in the host namespace */
const NO_TABLES = '';

const SMARTHOST = `
smarthost:
  driver = manualroute
  domains = ! +local_domains
  route_list = * smarthost.test
  transport = remote_smtp
`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'IPv4 locked down, IPv6 left open: Exim tries the AAAA first',
    recipient: 'user@leaky.test',
    routers: DNSLOOKUP,
    v4: LOCKED_V4,
    v6: OPEN,
    intent: { leaves: true, family: 6 },
  },
  {
    // CSF with IPV6 = "0", most CentOS/cPanel hosts: ip6tables-save prints nothing (issue 13)
    name: 'IPv4 locked down, no IPv6 table loaded at all: ip6tables-save prints nothing, the kernel filters nothing',
    recipient: 'user@leaky.test',
    routers: DNSLOOKUP,
    v4: LOCKED_V4,
    v6: NO_TABLES,
    intent: { leaves: true, family: 6 },
  },
  {
    name: 'ipv4_prefer: IPv4 times out, Exim falls back to the open IPv6',
    recipient: 'user@leaky.test',
    routers: DNSLOOKUP.replace("no_more", "ipv4_prefer = true\n  no_more"),
    v4: LOCKED_V4,
    v6: OPEN,
    intent: { leaves: true, family: 6 },
  },
  {
    name: 'CSF: LOCALOUTPUT → ALLOWOUT accepts the destination',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    v4: filter('DROP', ['-A OUTPUT -j LOCALOUTPUT', '-A LOCALOUTPUT -j ALLOWOUT', '-A ALLOWOUT -d 198.51.100.26/32 -j ACCEPT', '-A OUTPUT -d 198.51.100.40/32 -p tcp -m tcp --dport 25 -j ACCEPT'], ['LOCALOUTPUT', 'ALLOWOUT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'CSF TCP_OUT: state NEW dpt:25 accepted for everyone',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    v4: filter('DROP', ['-A OUTPUT -p tcp -m state --state NEW -m tcp --dport 25 -j ACCEPT', '-A OUTPUT -d 198.51.100.40/32 -p tcp -m tcp --dport 25 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'owner rule: the Exim user may send on port 25, other users are rejected',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    v4: filter('ACCEPT', ['-A OUTPUT -p tcp -m tcp --dport 25 -m owner --uid-owner {EXIM_UID} -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset']),
    v6: LOCKED_V6,
    otherUid: 65534,
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'state NEW,ESTABLISHED accept meant for replies admits new connections',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    v4: filter('DROP', ['-A OUTPUT -p tcp -m tcp --dport 25 -m state --state NEW,ESTABLISHED -j ACCEPT'], [], { keepReplies: false }),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'goto into a chain that ends: the OUTPUT policy DROP decides, not the ACCEPT after the goto',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    v4: filter('DROP', ['-A OUTPUT -p tcp -m tcp --dport 25 -g SMTPOUT', '-A OUTPUT -j ACCEPT', '-A SMTPOUT -d 198.51.100.40/32 -j ACCEPT'], ['SMTPOUT']),
    v6: LOCKED_V6,
    intent: { leaves: false },
  },
  {
    name: 'allowed by the A record of the domain, but its MX host has another address',
    recipient: 'user@allowed.test',
    routers: DNSLOOKUP,
    v4: filter('DROP', ['-A OUTPUT -d 203.0.113.10/32 -p tcp -m tcp --dport 25 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: false },
  },
  {
    name: 'smarthost on 587 allowed while port 25 is blocked',
    recipient: 'user@leaky.test',
    routers: SMARTHOST.replace('remote_smtp', 'smarthost_587'),
    transports: "smarthost_587:\n  driver = smtp\n  port = 587\n  connect_timeout = 2s\n  hosts_try_fastopen =\n",
    v4: filter('DROP', ['-A OUTPUT -p tcp -m tcp --dport 587 -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 25 -j DROP']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, port: 587 },
  },
  {
    name: 'Exim :fail: router: only allowed.test may be sent to, whatever the firewall says',
    recipient: 'user@leaky.test',
    routers: `
restrict:
  driver = redirect
  domains = ! allowed.test : ! +local_domains
  allow_fail
  data = :fail: mail to this domain is not allowed
${DNSLOOKUP}`,
    v4: OPEN,
    v6: OPEN,
    intent: { leaves: false, refused: true },
  },
  {
    name: 'dnslookup declines (the domain is not in DNS) and the next router sends to the smarthost',
    recipient: 'user@nowhere.nx.test',
    routers: DNSLOOKUP.replace('  no_more\n', '') + SMARTHOST,
    v4: filter('DROP', ['-A OUTPUT -d 203.0.113.50/32 -p tcp -m tcp --dport 25 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'nat REDIRECT of port 25 to the local MTA: the connection never leaves the host',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    v4: `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -j REDIRECT --to-ports 2525\nCOMMIT\n${OPEN}`,
    v6: LOCKED_V6,
    localSinkPort: 2525,
    intent: { leaves: false, local: true },
  },
];
