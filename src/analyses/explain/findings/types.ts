// Findings are data: a stable code, a severity and title from one table, the arguments the
// wording is made from, and the evidence (the original line, its number, counters, origin).
// The message, the fix and what is assumed are worded in ./wording.ts. Tests assert codes.
import type { Family } from '../../../firewall/model.js';
import type { Severity } from '../../../diagnostics.js';
import type { Mta } from '../../../mail/types.js';

export type FindingCode =
  | 'ipv6-unfiltered'
  | 'ipv6-unknown'
  | 'custom-chain-accepts'
  | 'chain-body-missing'
  | 'established-not-new'
  | 'state-new-accepted'
  | 'policy-accept'
  | 'owner-allows-mta'
  | 'source-port-bypass'
  | 'mx-not-covered'
  | 'via-smarthost'
  | 'nat-redirect'
  | 'goto-policy'
  | 'framework-csf'
  | 'framework-ufw'
  | 'framework-docker'
  | 'container-forward'
  | 'framework-firewalld'
  | 'input-incomplete'
  | 'mta-refuses'
  | 'fallback-relay'
  | 'verify-probe-leaks'
  | 'accept-not-final'
  | 'ipv4-only-match'
  | 'native-tables-present';

export interface FindingInfo {
  title: string;
  severity: Severity;
  /** the arguments' type only (the value is `{}`): what the wording in ./wording.ts is made from */
  args: object;
}

/** Declares the type of a code's arguments in the table (a type-only marker; the value is `{}`). */
function args<A extends object>(): A {
  return {} as A;
}

