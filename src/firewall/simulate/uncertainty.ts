// Why an answer is uncertain, as data: a closed set of causes, each with the arguments its
// wording needs. One table lists every cause with its title and the shape of its arguments
// (checked by `satisfies`, as DIAGNOSTIC_INFO is), so a new cause cannot be added without
// them; the sentence is made in one place (uncertainty-text.ts) from the arguments. Code that
// compares or de-duplicates uncertainties uses `uncertaintyKey`, never the sentence.
import type { AddressSpec } from '../address.js';
import type { Family, HookName, Range, TableName } from '../model.js';

interface UncertaintyInfo {
  title: string;
  /** the arguments' type only (the value is an empty object): see `args` */
  args: object;
}

/** Declares the type of a cause's arguments in the table (a type-only marker; the value is `{}`). */
function args<A extends object = Record<never, never>>(): A {
  return {} as A;
}

/**
 * Why one match of a rule came out maybe: what the packet description lacks, or what the
 * listing did not show. Built by `undecidedMatch` (match-eval.ts) next to the evaluation.
 */
export type UndecidedMatch =
  | { why: 'protocol'; text: string }
  | { why: 'host-name'; dir: 'src' | 'dst'; name: string }
  | { why: 'redacted'; dir: 'src' | 'dst'; text: string }
  /** the source address is not known; `test` is the option that needs it */
  | { why: 'source-unknown'; test: '-s'; negated: boolean; address: AddressSpec }
  | { why: 'source-unknown'; test: '--src-range' | '--src-type' }
  | { why: 'interface-unknown'; dir: 'in' | 'out'; negated: boolean; name: string }
  | { why: 'no-interface-columns' }
  | { why: 'service-name'; names: string[] | undefined }
  | { why: 'source-port'; sport: Range; dir: 'src' | 'dst' | 'any'; negated: boolean; ranges: Range[] }
  | { why: 'tcp-flags' }
  | { why: 'tcp-option'; option: number }
  | { why: 'fragment' }
  | { why: 'snat-state' }
  | { why: 'state' }
  /** a base chain at priority -200, conntrack's own: which runs first is not specified */
  | { why: 'conntrack-order' }
  | { why: 'owner-name'; name: string }
  | { why: 'uid-unknown' }
  | { why: 'gid-unknown' }
  | { why: 'range-unreadable' }
  | { why: 'icmp-type' }
  | { why: 'limit-iface-out' }
  | { why: 'comment' }
  /** rates, history, marks or set contents: `reason` is the parser's note for the module */
  | { why: 'stateful'; reason: string }
  | { why: 'not-understood'; module: string | undefined; text: string };

export const UNCERTAINTY_INFO = {
  // the rules themselves
  'rule-undecided': { title: 'a rule may match', args: args<{ matches: UndecidedMatch[] }>() },
  'target-unknown': { title: 'unknown target', args: args<{ target: string }>() },
  'netmap-range': { title: 'NETMAP over a range not followed', args: args<{ target: string }>() },
  'jump-loop': { title: 'jump loop', args: args<{ chain: string }>() },
  'chains-too-deep': { title: 'chains nested too deeply', args: args<{ max: number }>() },
  /** base chains on one hook with one priority: the kernel runs them in an unspecified order, and the order changes the verdict */
  'priority-tie': { title: 'base chains of equal priority', args: args<{ hook: HookName; priority: number; chains: string[] }>() },
  // what the input did not show
  'filter-table-missing': { title: 'filter table not supplied', args: args() },
  'base-chain-missing': { title: 'base chain not supplied', args: args<{ table: TableName; chain: string }>() },
  'chain-missing': { title: 'chain not supplied', args: args<{ chain: string }>() },
  'chain-cut-off': { title: 'chain listing cut off', args: args<{ chain: string }>() },
  'policy-not-shown': { title: 'policy not shown', args: args<{ chain: string }>() },
  'no-table': { title: 'no table in the input', args: args<{ origin: string }>() },
  /** `asked`: a traced packet, or the destinations egress maps (each is worded as it was asked) */
  'ruleset-other-family': { title: 'ruleset of the other family', args: args<{ ruleset: Family; asked: Family; about: 'packet' | 'destinations' }>() },
  'ruleset-not-supplied': { title: 'no ruleset for the family', args: args<{ family: Family }>() },
  // what the search gave up on
  'steps-exhausted': { title: 'too many combinations of uncertain rules', args: args<{ maxSteps: number }>() },
  'regions-exhausted': { title: 'too many combinations of undecided rules', args: args() },
  // an attempt that could not be traced (explain)
  'addresses-unknown': { title: 'addresses of a host not known', args: args<{ host: string }>() },
  'address-invalid': { title: 'not an IP address', args: args<{ address: string }>() },
  'family-data-missing': { title: 'no data for the family', args: args<{ family: Family }>() },
  /** an empty *-save: nothing decided the ACCEPT because no table is loaded at all */
  'no-table-loaded': { title: 'no table is loaded', args: args<{ family: Family }>() },
  /** the MTA refuses only because of DNS answered on this machine, not on the server (dns-here.ts) */
  'dns-answered-here': { title: 'DNS answered here, not on the server', args: args<{ domain: string }>() },
  // the delivery plan's own uncertainty, still worded by the MTA planner
  'plan-uncertain': { title: 'delivery plan uncertain', args: args<{ text: string }>() },
} as const satisfies Record<string, UncertaintyInfo>;

export type UncertaintyCode = keyof typeof UNCERTAINTY_INFO;
export type UncertaintyArgs<C extends UncertaintyCode> = (typeof UNCERTAINTY_INFO)[C]['args'];

/** One cause: `code` narrows the arguments, which sit beside it. */
export type UncertaintyCause = {
  [C in UncertaintyCode]: { code: C } & UncertaintyArgs<C>;
}[UncertaintyCode];

/**
 * The identity of a cause: equal keys are the same cause with the same arguments (and so the
 * same sentence). Causes are built in one place each with their arguments in a fixed order,
 * so the serialisation is stable.
 */
export function causeKey(cause: UncertaintyCause): string {
  return JSON.stringify(cause);
}

/** The identity of an uncertainty: where (table, chain, rule) and why. */
export function uncertaintyKey(u: { table: TableName; chain: string; rule?: number; cause: UncertaintyCause }): string {
  return `${u.table}:${u.chain}:${u.rule ?? ''}:${causeKey(u.cause)}`;
}
