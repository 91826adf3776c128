// The last step of reading a listing: merge its sections into tables and decide what the text
// as a whole tells — family, tool, which chains were listed, whether interfaces are known.
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { Chain, Family, Rule, Ruleset } from '../model.js';
import type { ColumnLayout } from './listing-header.js';
import { mergeSections, type Section } from './listing-sections.js';
import type { ParseOptions } from './options.js';

export interface ParseState {
  options: ParseOptions;
  sections: Section[];
  section: Section;
  chain?: Chain;
  /** the column header of the current chain, once seen */
  layout?: ColumnLayout;
  /** the previous non-blank line was a rule of the current chain */
  lastRule?: Rule;
  /** the previous non-blank line was a rule that stopped right after its fixed columns */
  openEnded?: { rule: Rule; chain: Chain };
  /** how many rule lines stopped after their fixed columns: several mean the paste lost columns throughout */
  openEndedCount: number;
  families: { prompt: Family[]; text: Family[]; blankOpt: boolean };
  interfacesUnknown: boolean;
  /** a rule line was seen, even one that could not be placed in a chain */
  sawRuleLine: boolean;
  /** the text has at least one non-blank line */
  sawText: boolean;
  diagnostics: Diagnostic[];
}

export function assembleRuleset(state: ParseState): Ruleset {
  const { options, diagnostics } = state;
  const tables = mergeSections(state.sections, diagnostics);
  const ruleset: Ruleset = { format: 'listing', origin: options.origin, tables, interfacesKnown: !state.interfacesUnknown, diagnostics };
  const family = decideFamily(state);
  if (family !== undefined) ruleset.family = family;
  const commands = state.sections.filter((s) => s.chains.length > 0).map((s) => s.command);
  if (commands.length > 0 && commands.every((c) => c?.chain !== undefined)) {
    ruleset.listedChains = [...new Set(commands.map((c) => c?.chain as string))];
  }
  const tool = state.sections.find((s) => s.command)?.command?.tool;
  if (tool !== undefined) ruleset.tool = tool;
  if (state.interfacesUnknown) {
    diagnostics.push(diagnostic('interfaces-unknown', {}));
  }
  if (!state.sawRuleLine && tables.every((t) => t.chains.length === 0)) {
    if (state.sawText) diagnostics.push(diagnostic('not-a-listing', {}));
    else diagnostics.push(diagnostic('empty-listing', {}));
  }
  return ruleset;
}

/** options.family, else the prompt's tool, else the addresses, else the blank IPv6 opt column. */
function decideFamily(state: ParseState): Family | undefined {
  const { prompt, text, blankOpt } = state.families;
  const evidence = prompt[0] ?? text[0] ?? (blankOpt ? 6 : undefined);
  const seen = new Set([...prompt, ...text]);
  if (seen.size > 1) {
    state.diagnostics.push(diagnostic('mixed-families', {}));
  }
  const given = state.options.family;
  if (given !== undefined && evidence !== undefined && given !== evidence) {
    state.diagnostics.push(diagnostic('family-mismatch', { context: 'text', seen: evidence, requested: given }));
  }
  return given ?? evidence;
}
