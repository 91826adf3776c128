// Parser for `iptables -L [-n] [-v] [-x] [--line-numbers]` and `ip6tables -L` text as people
// paste it (reference: shared/reference/iptables-listing.md §2, §6, §8, §9): prompt lines,
// indentation, CRLF, tool warnings, redactions, lost columns, typos and cut-off listings.
// Every line is either used or named in a diagnostic; nothing here throws on user text.
import { diagnostic, type SourceLoc } from '../../diagnostics.js';
import { BUILTIN_CHAINS, TABLE_NAMES, type Chain, type Rule, type Ruleset, type IptablesTable as TableName } from '../model.js';
import { parseChainHeader, parseColumnHeader, type ChainHeader, type ColumnLayout } from './listing-header.js';
import { recogniseRuleLine, type RowResult } from './listing-line.js';
import { readNotice } from './listing-notices.js';
import { parseListingCommand, type ListingCommand } from './listing-prompt.js';
import { assembleRuleset, type ParseState } from './listing-assemble.js';
import { buildRule } from './listing-rule.js';
import { createSection } from './listing-sections.js';
import type { ParseOptions } from './options.js';

export function parseListing(text: string, options: ParseOptions): Ruleset {
  const first = createSection();
  const state: ParseState = {
    options, sections: [first], section: first, families: { prompt: [], text: [], blankOpt: false }, interfacesUnknown: false, openEndedCount: 0, sawRuleLine: false, sawText: /\S/.test(text), diagnostics: [],
  };
  const lines = text.split(/\r?\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const loc: SourceLoc = { origin: options.origin, line: index + 1, text: raw };
    try {
      readLine(state, raw.replace(/\t/g, ' '), loc);
    } catch (error) {
      // a bug of ours must not lose the rest of the listing
      state.diagnostics.push(diagnostic('line-not-parsed', { error: String(error) }, loc));
    }
  });
  endChain(state, lines.length);
  closeOpenEnded(state);
  return assembleRuleset(state);
}

function readLine(state: ParseState, line: string, loc: SourceLoc): void {
  const trimmed = line.trim();
  if (trimmed === '') {
    delete state.lastRule;
    return;
  }
  delete state.openEnded;
  const notice = readNotice(trimmed, loc);
  if (notice) {
    state.diagnostics.push(notice);
    return;
  }
  const header = parseChainHeader(line);
  if (header) return startChain(state, header, loc);
  const layout = parseColumnHeader(line);
  if (layout) return setLayout(state, layout, loc);
  if (readRuleLine(state, line, loc)) return;
  const command = parseListingCommand(trimmed);
  if (command) return startSection(state, command, loc);
  readOtherLine(state, trimmed, loc);
}

function startChain(state: ParseState, header: ChainHeader, loc: SourceLoc): void {
  endChain(state, loc.line - 1);
  // the same chain again without a prompt line means a second listing was pasted after the first
  if (state.section.chains.some((c) => c.name === header.name)) startSection(state, undefined, loc);
  const chain: Chain = { name: header.name, builtin: false, bodyKnown: true, rules: [], loc };
  switch (header.kind) {
    case 'builtin':
      chain.builtin = true;
      if (header.policy === 'ACCEPT' || header.policy === 'DROP') chain.policy = header.policy;
      else state.diagnostics.push(diagnostic('unknown-policy', { policy: header.policy }, loc));
      if (header.counters) chain.policyCounters = header.counters;
      break;
    case 'user':
      if (header.references !== undefined) chain.references = header.references;
      break;
    case 'partial':
      chain.builtin = TABLE_NAMES.some((t) => BUILTIN_CHAINS[t].includes(header.name));
      chain.truncated = true;
      state.diagnostics.push(diagnostic('listing-truncated', { part: 'chain-header', chain: header.name }, loc));
      break;
  }
  state.section.chains.push(chain);
  state.chain = chain;
  delete state.layout;
  delete state.lastRule;
}

/** Called when a chain's block ends: a chain header with no column header at all was cut off. */
function endChain(state: ParseState, lastLine: number): void {
  const chain = state.chain;
  if (!chain || state.layout || chain.rules.length > 0 || chain.truncated) return;
  chain.truncated = true;
  state.diagnostics.push(diagnostic('listing-truncated', { part: 'chain-body', chain: chain.name, lastLine }, chain.loc));
}

