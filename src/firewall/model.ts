// The vendor-independent ruleset model. Plain, serialisable data: every parser (iptables -L,
// -S, iptables-save, shell scripts) produces a Ruleset; the simulator sees only this model.
import type { Diagnostic, SourceLoc } from '../diagnostics.js';
import type { AddressSpec, Family } from './address.js';

export type { Family } from './address.js';
/** The tables iptables knows (iptables(8) TABLES). */
export type IptablesTable = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';
export const TABLE_NAMES: readonly IptablesTable[] = ['raw', 'mangle', 'nat', 'filter', 'security'];
/** An nftables family mailleak reads: ip (IPv4 only), ip6 (IPv6 only), inet (both). */
export type NftFamily = 'ip' | 'ip6' | 'inet';
/** A native nftables table as nft(8) prints it: family and name, e.g. "inet filter". */
export type NftTableName = `${NftFamily} ${string}`;
/** An iptables table, or a native nftables table (the space tells them apart). */
export type TableName = IptablesTable | NftTableName;

export function isIptablesTable(name: TableName): name is IptablesTable {
  return !name.includes(' ');
}

export type HookName = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** How the ruleset text was produced; decides what it can and cannot tell. */
export type RulesetFormat = 'listing' | 'save' | 'rules' | 'script' | 'nft';

/** Counters as printed: `-x` gives exact values; K/M/G/T abbreviations stand for a range. */
export interface Counters {
  packets: number;
  bytes: number;
  /** true when the value came from an abbreviated token such as `826M`. */
  approx: boolean;
  /** the tokens as printed, e.g. "800K 826M", for evidence. */
  text: string;
}

/** Inclusive numeric range, e.g. ports 465:587 or uids 100-110. */
export interface Range {
  from: number;
  to: number;
}

export type ConnState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/** One condition of a rule. Each kind has exactly one evaluation in the simulator. */
export type Match =
  | { kind: 'protocol'; negated: boolean; protocol: number | 'all'; text: string }
  | { kind: 'address'; dir: 'src' | 'dst'; negated: boolean; address: AddressSpec }
  | { kind: 'interface'; dir: 'in' | 'out'; negated: boolean; name: string }
  /** the listing did not show interfaces (no -v): the rule may or may not restrict them */
  | { kind: 'interface-unknown' }
  /** tcp/udp/sctp ports (`tcp dpt:25`) and multiport; dir 'any' is multiport `ports`. */
  | { kind: 'port'; dir: 'src' | 'dst' | 'any'; negated: boolean; ranges: Range[]; names?: string[] }
  | { kind: 'tcp-flags'; negated: boolean; mask: number; comparison: number }
  | { kind: 'tcp-option'; negated: boolean; option: number }
  | { kind: 'fragment'; negated: boolean }
  | { kind: 'state'; module: 'state' | 'conntrack'; negated: boolean; states: ConnState[] }
  /**
   * `noSocket: 'no-match'` for nft `meta skuid`/`skgid`: without a socket (a forwarded packet)
   * the expression breaks the rule whatever the operator (nft_meta_get_eval → NFT_BREAK);
   * xt_owner instead matches when every option is negated.
   */
  | { kind: 'owner'; uid?: OwnerId; gid?: OwnerId; socketExists?: { negated: boolean }; noSocket?: 'no-match' }
  | { kind: 'iprange'; dir: 'src' | 'dst'; negated: boolean; from: AddressSpec; to: AddressSpec }
  | { kind: 'icmp'; family: Family; negated: boolean; type: number | 'any'; codes?: Range }
  | { kind: 'addrtype'; dir: 'src' | 'dst'; negated: boolean; types: string[]; limitIfaceOut?: boolean; limitIfaceIn?: boolean }
  | { kind: 'comment'; text: string }
  /**
   * The packet's address family (nft `meta nfproto`, and the dependency nft adds before every
   * `ip`/`ip6` payload match: in an inet table `ip daddr != X` never matches an IPv6 packet).
   */
  | { kind: 'family'; negated: boolean; family: Family }
  /** nft anonymous or named sets: one of several matches of one kind holds (negated: none does). */
  | { kind: 'any-of'; negated: boolean; matches: Match[]; text: string }
  /** Depends on rates, history, packet marks or set contents we cannot know: evaluates to maybe. */
  | { kind: 'stateful'; module: string; text: string; reason: string }
  /** Anything not understood is kept, never dropped, and evaluates to maybe. */
  | { kind: 'unknown'; module?: string; text: string };

