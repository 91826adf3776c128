// The scenarios of issue 16: the ways Postfix's outbound mail gets out (or does not) on real
// servers, from Debian's Internet-site main.cf.
import { filter, OPEN } from '../../e2e/lib/scenario.js';
import type { PostfixScenario } from './scenario.js';

/** IPv4: only mx.allowed.test may be reached on 25 */
const LOCKED_V4 = filter('DROP', ['-A OUTPUT -d 198.51.100.40/32 -p tcp -m tcp --dport 25 -j ACCEPT']);
const LOCKED_V6 = filter('DROP', []);
const ONLY_587 = filter('DROP', ['-A OUTPUT -p tcp -m tcp --dport 587 -j ACCEPT']);
const RESTRICT = { transport_maps: 'hash:/etc/postfix/transport' };
const TRANSPORT = 'allowed.test    :\n.allowed.test   :\n*               error:5.7.1 outbound mail is restricted to allowed.test\n';

export const POSTFIX_SCENARIOS: PostfixScenario[] = [
  {
    name: "Debian's Internet-site main.cf, IPv4 locked down, IPv6 left open: the mail leaves over IPv6",
    recipient: 'user@leaky.test',
    v4: LOCKED_V4,
    v6: OPEN,
    intent: { leaves: true, family: 6 },
  },
  {
    name: 'inet_protocols = ipv4: the open IPv6 is never used, the locked IPv4 keeps the mail',
    recipient: 'user@leaky.test',
    main: { inet_protocols: 'ipv4' },
    v4: LOCKED_V4,
    v6: OPEN,
    intent: { leaves: false },
  },
  {
    name: 'master.cf smtp service with -o inet_protocols=ipv4: the open IPv6 is never used',
    recipient: 'user@leaky.test',
    masterOptions: { service: 'smtp', options: ['inet_protocols=ipv4'] },
    v4: LOCKED_V4,
    v6: OPEN,
    intent: { leaves: false },
  },
  {
    name: 'relayhost [smarthost.test]:587 while port 25 is dropped',
    recipient: 'user@leaky.test',
    main: { relayhost: '[smarthost.test]:587' },
    v4: filter('DROP', ['-A OUTPUT -p tcp -m tcp --dport 587 -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 25 -j DROP']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    name: 'relayhost relay.test:587 (no brackets): the MX of relay.test is used, not its A record',
    recipient: 'user@leaky4.test',
    main: { relayhost: 'relay.test:587' },
    v4: ONLY_587,
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.60', port: 587 },
  },
  {
    name: 'relayhost [relay.test]:587 (brackets): the A record of relay.test, no MX lookup',
    recipient: 'user@leaky4.test',
    main: { relayhost: '[relay.test]:587' },
    v4: ONLY_587,
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.61', port: 587 },
  },
  {
    name: 'transport_maps refuses every domain but allowed.test: the firewall is open, Postfix bounces',
    recipient: 'user@leaky.test',
    main: RESTRICT,
    maps: { transport: TRANSPORT },
    v4: OPEN,
    v6: OPEN,
    intent: { leaves: false, refused: true },
  },
  {
    name: 'transport_maps lets allowed.test through: it leaves by its MX',
    recipient: 'user@allowed.test',
    main: RESTRICT,
    maps: { transport: TRANSPORT },
    v4: LOCKED_V4,
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '198.51.100.40', port: 25 },
  },
  {
    name: 'smtp_fallback_relay on 587 after port 25 is dropped',
    recipient: 'user@leaky4.test',
    main: { smtp_fallback_relay: '[smarthost.test]:587' },
    v4: filter('DROP', ['-A OUTPUT -d 203.0.113.50/32 -p tcp -m tcp --dport 587 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    name: 'smtp_fallback_relay on 587 after port 25 is rejected (tcp-reset)',
    recipient: 'user@leaky4.test',
    main: { smtp_fallback_relay: '[smarthost.test]:587' },
    v4: filter('ACCEPT', ['-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    name: 'owner rule: the postfix user may send on port 25, everyone else is rejected',
    recipient: 'user@leaky4.test',
    v4: filter('ACCEPT', ['-A OUTPUT -p tcp -m tcp --dport 25 -m owner --uid-owner {POSTFIX_UID} -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '198.51.100.26', port: 25 },
  },
  {
    name: "owner rule for root only: smtp(8) runs as postfix, not root, and is rejected",
    recipient: 'user@leaky4.test',
    v4: filter('ACCEPT', ['-A OUTPUT -p tcp -m tcp --dport 25 -m owner --uid-owner 0 -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset']),
    v6: LOCKED_V6,
    intent: { leaves: false },
  },
  {
    name: 'sender_dependent_relayhost_maps sends this sender through [submit.test]:587',
    recipient: 'user@leaky4.test',
    main: { sender_dependent_relayhost_maps: 'hash:/etc/postfix/sender_relay' },
    maps: { sender_relay: 'sender@mailhost.test    [submit.test]:587\n' },
    v4: filter('DROP', ['-A OUTPUT -d 203.0.113.80/32 -p tcp -m tcp --dport 587 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.80', port: 587 },
  },
  {
    name: 'null MX (RFC 7505): Postfix bounces without connecting, the open firewall does not matter',
    recipient: 'user@nullmx.test',
    v4: OPEN,
    v6: OPEN,
    intent: { leaves: false, refused: true },
  },
  {
    name: 'smtp_fallback_relay takes mail for a domain that does not exist (NXDOMAIN)',
    recipient: 'user@nowhere.nx.test',
    main: { smtp_fallback_relay: '[smarthost.test]:587' },
    v4: ONLY_587,
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    // found by this tier: smtp(8) tries the fallback relays after a hard lookup error too
    name: 'null MX with smtp_fallback_relay: Postfix hands the mail to the fallback relay instead of bouncing it',
    recipient: 'user@nullmx.test',
    main: { smtp_fallback_relay: '[smarthost.test]:587' },
    v4: ONLY_587,
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    name: 'relayhost dropped on 587, smtp_fallback_relay on 587 allowed',
    recipient: 'user@leaky4.test',
    main: { relayhost: '[relay.test]:587', smtp_fallback_relay: '[smarthost.test]:587' },
    v4: filter('DROP', ['-A OUTPUT -d 203.0.113.50/32 -p tcp -m tcp --dport 587 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    name: 'relayhost lists two next hops (Postfix 3.5+): the first is dropped, the second takes the mail',
    recipient: 'user@leaky4.test',
    main: { relayhost: '[relay.test]:587, [submit.test]:587' },
    v4: filter('DROP', ['-A OUTPUT -d 203.0.113.80/32 -p tcp -m tcp --dport 587 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.80', port: 587 },
  },
  {
    name: 'transport_maps sends one domain to smtp:[smarthost.test]:587',
    recipient: 'user@leaky.test',
    main: RESTRICT,
    maps: { transport: 'leaky.test    smtp:[smarthost.test]:587\n' },
    v4: ONLY_587,
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '203.0.113.50', port: 587 },
  },
  {
    name: 'master.cf smtp service with -o smtp_bind_address: only that source address may send',
    recipient: 'user@leaky4.test',
    hostAddresses: ['192.0.2.2/24'],
    masterOptions: { service: 'smtp', options: ['smtp_bind_address=192.0.2.2'] },
    v4: filter('DROP', ['-A OUTPUT -s 192.0.2.2/32 -p tcp -m tcp --dport 25 -j ACCEPT']),
    v6: LOCKED_V6,
    intent: { leaves: true, family: 4, address: '198.51.100.26', port: 25 },
  },
  {
    name: 'no IPv6 table loaded at all (ip6tables-save prints nothing): IPv6 is not filtered',
    recipient: 'user@leaky.test',
    v4: LOCKED_V4,
    v6: '',
    intent: { leaves: true, family: 6 },
  },
];
