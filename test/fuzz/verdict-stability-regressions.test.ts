// The flips the verdict-stability property found, shrunk to the smallest ruleset: each one
// removed information (a redaction marker) and turned DROP/REJECT into ACCEPT or back before the
// fix. Each case checks the undamaged text first, so the damaged answer is compared to a real one.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/firewall/address.js';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type Packet, type Verdict } from '../../src/firewall/simulate/types.js';

const SMTP4: Packet = { family: 4, protocol: 6, dst: parseIp('192.0.2.25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' };
const SMTP6: Packet = { family: 6, protocol: 6, dst: parseIp('2001:db8::25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' };

function verdictOf(text: string, packet: Packet): Verdict {
  return tracePacket(parseFirewallText(text, { origin: 'test' }), packet).verdict;
}

const V6_HEAD = 'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n pkts bytes target     prot opt in     out     source               destination\n';
const SAVE = (body: string, chains = ':LOGDROP - [0:0]\n'): string => `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${chains}${body}COMMIT\n`;

describe('a redaction never flips a verdict (shrunk fuzz finds)', () => {
  const cases: { name: string; packet: Packet; original: string; damaged: string; before: Verdict }[] = [
    {
      name: 'an IPv4-shaped marker (192.x.x.x) in an ip6tables listing hides an IPv6 address (simulator)',
      packet: SMTP6, before: 'REJECT',
      original: `${V6_HEAD}    0     0 REJECT     all      *      *       ::/0                 ::/0                 reject-with icmp6-port-unreachable\n`,
      damaged: `${V6_HEAD}    0     0 REJECT     all      *      *       ::/0                 192.x.x.x            reject-with icmp6-port-unreachable\n`,
    },
    {
      name: 'a listing rule whose counter was redacted is kept as an unknown rule, not dropped',
      packet: SMTP6, before: 'REJECT',
      original: `${V6_HEAD}    0     0 REJECT     all      *      *       ::/0                 ::/0                 reject-with icmp6-port-unreachable\n`,
      damaged: `${V6_HEAD}    x.x.x.x     0 REJECT     all      *      *       ::/0                 ::/0                 reject-with icmp6-port-unreachable\n`,
    },
    {
      name: 'save: a rule line whose -A was redacted stays in the chain it names, as unknown',
      packet: SMTP4, before: 'DROP',
      original: SAVE('-A OUTPUT -j LOGDROP\n-A LOGDROP -j DROP\n'),
      damaged: SAVE('-A OUTPUT -j LOGDROP\n*** LOGDROP -j DROP\n'),
    },
    {
      name: 'save: -A to an undeclared chain (its name redacted) may have been any chain of the table',
      packet: SMTP4, before: 'DROP',
      original: SAVE('-A OUTPUT -j DROP\n', ''),
      damaged: SAVE('-A XXX -j DROP\n', ''),
    },
    {
      name: 'save: an unreadable *table line (*filter redacted) does not mean "no filter table"',
      packet: SMTP4, before: 'DROP',
      original: SAVE('-A OUTPUT -j DROP\n', ''),
      damaged: SAVE('-A OUTPUT -j DROP\n', '').replace('*filter', '***'),
    },
    {
      name: 'save: a stray word where -j/-g was (redacted) makes the target unknown, not "no target"',
      packet: SMTP4, before: 'DROP',
      original: SAVE('-A OUTPUT -g LOGDROP\n-A LOGDROP -j DROP\n'),
      damaged: SAVE('-A OUTPUT x.x.x.x LOGDROP\n-A LOGDROP -j DROP\n'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(verdictOf(c.original, c.packet)).toBe(c.before);
      expect(verdictOf(c.damaged, c.packet)).toBe('UNKNOWN');
    });
  }
});
