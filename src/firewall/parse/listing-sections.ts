// A pasted listing may hold several listings (one per prompt line or per repeated chain set).
// Each is a Section; at the end they are merged into tables: the table comes from `-t`, or is
// inferred from the builtin chains and targets, and jumps to chains that were not listed get a
// stub chain (bodyKnown false) so the simulator can name them.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';
import { BUILTIN_CHAINS, type Chain, type Rule, type Table, type IptablesTable as TableName } from '../model.js';
import type { ListingCommand } from './listing-prompt.js';

export interface Section {
  command?: ListingCommand;
  /** a table named by a label line such as `nat table:` */
  labelTable?: TableName;
  /** where the section's first line was, for diagnostics about the section */
  loc?: SourceLoc;
  chains: Chain[];
  /** `-L` line numbers as printed, per rule, to check against positions */
  printedNumbers: Map<Rule, { value: number; loc: SourceLoc }>;
  /** user chains named as targets, with the line that names them */
  chainRefs: { chain: string; loc: SourceLoc }[];
}

export function createSection(command?: ListingCommand, loc?: SourceLoc): Section {
  const section: Section = { chains: [], printedNumbers: new Map(), chainRefs: [] };
  if (command) section.command = command;
  if (loc) section.loc = loc;
  return section;
}

/** Merges sections into tables, in the order they appear. */
export function mergeSections(sections: Section[], diagnostics: Diagnostic[]): Table[] {
  const tables: Table[] = [];
  for (const section of sections) {
    if (section.chains.length === 0 && section.chainRefs.length === 0) continue;
    const name = decideTable(section, diagnostics);
    let table = tables.find((t) => t.name === name);
    if (!table) {
      table = { name, chains: [] };
      tables.push(table);
    }
    for (const chain of section.chains) {
      checkLineNumbers(chain, section, diagnostics);
      const existing = table.chains.findIndex((c) => c.name === chain.name);
      if (existing >= 0) {
        const old = table.chains[existing];
        if (old?.bodyKnown) {
          diagnostics.push(diagnostic('duplicate-chain', { chain: chain.name, ...(chain.loc ? { laterLine: chain.loc.line } : {}), table: name }, old.loc));
          for (const rule of old.rules) {
            diagnostics.push(diagnostic('rule-superseded', { chain: chain.name }, rule.loc));
          }
        }
        table.chains.splice(existing, 1, chain);
      } else {
        table.chains.push(chain);
      }
    }
    for (const ref of section.chainRefs) {
      if (table.chains.some((c) => c.name === ref.chain)) continue;
      table.chains.push({ name: ref.chain, builtin: false, bodyKnown: false, rules: [] });
      diagnostics.push(diagnostic('chain-not-listed', { chain: ref.chain }, ref.loc));
    }
  }
  return tables;
}

const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
const MANGLE_TARGETS = new Set(['MARK', 'CONNMARK', 'TCPMSS', 'TOS', 'DSCP', 'TTL', 'HL', 'ECN', 'TPROXY', 'CLASSIFY', 'CHECKSUM']);
const RAW_TARGETS = new Set(['CT', 'NOTRACK', 'TRACE']);

/**
 * The table of a section: `-t` when the prompt gave it; otherwise the builtin chains decide
 * (PREROUTING/POSTROUTING do not exist in filter), helped by targets only valid in one table.
 */
function decideTable(section: Section, diagnostics: Diagnostic[]): TableName {
  const given = section.command?.table ?? section.labelTable;
  if (given) return given;
  const names = new Set(section.chains.filter((c) => c.builtin).map((c) => c.name));
  const targets = new Set(section.chains.flatMap((c) => c.rules).map((r) => targetName(r)));
  const has = (set: Set<string>): boolean => [...targets].some((t) => set.has(t));
  let table: TableName = 'filter';
  if (has(NAT_TARGETS)) table = 'nat';
  else if (names.has('PREROUTING') || names.has('POSTROUTING')) {
    if (names.has('FORWARD') || has(MANGLE_TARGETS)) table = 'mangle';
    else if ((!names.has('INPUT') && !names.has('POSTROUTING')) || has(RAW_TARGETS)) table = 'raw';
    else table = 'nat';
  }
  if (table !== 'filter') {
    diagnostics.push(diagnostic('table-inferred', { from: 'listing', table }, section.chains[0]?.loc));
  }
  // a user chain list alone with a builtin name unknown to filter still lands in filter
  for (const chain of section.chains) {
    if (chain.builtin && !BUILTIN_CHAINS[table].includes(chain.name)) {
      diagnostics.push(diagnostic('chain-not-in-table', { chain: chain.name, table }, chain.loc));
    }
  }
  return table;
}

function targetName(rule: Rule): string {
  const t = rule.target;
  switch (t.kind) {
    case 'nat':
      return t.action;
    case 'non-terminal':
    case 'unknown':
      return t.name;
    case 'accept':
    case 'drop':
    case 'reject':
    case 'return':
    case 'jump':
    case 'goto':
    case 'none':
      return t.kind;
  }
}

/**
 * `num` must count 1, 2, 3… in each chain. A single wrong number (a typo in a paste) keeps the
 * rule at its real position; numbers that jump and then keep counting mean lines are missing:
 * then the printed numbers are the true positions and the chain is marked truncated.
 */
function checkLineNumbers(chain: Chain, section: Section, diagnostics: Diagnostic[]): void {
  let shift = 0;
  chain.rules.forEach((rule, k) => {
    const printed = section.printedNumbers.get(rule);
    if (!printed) { rule.position += shift; return; }
    const expected = k + 1 + shift;
    if (printed.value === expected) { rule.position = expected; return; }
    const next = section.printedNumbers.get(chain.rules[k + 1] as Rule);
    const gap = printed.value > expected && next !== undefined && next.value === printed.value + 1;
    if (gap) {
      shift = printed.value - (k + 1);
      rule.position = printed.value;
      chain.truncated = true;
      diagnostics.push(diagnostic('line-numbers-gap', { from: expected - 1, to: printed.value, chain: chain.name }, printed.loc));
      return;
    }
    rule.position = expected;
    diagnostics.push(diagnostic('line-number-mismatch', { printed: printed.value, expected, chain: chain.name }, { ...printed.loc, column: printed.loc.column ?? 1 }));
  });
}