function setLayout(state: ParseState, layout: ColumnLayout, loc: SourceLoc): void {
  state.layout = layout;
  if (!layout.interfaces) state.interfacesUnknown = true;
  if (!layout.complete && state.chain) {
    state.chain.truncated = true;
    state.diagnostics.push(diagnostic('listing-truncated', { part: 'column-header', chain: state.chain.name }, loc));
  }
}

function startSection(state: ParseState, command: ListingCommand | undefined, loc: SourceLoc): void {
  endChain(state, loc.line - 1);
  const section = createSection(command, loc);
  state.sections.push(section);
  state.section = section;
  delete state.chain;
  delete state.layout;
  delete state.lastRule;
  if (!command) return;
  state.families.prompt.push(command.family);
  state.diagnostics.push(diagnostic('listing-command', {
    tool: command.tool, list: command.list, ...(command.chain === undefined ? {} : { chain: command.chain }),
    table: command.table ?? command.unknownTable ?? 'filter', verbose: command.verbose, numeric: command.numeric,
  }, loc));
  if (command.unknownTable !== undefined) {
    state.diagnostics.push(diagnostic('unknown-table', { context: 'listing', table: command.unknownTable }, loc));
  }
  if (command.piped) {
    state.diagnostics.push(diagnostic('listing-filtered', {}, loc));
  }
}

/** Returns true when the line was a rule line (used, or named in a diagnostic). */
function readRuleLine(state: ParseState, line: string, loc: SourceLoc): boolean {
  const namesPossible = state.section.command?.numeric !== true;
  const result = recogniseRuleLine(line, state.layout, namesPossible);
  if (result.kind === 'not-a-rule') return false;
  const chain = state.chain ?? chainFromCommand(state);
  if (!chain && result.kind === 'cut-off') return false;
  state.sawRuleLine = true;
  if (!chain) {
    state.diagnostics.push(diagnostic('rule-outside-chain', {}, loc));
    return true;
  }
  if (result.kind === 'cut-off') {
    addCutOffRule(state, chain, result, loc);
    return true;
  }
  const position = state.section.command?.ruleNumber ?? chain.rules.length + 1;
  const built = buildRule(result.row, position, loc, state.options.family ?? state.families.prompt[0]);
  chain.rules.push(built.rule);
  if (result.row.num) state.section.printedNumbers.set(built.rule, { value: result.row.num.value, loc: { ...loc, column: result.row.num.column } });
  if (built.chainRef !== undefined) state.section.chainRefs.push({ chain: built.chainRef, loc });
  for (const f of built.families) state.families.text.push(f);
  if (built.blankOpt) state.families.blankOpt = true;
  if (!result.row.shape.interfaces) state.interfacesUnknown = true;
  for (const d of built.diagnostics) state.diagnostics.push(d);
  if (result.guessedShape && state.layout) {
    state.diagnostics.push(diagnostic('columns-mismatch', {}, loc));
  }
  state.lastRule = built.rule;
  if (result.row.lost.length === 2 && result.row.rest === '') {
    state.openEnded = { rule: built.rule, chain };
    state.openEndedCount++;
  }
  return true;
}

/**
 * The text's last line is a rule that stops after prot/opt/in/out: in the middle of a paste
 * that means lost address columns, but at the very end it may just as well be a cut-off line
 * whose matches are gone, so the rule becomes uncertain.
 */
function closeOpenEnded(state: ParseState): void {
  const open = state.openEnded;
  // When earlier rules of the same paste also stop after their fixed columns (the ServerFault
  // paste lost every 0.0.0.0/0), the last one looks like the others: that is the paste's
  // shape, not a cut-off line.
  if (!open || state.openEndedCount > 1) return;
  open.rule.matches.push({ kind: 'unknown', text: '(the rest of this line may be missing)' });
  open.chain.truncated = true;
  state.diagnostics.push(diagnostic('listing-truncated', { part: 'rule', chain: open.chain.name, rule: open.rule.position, certain: false }, open.rule.loc));
}

/** `iptables -L OUTPUT 3` prints the rule line alone: its chain is the one on the prompt. */
function chainFromCommand(state: ParseState): Chain | undefined {
  const name = state.section.command?.chain;
  if (name === undefined) return undefined;
  const chain: Chain = { name, builtin: TABLE_NAMES.some((t) => BUILTIN_CHAINS[t].includes(name)), bodyKnown: true, rules: [] };
  if (state.section.command?.ruleNumber !== undefined) chain.truncated = true;
  state.section.chains.push(chain);
  state.chain = chain;
  return chain;
}

