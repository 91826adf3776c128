// Hand-made nft rulesets, one per feature the front-end reads, each with packets on both sides.
import type { NftPacket } from './generate.js';

export interface HandMade {
  label: string;
  ruleset: string;
  packets: NftPacket[];
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
];
