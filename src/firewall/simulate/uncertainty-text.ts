// The wording of every uncertainty cause (uncertainty.ts), made from its arguments: one
// function per code, so the compiler finds a code without its sentence. It sits beside the
// cause table, not in src/report, because analyses word their one-line answers with it too
// (explain's verdict, fleet's next step); the renderers call the same functions.
import { formatAddressSpec } from '../address.js';
import type { UncertaintyArgs, UncertaintyCause, UncertaintyCode, UndecidedMatch } from './uncertainty.js';

type Wording = { [C in UncertaintyCode]: (a: UncertaintyArgs<C>) => string };

const tool = (family: number): string => (family === 6 ? 'ip6tables' : 'iptables');

const WORDING: Wording = {
  'rule-undecided': (a) => a.matches.map(describeUndecidedMatch).join('; '),
  'target-unknown': (a) => `unknown target ${a.target}: it may decide the packet's fate or let it continue`,
  'netmap-range': (a) => `NETMAP ${a.target} maps each address to its own: not followed for a range of destinations`,
  'jump-loop': (a) => `jump loop: ${a.chain} is already being traversed (the kernel would refuse this ruleset)`,
  'chains-too-deep': (a) => `chains nested deeper than ${a.max}: not followed`,
  'priority-tie': (a) => `${a.chains.join(' and ')} are base chains on ${a.hook} with the same priority ${a.priority}: nft(8) leaves their order unspecified, and the verdict depends on it`,
  'filter-table-missing': () => 'the filter table was not supplied',
  'base-chain-missing': (a) => `${a.table} ${a.chain} was not supplied: its rules may decide`,
  'chain-missing': (a) => `chain ${a.chain} was not supplied: its rules may accept, drop or return`,
  'chain-cut-off': (a) => `the listing of chain ${a.chain} was cut off: the missing rules may decide`,
  'policy-not-shown': (a) => `the policy of ${a.chain} was not shown`,
  'no-table': (a) => `no table was found in ${a.origin || 'the input'}`,
  'ruleset-other-family': (a) => (a.about === 'packet' ? `the ruleset is for IPv${a.ruleset} but the packet is IPv${a.asked}` : `the ruleset is for IPv${a.ruleset}, not IPv${a.asked}`),
  'ruleset-not-supplied': (a) => `the ${tool(a.family)} ruleset was not supplied: IPv${a.family} packets are filtered by ${tool(a.family)} rules only`,
  'steps-exhausted': (a) => `too many combinations of uncertain rules: stopped after ${a.maxSteps} further rule evaluations`,
  'regions-exhausted': () => 'too many combinations of undecided rules: this part was not followed further',
  'addresses-unknown': (a) => `the addresses of ${a.host} are not known`,
  'address-invalid': (a) => `"${a.address}" is not an IP address`,
  'family-data-missing': (a) => `no ${tool(a.family)} data was supplied`,
  'no-table-loaded': (a) => `no ${tool(a.family)} table is loaded`,
  'dns-answered-here': () => 'DNS answered here, not on the server; give --dns or --dns-server',
  'plan-uncertain': (a) => a.text,
};

/** The sentence for one cause. */
export function describeCause(cause: UncertaintyCause): string {
  return (WORDING[cause.code] as (a: UncertaintyCause) => string)(cause);
}

const side = (dir: 'src' | 'dst'): string => (dir === 'src' ? 'source' : 'destination');

/** Why one match is undecided, for the user; names the option that would decide it. */
export function describeUndecidedMatch(m: UndecidedMatch): string {
  switch (m.why) {
    case 'protocol':
      return `protocol ${m.text} not decided`;
    case 'host-name':
      return `${side(m.dir)} "${m.name}" is a host name: its addresses are not known (list with -n)`;
    case 'redacted':
      return `${side(m.dir)} ${m.text} is redacted: it may or may not be ${m.dir === 'dst' ? 'this destination' : 'the source'}`;
    case 'source-unknown':
      return `the source address is not known (give --src): the rule tests ${m.test === '-s' ? `${m.negated ? '! ' : ''}-s ${formatAddressSpec(m.address)}` : m.test}`;
    case 'interface-unknown':
      return m.dir === 'in'
        ? `the in-interface is not known: the rule tests ${m.negated ? '! ' : ''}-i ${m.name}`
        : `the out-interface is not known (give --oif): the rule tests ${m.negated ? '! ' : ''}-o ${m.name}`;
    case 'no-interface-columns':
      return 'the listing has no interface columns (list with -v): the rule may test an interface';
    case 'service-name':
      return `port ${m.names?.join(',') ?? '?'} is a service name we could not resolve`;
    case 'source-port':
      return `the source port is any of ${m.sport.from}-${m.sport.to} (give --sport): the rule tests ${m.dir === 'any' ? 'ports' : 'spt'} ${m.negated ? '! ' : ''}${m.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`)).join(',')}`;
    case 'tcp-flags':
      return 'tcp flags not decided';
    case 'tcp-option':
      return `whether the segment carries TCP option ${m.option} depends on the sender`;
    case 'fragment':
      return 'fragment not decided';
    case 'snat-state':
      return 'conntrack SNAT: depends on whether nat POSTROUTING source-NATed the connection\'s first packet';
    case 'state':
      return 'connection state not decided';
    case 'conntrack-order':
      return 'the base chain has priority -200, as conntrack itself: the kernel may run it before conntrack (ct state invalid) or after';
    case 'owner-name':
      return `owner ${m.name}: a name we could not turn into a number (list with -n)`;
    case 'uid-unknown':
      return 'the sending process\'s uid is not known (give --uid): the rule tests --uid-owner';
    case 'gid-unknown':
      return 'the sending process\'s gid is not known (give --gid): the rule tests --gid-owner';
    case 'range-unreadable':
      return 'the address range could not be read';
    case 'icmp-type':
      return 'the ICMP type of the packet is not known';
    case 'limit-iface-out':
      return '--limit-iface-out: the out-interface\'s own addresses are not known';
    case 'comment':
      return 'a comment always matches';
    case 'stateful':
      return m.reason;
    case 'not-understood':
      return `not understood${m.module ? ` (-m ${m.module})` : ''}: ${m.text}`;
  }
}