/** A line that stops inside the fixed columns (`17      0     0 ACCEPT`): keep what is there. */
function addCutOffRule(state: ParseState, chain: Chain, result: Extract<RowResult, { kind: 'cut-off' }>, loc: SourceLoc): void {
  const rule: Rule = {
    position: chain.rules.length + 1,
    // what followed is unknown: the rule may or may not match
    matches: [{ kind: 'unknown', text: '(the rest of this line is missing)' }],
    target: result.target ? { kind: 'unknown', name: result.target, text: '' } : { kind: 'unknown', name: '?', text: '' },
    loc,
  };
  if (result.target) {
    const built = buildRule({
      target: result.target, prot: { text: 'all', negated: false, column: 1 }, source: { kind: 'any', negated: false },
      destination: { kind: 'any', negated: false }, lost: [], rest: '', restStart: 0, shape: { num: false, counters: false, interfaces: true },
    }, rule.position, loc, undefined);
    rule.target = built.rule.target;
    if (built.chainRef !== undefined) state.section.chainRefs.push({ chain: built.chainRef, loc });
  }
  if (result.counters) rule.counters = result.counters;
  chain.rules.push(rule);
  if (result.num !== undefined) state.section.printedNumbers.set(rule, { value: result.num, loc });
  chain.truncated = true;
  state.diagnostics.push(diagnostic('listing-truncated', { part: 'rule', chain: chain.name, rule: rule.position, certain: true }, loc));
  state.lastRule = rule;
}

function readOtherLine(state: ParseState, trimmed: string, loc: SourceLoc): void {
  if (/^(?:`{3,}\w*|~~~|<\/?(?:pre|code)>|\[\/?[A-Za-z]+(?:=[^\]]*)?\])$/.test(trimmed)) {
    state.diagnostics.push(diagnostic('markup-ignored', {}, loc));
    return;
  }
  if (/^\[\.\.\..*\]$/.test(trimmed)) {
    if (state.chain) state.chain.truncated = true;
    state.diagnostics.push(diagnostic('listing-gap', {}, loc));
    return;
  }
  const label = /^(?:(raw|mangle|nat|filter|security)\s+table|table:?\s+(raw|mangle|nat|filter|security))\s*:?$/i.exec(trimmed);
  if (label) return labelTable(state, (label[1] ?? label[2] ?? '').toLowerCase() as TableName, loc);
  if (state.chain && state.layout && looksLikeDamagedRule(trimmed)) return addUnreadableRule(state, state.chain, trimmed, loc);
  if (state.lastRule) {
    // a terminal or web form may have wrapped the previous rule: keep the text, uncertain
    state.lastRule.matches.push({ kind: 'unknown', text: trimmed });
    state.diagnostics.push(diagnostic('possible-continuation', {}, loc));
    return;
  }
  state.diagnostics.push(diagnostic('unrecognised-line', {}, loc));
}

/**
 * Interface or address columns in a line the rule reader refused (a counter or the target
 * redacted, a column deleted): a rule was here, so it is kept as one that may do anything.
 */
function looksLikeDamagedRule(trimmed: string): boolean {
  const words = trimmed.split(/\s+/);
  return words.length >= 5 && words.some((w) => w === '*' || w === 'anywhere' || /^!?(?:[\d.]+|[0-9a-f:]*:[0-9a-f:]*)\/\d+$/i.test(w));
}

function addUnreadableRule(state: ParseState, chain: Chain, trimmed: string, loc: SourceLoc): void {
  const rule: Rule = { position: chain.rules.length + 1, matches: [{ kind: 'unknown', text: trimmed }], target: { kind: 'unknown', name: '?', text: trimmed }, loc };
  chain.rules.push(rule);
  state.lastRule = rule;
  state.diagnostics.push(diagnostic('unreadable-rule-line', { format: 'listing', chain: chain.name, rule: rule.position }, loc));
}

/** `nat table:` written by the user (often via `echo`) names the table of the listing that follows. */
function labelTable(state: ParseState, table: TableName, loc: SourceLoc): void {
  if (state.section.chains.length > 0) startSection(state, undefined, loc);
  const given = state.section.command?.table;
  if (given !== undefined && given !== table) {
    state.diagnostics.push(diagnostic('table-label-mismatch', { label: table, command: given }, loc));
    return;
  }
  state.section.labelTable = table;
  state.diagnostics.push(diagnostic('table-label', { table }, loc));
}