/** Every code with its title and severity: a new code cannot be added without its entry. */
export const FINDING_INFO = {
  'ipv6-unfiltered': { title: 'IPv6 SMTP is not filtered', severity: 'error', args: args<({ seen: 'attempts'; noTables: boolean; /** the native nft base chain that accepts ('inet filter output'), when not ip6tables */ chain?: string; accepted: number; attempts: number; host: string; address: string | undefined; port: number; allowed: string[]; mta: Mta } | { seen: 'probe'; noTables: boolean; chain?: string; probe: string; domain: string; allowed: string[]; mta: Mta }) & { /** the fix in nft terms: the native chain where IPv6 SMTP is accepted */ nft?: NftPlace; uid?: number }>() },
  'ipv6-unknown': { title: 'IPv6 firewall not supplied', severity: 'warning', args: args<{ domain: string; attempts: number; hosts: string[]; addressesKnown: boolean; ipv6First: boolean; mta: Mta; randomOrder: boolean }>() },
  'custom-chain-accepts': { title: 'a user-defined chain accepts the mail', severity: 'error', args: args<{ chain: string; rule: number; host: string; address: string | undefined; port: number; family: Family; /** a native nft table ("inet filter"); absent for iptables */ table?: string; /** the base chain the packet entered (its own rules or policy are skipped) */ base?: string }>() },
  'chain-body-missing': { title: 'a chain on the path was not listed', severity: 'warning', args: args<{ chain: string; rule: number; via: 'jump' | 'goto'; target: string; family: Family; counters?: string; command: string }>() },
  'established-not-new': { title: 'an ESTABLISHED rule does not admit new connections', severity: 'info', args: args<{ chain: string; rule: number; states: string[]; counters?: string }>() },
  'state-new-accepted': { title: 'a rule accepts NEW connections', severity: 'error', args: args<{ chain: string; rule: number; states: string[]; certain: boolean; host: string; address: string | undefined; port: number; family: Family; mta: Mta }>() },
  'policy-accept': { title: 'the chain policy accepts', severity: 'error', args: args<{ family: Family; decided: number; chain: 'OUTPUT' | 'FORWARD' } | { family: Family | 'both'; decided: number; /** a native nft base chain: the fix is in nft terms */ nft: NftPlace }>() },
  'owner-allows-mta': { title: "an owner rule lets the MTA's user through", severity: 'error', args: args<{ chain: string; rule: number; owner: string; uid?: number; gid?: number; certain: boolean; mta: Mta }>() },
  'source-port-bypass': { title: 'a source-port rule any process can satisfy', severity: 'warning', args: args<{ family: Family; rules: { chain: string; rule: number; /** a native nft table's rule: said and fixed in nft terms */ nft?: NftPlace }[] }>() },
  'mx-not-covered': { title: "allow rules do not cover the allowed domain's MX addresses", severity: 'error', args: args<{ domain: string; missing: string[]; apexRules: string[]; apex: string[]; addresses: Record<Family, string[]>; mta: Mta }>() },
  'via-smarthost': { title: 'mail goes through a relay', severity: 'info', args: args<{ domain: string; relays: string[]; router?: { name: string; driver: string }; mta: Mta }>() },
  'nat-redirect': { title: 'nat rewrites SMTP connections', severity: 'warning', args: args<{ rules: { chain: string; rule: number; action: string; /** a native nft table's rule */ nft?: NftPlace }[]; rewritten: { host: string; address: string | undefined; port: number; to: string | undefined }[]; staysLocal: boolean; mta: Mta }>() },
  'goto-policy': { title: 'a goto falls through to the builtin policy', severity: 'warning', args: args<{ chain: string; rule: number; to: string; policy: string | undefined }>() },
  'framework-csf': { title: 'ConfigServer Firewall (CSF) manages these rules', severity: 'info', args: args<{
    chains: string[];
    /** what TCP_OUT holds of 25/465/587: from csf.conf, from the TCP_OUT rules the listing shows, or CSF's default */
    tcpOut: { from: 'csf.conf'; smtpPorts: number[] } | { from: 'listing'; smtpPorts: number[]; rules: number[]; logdropRule: number } | { from: 'default' };
    /** jumps on the mail's IPv4 path to chains whose rules were not shown (CSF's dropping chains left out) */
    waysOut: { chain: string; rule: number; target: string }[];
    ipv6: 'not-supplied' | 'open' | 'closed';
    allowed: string[];
    ipv6Assumed: boolean;
  }>() },
  'framework-ufw': { title: 'ufw manages these rules', severity: 'info', args: args<{ chains: string[]; inboundOnly: boolean; allowed: string[]; /** ufw's chains were read from `nft list ruleset` (iptables-nft), or native tables filter beside them */ nft?: { tables: string[]; others: string[] } }>() },
  'framework-docker': { title: 'Docker manages part of these rules', severity: 'info', args: args<{ chains: string[]; containerKnown: boolean }>() },
  'container-forward': { title: "the MTA's mail is forwarded from a container, not sent through OUTPUT", severity: 'warning', args: args<{
    addresses: string[];
    bridge: string;
    name?: string;
    /** what decides its attempts, per family: FORWARD's rules or policy (DOCKER-USER, DOCKER-FORWARD …) */
    deciders: { family: Family; table: string; chain: string; rule?: number; policy?: boolean; verdict: string }[];
    /** filter OUTPUT rules about SMTP ports that its mail never meets */
    outputRules: number;
  }>() },
  'framework-firewalld': { title: 'firewalld manages these rules', severity: 'info', args: args<{ chains: string[]; /** table inet firewalld was read: firewalld's nftables backend */ nftables?: { egressPolicies: string[]; outputDecides: boolean }; /** direct rules (iptables *_direct chains) that hold rules */ direct: string[] }>() },
  'input-incomplete': { title: 'the input does not show everything', severity: 'warning', args: args<{ gaps: number; commands: string[] }>() },
  'mta-refuses': { title: 'the MTA itself refuses the domain', severity: 'info', args: args<{ domain: string; router?: { name: string; driver: string; reason: string }; reason?: string; mta: Mta }>() },
  'fallback-relay': { title: 'a fallback relay takes the mail the firewall stops', severity: 'error', args: args<{ domain: string; mta: Mta; stopped: number; relay: string; address: string | undefined; port: number; family: Family; certain: boolean }>() },
  'verify-probe-leaks': { title: "Postfix's address verification probes get out", severity: 'error', args: args<{
    domain: string;
    restriction: 'reject_unverified_recipient' | 'reject_unverified_sender';
    list: string;
    /** the address_verify_* parameters that route probes otherwise than mail */
    routedBy: string[];
    /** the mail itself: refused by Postfix, stopped by the firewall, or out too */
    mail: 'refused' | 'stopped' | 'leaks';
    mailReason?: string;
    host: string;
    address: string | undefined;
    port: number;
    family: Family;
    certain: boolean;
  }>() },
  'accept-not-final': { title: 'an accept in one base chain does not override a drop in another', severity: 'error', args: args<{
    /** the explicit accept that the packet met first, in another table's base chain */
    accepted: ChainPlace;
    /** what stopped the connection: a drop or reject is final in any base chain */
    decided: ChainPlace & { verdict: 'DROP' | 'REJECT' };
    /** the accepting base chain ran before the deciding one (nft(8): lower priority first) */
    acceptFirst: boolean;
    connections: number;
    host: string;
    address: string | undefined;
    port: number;
    family: Family;
    /** the domain the connection is for, when it is an --allow domain */
    domain: string;
  }>() },
  'ipv4-only-match': { title: 'an IPv4-only match leaves IPv6 through', severity: 'error', args: args<{
    place: NftPlace;
    rule: number;
    /** why it sees IPv4 only: an `ip saddr`/`ip daddr` match in an inet table, or a table of family ip */
    why: 'ip-match' | 'ip-table';
    verdict: 'drop' | 'reject';
    /** IPv6 SMTP that gets out (attempts, or a probe to any IPv6 address) */
    leaks: { host: string; address: string | undefined; port: number } | { probe: string };
    /** the SMTP ports the rule matches */
    ports: number[];
    /** the rule's other conditions and verdict as nft text (its `ip` match, counter, comment and handle left out), when its text was shown */
    rest?: string;
    allowed: string[];
    uid?: number;
    mta: Mta;
  }>() },
  'native-tables-present': { title: 'native nftables tables filter what iptables does not show', severity: 'warning', args: args<{
    /** the native tables with a base chain on the mail's path (iptables -L and iptables-save never list them) */
    tables: string[];
    /** what the iptables side shows: nothing loaded, every policy ACCEPT with no SMTP rule, or only some rules */
    iptables: 'empty' | 'permissive' | 'filters';
    /** how the native tables treat the mail: they stop some attempts, or decide nothing */
    stops: number;
    chains: string[];
  }>() },
} as const satisfies Record<FindingCode, FindingInfo>;

