// Exim macros (spec "Macros in the configuration file"; readconf.c macros_expand()): plain
// substring replacement, no word boundaries — with `DOM = example`, `RANDOM.DOM.net` becomes
// `RANexample.example.net` (verified with Exim 4.96, exim-samples/bP-config-syntax.txt).

export interface MacroTable {
  /** definition order matters: each macro is replaced in turn, later ones also inside earlier replacements */
  names: string[];
  values: Map<string, string>;
  /** names given with -D: they override any definition in the file */
  fromCommandLine: Set<string>;
}

export function createMacroTable(defines: Record<string, string> = {}): MacroTable {
  const table: MacroTable = { names: [], values: new Map(), fromCommandLine: new Set() };
  // command-line macros come first in Exim's list, so they are substituted first
  for (const [name, value] of Object.entries(defines)) {
    table.names.push(name);
    table.values.set(name, value);
    table.fromCommandLine.add(name);
  }
  return table;
}

export interface Substitution {
  text: string;
  /** a macro was replaced on this line: what `.ifdef` tests */
  found: boolean;
  /** the expansion passed MAX_EXPANDED_LINE and was stopped (Exim: "overlong line") */
  tooLong?: boolean;
}

/** Exim refuses a line that macros make longer than its buffer; this bound keeps a macro bomb from exhausting memory. */
export const MAX_EXPANDED_LINE = 64 * 1024;

/** Replaces every defined macro in `line`, scanning from its first upper-case letter. */
export function substituteMacros(line: string, table: MacroTable, from = 0): Substitution {
  const start = firstMacroStart(line, from);
  if (start < 0 || table.names.length === 0) return { text: line, found: false };
  let head = line.slice(0, start);
  let rest = line.slice(start);
  let found = false;
  for (const name of table.names) {
    const value = table.values.get(name) ?? '';
    let out = '';
    let at = rest.indexOf(name);
    if (at < 0) continue;
    found = true;
    // the replacement is not rescanned for the same macro (it is for later-defined ones)
    while (at >= 0) {
      out += rest.slice(0, at) + value;
      rest = rest.slice(at + name.length);
      if (out.length + rest.length > MAX_EXPANDED_LINE) return { text: line, found: true, tooLong: true };
      at = rest.indexOf(name);
    }
    rest = out + rest;
  }
  head += rest;
  return { text: head, found };
}

function firstMacroStart(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c >= 'A' && c <= 'Z') return i;
    if (c === '_' && /[A-Z]/.test(line[i + 1] ?? '')) return i;
  }
  return -1;
}

const DEFINITION = /^([A-Z][A-Za-z0-9_]*)\s*(==?)\s*(.*)$/s;

export interface MacroDefinition {
  name: string;
  redefine: boolean;
  value: string;
}

/** `NAME = value` or `NAME == value` at the start of a logical line. */
export function readMacroDefinition(line: string): MacroDefinition | undefined {
  const m = DEFINITION.exec(line);
  if (!m) return undefined;
  return { name: m[1]!, redefine: m[2] === '==', value: m[3]!.trim() };
}

/** Length of the `NAME =` part of a physical line that starts a macro definition, else 0. */
export function definitionPrefixLength(line: string): number {
  const m = /^[A-Z][A-Za-z0-9_]*\s*==?/.exec(line);
  return m ? m[0].length : 0;
}

export type DefineOutcome = 'defined' | 'redefined' | 'ignored-command-line' | 'already-defined' | 'contains-earlier';

/** Applies a definition with Exim's rules; the outcome says what happened for diagnostics. */
export function defineMacro(table: MacroTable, def: MacroDefinition): DefineOutcome {
  if (table.fromCommandLine.has(def.name)) return 'ignored-command-line';
  const exists = table.values.has(def.name);
  if (exists && !def.redefine) return 'already-defined';
  if (exists) {
    table.values.set(def.name, def.value);
    return 'redefined';
  }
  // readconf.c: a new name containing an earlier name is refused (the earlier one would replace part of it)
  if (table.names.some((n) => def.name.includes(n))) return 'contains-earlier';
  table.names.push(def.name);
  table.values.set(def.name, def.value);
  return 'defined';
}

// Built-in macros of the Exim 4.96 Debian build (exim -bP macros): features it has. Other
// built-ins (_OPT_*, _DRIVER_*, _EXP_*, _LOG_*) name options and drivers every 4.9x build knows.
const BUILTIN_FEATURES = new Set([
  '_HAVE_IPV6', '_HAVE_TLS', '_HAVE_GNUTLS', '_HAVE_DKIM', '_HAVE_DNSSEC', '_HAVE_DANE', '_HAVE_EVENT', '_HAVE_I18N',
  '_HAVE_OCSP', '_HAVE_PRDR', '_HAVE_PIPE_CONNECT', '_HAVE_SOCKS', '_HAVE_SRS', '_HAVE_NATIVE_SRS', '_HAVE_TCP_FASTOPEN',
  '_HAVE_TLS_RESUME', '_HAVE_TLS1_3', '_HAVE_TLS_ALPN', '_HAVE_TLS_OCSP', '_HAVE_TLS_OCSP_LIST', '_HAVE_TLS_CA_CACHE',
  '_HAVE_ICONV', '_HAVE_CRYPTEQ', '_HAVE_MOVE_FROZEN_MESSAGES', '_HAVE_LOOKUP_LSEARCH', '_HAVE_LOOKUP_CDB',
  '_HAVE_LOOKUP_DBM', '_HAVE_LOOKUP_DNSDB', '_HAVE_LOOKUP_DSEARCH', '_HAVE_LOOKUP_NIS', '_HAVE_LOOKUP_PASSWD',
  '_HAVE_TRANSPORT_APPEND_MAILDIR', '_HAVE_TRANSPORT_APPEND_MAILSTORE',
]);

/** Whether a built-in macro name is defined, assuming the Exim 4.96 Debian build. */
export function isBuiltinDefined(name: string): boolean {
  if (name.startsWith('_HAVE_')) return BUILTIN_FEATURES.has(name);
  return /^_(OPT|DRIVER|EXP|LOG)_/.test(name);
}
