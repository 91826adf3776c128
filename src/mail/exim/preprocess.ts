// Raw configuration text → logical lines, in Exim's order of processing for each physical line
// (readconf.c get_config_line(), spec "Configuration file format"): leading whitespace skipped,
// macros substituted, `#` comment lines dropped, conditional directives, `.include`, then
// backslash continuation. Never throws: problems become diagnostics.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';
import type { ConfigLine } from './config.js';
import { includePath } from './include-path.js';
import {
  createMacroTable, defineMacro, MAX_EXPANDED_LINE, definitionPrefixLength, isBuiltinDefined, readMacroDefinition, substituteMacros,
  type MacroTable,
} from './macros.js';

/** Reads an included file; undefined when it does not exist or cannot be read. */
export type ConfigFileReader = (path: string) => string | undefined;

export interface PreprocessOptions {
  /** `-D NAME=VALUE` macros; they override definitions in the file */
  defines?: Record<string, string>;
  /** for `.include`; without one every include is reported as unreadable */
  readFile?: ConfigFileReader;
}

export interface PreprocessResult {
  lines: ConfigLine[];
  macros: Map<string, string>;
  diagnostics: Diagnostic[];
}

interface Conditional {
  /** lines in the current branch are used */
  active: boolean;
  /** some branch of this .ifdef was already taken (or the enclosing block is inactive) */
  taken: boolean;
  loc: SourceLoc;
}

interface State {
  macros: MacroTable;
  conditions: Conditional[];
  pending: { text: string; loc: SourceLoc } | undefined;
  lines: ConfigLine[];
  diagnostics: Diagnostic[];
  openFiles: string[];
  readFile: ConfigFileReader | undefined;
}

const MAX_INCLUDE_DEPTH = 32;

export function preprocessConfig(text: string, origin: string, options: PreprocessOptions = {}): PreprocessResult {
  const state: State = {
    macros: createMacroTable(options.defines),
    conditions: [],
    pending: undefined,
    lines: [],
    diagnostics: [],
    openFiles: [origin],
    readFile: options.readFile,
  };
  readText(state, text, origin);
  flushLogicalLine(state);
  for (const open of state.conditions) {
    state.diagnostics.push(diagnostic('exim-endif-missing', {}, open.loc));
  }
  return { lines: state.lines, macros: state.macros.values, diagnostics: state.diagnostics };
}

function isActive(state: State): boolean {
  return state.conditions.every((c) => c.active);
}

function readText(state: State, text: string, origin: string): void {
  const physical = text.split(/\r?\n/);
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  physical.forEach((raw, index) => readPhysicalLine(state, raw, { origin, line: index + 1, text: raw }));
}

function readPhysicalLine(state: State, raw: string, loc: SourceLoc): void {
  const stripped = raw.trim();
  if (stripped === '') {
    // an empty line ends a continuation: nothing is appended and nothing ends in "\" any more
    flushLogicalLine(state);
    return;
  }
  const startsLogical = state.pending === undefined;
  const skip = startsLogical ? definitionPrefixLength(stripped) : 0;
  const { text, found, tooLong } = substituteMacros(stripped, state.macros, skip);
  if (tooLong) {
    state.diagnostics.push(diagnostic('exim-macro-too-long', { max: MAX_EXPANDED_LINE }, loc));
    return;
  }
  const line = text.trimStart();
  if (line.startsWith('#')) return;
  if (startsLogical && line.startsWith('.') && readDirective(state, line, found, loc)) return;
  if (!isActive(state)) return;
  const trimmed = line.trimEnd();
  if (trimmed.endsWith('\\')) {
    appendToLogicalLine(state, trimmed.slice(0, -1), loc);
    return;
  }
  appendToLogicalLine(state, trimmed, loc);
  flushLogicalLine(state);
}

function appendToLogicalLine(state: State, text: string, loc: SourceLoc): void {
  if (state.pending) state.pending.text += text.trimStart();
  else state.pending = { text, loc };
}

function flushLogicalLine(state: State): void {
  const pending = state.pending;
  state.pending = undefined;
  if (!pending || pending.text.trim() === '') return;
  const def = readMacroDefinition(pending.text);
  if (!def) {
    state.lines.push({ text: pending.text, loc: pending.loc });
    return;
  }
  const outcome = defineMacro(state.macros, def);
  switch (outcome) {
    case 'defined':
    case 'redefined':
    case 'ignored-command-line':
      return;
    case 'already-defined':
      state.diagnostics.push(diagnostic('exim-macro-redefined', { name: def.name }, pending.loc));
      return;
    case 'contains-earlier':
      state.diagnostics.push(diagnostic('exim-macro-substring', { name: def.name }, pending.loc));
      return;
  }
}

/** Handles `.ifdef` & co and `.include`; false when the line is not a directive. */
function readDirective(state: State, line: string, found: boolean, loc: SourceLoc): boolean {
  const m = /^\.(\w+)\s*(.*)$/.exec(line);
  if (!m) return false;
  const [, word = '', arg = ''] = m;
  const condition = found || arg.split(/\s+/).some((n) => n.startsWith('_') && isBuiltinDefined(n));
  switch (word) {
    case 'ifdef':
    case 'ifndef': {
      const outerActive = isActive(state);
      const value = word === 'ifdef' ? condition : !condition;
      state.conditions.push({ active: outerActive && value, taken: !outerActive || value, loc });
      return true;
    }
    case 'elifdef':
    case 'elifndef':
    case 'else': {
      const top = state.conditions[state.conditions.length - 1];
      if (!top) {
        state.diagnostics.push(diagnostic('exim-conditional-unmatched', { directive: word }, loc));
        return true;
      }
      const value = word === 'else' ? true : word === 'elifdef' ? condition : !condition;
      top.active = !top.taken && value;
      top.taken ||= value;
      return true;
    }
    case 'endif':
      if (!state.conditions.pop()) state.diagnostics.push(diagnostic('exim-conditional-unmatched', { directive: 'endif' }, loc));
      return true;
    case 'include':
    case 'include_if_exists':
      if (isActive(state)) includeFile(state, word === 'include_if_exists', arg.trim().replace(/^"(.*)"$/, '$1'), loc);
      return true;
    default:
      if (isActive(state)) state.diagnostics.push(diagnostic('exim-directive-unknown', { directive: word }, loc));
      return true;
  }
}

function includeFile(state: State, ifExists: boolean, name: string, loc: SourceLoc): void {
  if (ifExists && !name.startsWith('/')) {
    state.diagnostics.push(diagnostic('exim-include-relative', {}, loc));
    return;
  }
  const path = name.startsWith('/') ? name : includePath(loc.origin, name);
  if (state.openFiles.includes(path) || state.openFiles.length > MAX_INCLUDE_DEPTH) {
    state.diagnostics.push(diagnostic('exim-include-loop', { path, through: [...state.openFiles] }, loc));
    return;
  }
  const text = state.readFile?.(path);
  if (text === undefined) {
    // a missing file is a warning: only what it would have defined is unknown (issue 15 §3)
    if (!ifExists) state.diagnostics.push(diagnostic('exim-include-missing', { path }, loc));
    return;
  }
  // a logical line never spans files
  flushLogicalLine(state);
  state.openFiles.push(path);
  readText(state, text, path);
  flushLogicalLine(state);
  state.openFiles.pop();
}