/** A native nft base chain as nft(8) names it in commands: `nft add rule inet filter output …`. */
export interface NftPlace {
  /** "inet filter", "ip6 mail" */
  table: string;
  chain: string;
  /** the rule's handle when the input showed it (`nft -a`, JSON), for `position` */
  handle?: number;
}

/** A rule or policy in some table's chain: an iptables table ("filter") or a native one ("inet filter"). */
export interface ChainPlace {
  table: string;
  chain: string;
  rule?: number;
  policy?: boolean;
  /** written by iptables-nft (table ip filter, chain OUTPUT): changed with iptables, not nft */
  iptablesNft?: boolean;
}

export type FindingArgs<C extends FindingCode> = (typeof FINDING_INFO)[C]['args'];


export const FINDING_CODES = Object.keys(FINDING_INFO) as FindingCode[];

/** One piece of evidence: a line of the input as written, with its counters. */
export interface Evidence {
  origin: string;
  line?: number;
  /** the original line, verbatim */
  text?: string;
  /** e.g. "800K 826M" as printed */
  counters?: string;
  family?: Family;
  /** what this line shows, e.g. "rule 9 jumps to LOCALOUTPUT" */
  note?: string;
}

/** A change the admin can make; mailleak prints it and never applies it. */
export interface Fix {
  summary: string;
  /** commands or configuration text, one line each */
  lines: string[];
}

/** What a detector found: the code, the data its wording is made from (./wording.ts), the evidence. */
export type Finding = {
  [C in FindingCode]: {
    code: C;
    severity: Severity;
    args: FindingArgs<C>;
    evidence: Evidence[];
  };
}[FindingCode];

export function makeFinding<C extends FindingCode>(code: C, args: FindingArgs<C>, evidence: Evidence[]): Finding {
  return { code, severity: FINDING_INFO[code].severity, args, evidence } as Finding;
}