export interface OwnerId {
  negated: boolean;
  range: Range;
  /** a user/group name printed without -n that we could not turn into a number */
  name?: string;
}

export type RejectWith = string;

/** What a rule does when it matches. */
export type Target =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'reject'; with?: RejectWith }
  | { kind: 'return' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string }
  /** no -j: a counting rule */
  | { kind: 'none' }
  /** nat rewrites; `to` kept as printed ("192.0.2.1:25", "ports 25") */
  | { kind: 'nat'; action: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT' | 'NETMAP'; toAddress?: AddressSpec; toPorts?: Range; text: string }
  /** LOG, NFLOG, MARK, CONNMARK, TRACE, CT, NOTRACK, TCPMSS, …: traversal continues */
  | { kind: 'non-terminal'; name: string; text: string }
  /** A target name we do not know and that is not a chain we have. */
  | { kind: 'unknown'; name: string; text: string };

export interface Rule {
  /** 1-based position in its chain, as `--line-numbers` prints it. */
  position: number;
  matches: Match[];
  target: Target;
  counters?: Counters;
  /** where the rule came from, with the original text for evidence */
  loc: SourceLoc;
}

export interface Chain {
  name: string;
  builtin: boolean;
  /** only builtin chains have a policy */
  policy?: 'ACCEPT' | 'DROP';
  policyCounters?: Counters;
  /** `(N references)` as listed */
  references?: number;
  /** false when the chain is only known from a jump to it: its rules were not supplied */
  bodyKnown: boolean;
  /** true when the listing of this chain was cut off (e.g. ends mid-line or numbering has a gap) */
  truncated?: boolean;
  rules: Rule[];
  loc?: SourceLoc;
  /** an nftables base chain: where and when the kernel enters it (iptables chains are placed by name) */
  base?: NftBaseChain;
}

export interface NftBaseChain {
  type: 'filter' | 'nat' | 'route';
  hook: HookName;
  priority: number;
}

export interface Table {
  name: TableName;
  chains: Chain[];
  /**
   * an nft table iptables-nft manages: nft marks it (`# Warning: table ip filter is managed by
   * iptables-nft, do not touch!`), or its rules hold `xt` expressions. iptables-nft-save prints
   * the same kernel table with every match's arguments (JSON's `xt match "owner"` has none).
   */
  managedBy?: 'iptables-nft';
}

export interface Ruleset {
  /** undefined when the text gave no way to tell (then the caller's --family decides) */
  family?: Family;
  format: RulesetFormat;
  origin: string;
  tables: Table[];
  /** false when the listing had no -v columns (interfaces and counters unknown) */
  interfacesKnown: boolean;
  /** which chains were listed when only some were (`iptables -L OUTPUT`); undefined = all */
  listedChains?: string[];
  /** the tool named by a prompt line or save header, e.g. "ip6tables", "iptables-nft-save v1.8.9" */
  tool?: string;
  /** `*-save` printed nothing: no table is loaded, so no hook filters anything (every policy ACCEPT) */
  noTablesLoaded?: boolean;
  /**
   * the x_tables backend, when the collection said so although the text does not:
   * iptables-legacy-save prints `# Generated by iptables-save` like the legacy-only tool
   */
  backend?: 'legacy' | 'nft';
  diagnostics: Diagnostic[];
}

export function findTable(ruleset: Ruleset, name: TableName): Table | undefined {
  return ruleset.tables.find((t) => t.name === name);
}

export function findChain(table: Table | undefined, name: string): Chain | undefined {
  return table?.chains.find((c) => c.name === name);
}

export const BUILTIN_CHAINS: Record<IptablesTable, readonly string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};
