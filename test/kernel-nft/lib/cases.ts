// Hand-made nft rulesets, one per feature the front-end reads, each with packets on both sides.
import type { NftPacket } from './generate.js';
import type { IptablesSaves } from './rig.js';

export interface HandMade {
  label: string;
  ruleset: string;
  packets: NftPacket[];
  /** iptables-restore input loaded with iptables-nft-restore beside the ruleset; mailleak reads iptables-nft-save -c beside each form */
  iptables?: IptablesSaves;
  /** probes mailleak must leave undecided: UNKNOWN, with the kernel's outcome among the possible verdicts */
  uncertain?: (p: NftPacket) => boolean;
}

const p = (family: 4 | 6, dst: string, dport: number, uid = 0, gid = 0): NftPacket => ({ family, dst, dport, sport: 41000 + dport + uid, uid, gid });
const BOTH = [p(4, '192.0.2.1', 25, 104), p(4, '192.0.2.1', 25, 0), p(4, '198.51.100.9', 587, 104), p(6, '2001:db8::1', 25, 104), p(6, '2001:db8::1', 587, 0)];

export const HAND_MADE: HandMade[] = [
  {
    label: 'reference: set, vmap, smtp_out chain, iptables-nft-like ip table',
    ruleset: `table inet filter {
	set smarthosts {
		type ipv4_addr
		flags interval
		elements = { 192.0.2.0/24 }
	}
	chain output {
		type filter hook output priority filter; policy drop;
		meta skuid 104 ip daddr @smarthosts tcp dport 587 counter accept
		th dport vmap { 25 : jump smtp_out, 53 : accept }
	}
	chain smtp_out {
		meta skuid != 104 counter reject
		counter accept
	}
}
table ip filter {
	chain OUTPUT {
		type filter hook output priority filter; policy accept;
		tcp dport 25 skuid 104 counter accept
	}
}
`,
    packets: BOTH,
  },
  {
    label: 'ip daddr != X drop leaves IPv6 open (inet)',
    ruleset: 'table inet f {\n\tchain o {\n\t\ttype filter hook output priority 0; policy accept;\n\t\tip daddr != 192.0.2.1 counter drop\n\t}\n}\n',
    packets: BOTH,
  },
  {
    label: 'accept in one table, drop at a later priority in another',
    ruleset: 'table ip a {\n\tchain o {\n\t\ttype filter hook output priority filter - 5; policy accept;\n\t\tcounter accept\n\t}\n}\ntable inet b {\n\tchain o {\n\t\ttype filter hook output priority filter + 10; policy accept;\n\t\ttcp dport 25 counter drop\n\t}\n}\n',
    packets: BOTH,
  },
  {
    label: 'define, comments, skuid sets, port ranges, oifname wildcard, goto/return',
    ruleset: `define MTA = 104
# mail out
table inet mail {
	chain out {
		type filter hook output priority 0; policy drop;
		oifname "lo" counter accept # loopback
		meta skuid { 0, $MTA } tcp dport 400-600 counter goto smtp
		counter
	}
	chain smtp {
		oifname "dm*" meta l4proto tcp counter return
		counter drop
	}
}
`,
    packets: [...BOTH, p(4, '192.0.2.1', 2525, 104)],
  },
  {
    label: 'before conntrack (priority raw, -250): ct state is invalid; notrack makes it untracked for later chains',
    ruleset: `table inet pre {
	chain c {
		type filter hook output priority raw; policy accept;
		ct state new counter drop
		tcp dport 587 counter notrack
		ct state untracked tcp dport 587 counter accept
		ct state invalid tcp dport 25 counter reject with tcp reset
		counter
	}
}
table ip6 pre6 {
	chain c {
		type filter hook output priority -250; policy accept;
		ct state invalid tcp dport 465 counter drop
	}
}
table inet post {
	chain c {
		type filter hook output priority filter; policy accept;
		ct state untracked counter drop
		ct state new counter accept
	}
}
`,
    packets: [p(4, '192.0.2.1', 25), p(4, '192.0.2.1', 587, 104), p(4, '198.51.100.9', 465), p(6, '2001:db8::1', 465), p(6, '2001:db8::1', 80), p(6, '2001:db8::1', 587)],
  },
  {
    label: 'equal priorities: definite where the order does not matter, undecided where drop and reject meet',
    ruleset: `table inet a {
	chain c {
		type filter hook output priority filter; policy accept;
		tcp dport 25 counter accept
		tcp dport 465 counter drop
	}
}
table ip b {
	chain c {
		type filter hook output priority filter; policy accept;
		tcp dport 25 counter accept
		tcp dport 587 counter reject
		tcp dport 465 counter reject
	}
}
`,
    packets: [p(4, '192.0.2.1', 25), p(4, '192.0.2.1', 587), p(4, '192.0.2.1', 465), p(6, '2001:db8::1', 465), p(6, '2001:db8::1', 587)],
    uncertain: (x) => x.family === 4 && x.dport === 465,
  },
  {
    label: 'expressions not read (tcp flags, icmp type, a concatenation) are maybe, their protocol dependency holds',
    ruleset: `table inet f {
	chain c {
		type filter hook output priority filter; policy accept;
		tcp flags & (syn | ack) == syn tcp dport 25 counter drop
		icmp type echo-request counter drop
		ip daddr . tcp dport { 192.0.2.1 . 587 } counter reject
		counter
	}
}
`,
    packets: [p(4, '192.0.2.1', 25), p(4, '192.0.2.1', 587), p(4, '198.51.100.9', 587), p(6, '2001:db8::1', 587), p(6, '2001:db8::1', 25), p(6, '2001:db8::1', 80)],
    uncertain: (x) => x.dport === 25 || (x.family === 4 && x.dport === 587),
  },
  {
    label: 'iptables-nft rules beside a native table at the same priority: the save text for iptables-nft tables, each table once',
    ruleset: `table inet mail {
	chain out {
		type filter hook output priority filter; policy accept;
		meta skuid != 104 tcp dport 25 counter reject
		ip6 daddr 2001:db8::77 counter drop
	}
}
`,
    iptables: {
      v4: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 587 -m owner ! --uid-owner 104 -j REJECT --reject-with tcp-reset\n-A OUTPUT -d 198.51.100.0/24 -p tcp -j DROP\n-A OUTPUT -p tcp -m owner --uid-owner 104 -j ACCEPT\nCOMMIT\n',
      v6: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 465 -j DROP\nCOMMIT\n',
    },
    packets: [p(4, '192.0.2.1', 25, 104), p(4, '192.0.2.1', 25, 0), p(4, '192.0.2.1', 587, 0), p(4, '192.0.2.1', 587, 104), p(4, '198.51.100.9', 587, 104), p(6, '2001:db8::1', 465, 104), p(6, '2001:db8::77', 25, 104), p(6, '2001:db8::1', 25, 0)],
  },
];
