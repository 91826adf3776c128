// What `nft list ruleset` text and `nft -j list ruleset` JSON both say, before it becomes the
// model: the statements of libnftables-json(5) (match, counter, verdicts, vmap, nat …) with
// their left-hand expressions and right-hand values. Both front-ends produce this; one mapping
// (rule.ts) turns it into the model's matches and targets.
import type { SourceLoc } from '../../diagnostics.js';
import type { NftBaseChain, NftFamily } from '../model.js';

/** The left-hand side of a match: `meta skuid`, `ip daddr`, `ct state` … */
export type Selector =
  | { kind: 'meta'; key: string }
  | { kind: 'payload'; protocol: string; field: string }
  | { kind: 'ct'; key: string };

/** A right-hand side: one value, a range, a prefix, an anonymous set, or a named set. */
export type Value =
  | { kind: 'atom'; text: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'prefix'; addr: string; len: number }
  | { kind: 'set'; elems: Value[] }
  /** `new,established` without braces: flags or-ed into one value (not a set: see match.ts) */
  | { kind: 'flags'; elems: Value[] }
  | { kind: 'named'; name: string }
  /** something we do not read (a concatenation, an expression): the match becomes unknown */
  | { kind: 'opaque'; text: string };

export type Op = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type Verdict =
  | { kind: 'accept' | 'drop' | 'return' | 'continue' }
  | { kind: 'jump' | 'goto'; chain: string }
  | { kind: 'reject'; with?: string }
  | { kind: 'nat'; action: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT'; to?: string }
  /** queue, notrack, a verdict we do not know: the trace cannot go on with certainty */
  | { kind: 'other'; name: string };

export type Statement =
  | { kind: 'match'; left: Selector; op: Op; right: Value; text: string }
  | { kind: 'counter'; packets: number; bytes: number }
  | { kind: 'verdict'; verdict: Verdict }
  /** `KEY vmap { v : verdict, … }` or `KEY vmap @map` */
  | { kind: 'vmap'; key: Selector; entries: [Value, Verdict][] | { named: string }; text: string }
  | { kind: 'comment'; text: string }
  /** log, limit, meta mark set …: kept for the trace; log goes on, limit may not match */
  | { kind: 'log'; text: string }
  | { kind: 'stateful'; text: string }
  | { kind: 'unknown'; text: string };

export interface NftRuleIr {
  statements: Statement[];
  loc: SourceLoc;
}

export interface NftChainIr {
  name: string;
  base?: NftBaseChain & { policy?: 'accept' | 'drop' };
  rules: NftRuleIr[];
  loc: SourceLoc;
}

export interface NftSetIr {
  name: string;
  /** set or map elements; for a map, the keys (a vmap needs its data: `map` values are verdicts) */
  elems: Value[];
  /** verdict map data, key by key */
  verdicts?: [Value, Verdict][];
}

export interface NftTableIr {
  family: NftFamily;
  name: string;
  chains: NftChainIr[];
  sets: NftSetIr[];
  loc: SourceLoc;
  /** marked by nft as iptables-nft's, or holding xt expressions (see Table.managedBy) */
  managedBy?: 'iptables-nft';
}
