// The Exim configuration as mailleak models it: plain data read from a raw configuration file
// (preprocess.ts) or from `exim -bP config` (bp-config.ts). Option values stay unexpanded text;
// options.ts interprets them only when they hold no `$` expansion.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';

/** One logical line after macros, conditionals, includes and continuations. */
export interface ConfigLine {
  text: string;
  /** where the logical line starts */
  loc: SourceLoc;
}

/** How an option was written: `name = value`, `name`, or `no_name` / `not_name`. */
export type OptionForm = 'assign' | 'flag' | 'negated';

export interface OptionSetting {
  name: string;
  form: OptionForm;
  /** the text after `=`; '' for the flag forms */
  value: string;
  loc: SourceLoc;
}

export type NamedListType = 'domain' | 'host' | 'address' | 'localpart';

export interface NamedList {
  type: NamedListType;
  name: string;
  value: string;
  loc: SourceLoc;
}

/** A router or transport instance (spec "Format of driver configurations"). */
export interface DriverInstance {
  name: string;
  driver?: string;
  /** every option line in file order; `condition` may appear several times (all must be true) */
  settings: OptionSetting[];
  loc: SourceLoc;
  /** lines inside the driver that could not be read (the driver's behaviour is then unknown) */
  unreadable?: SourceLoc[];
}

export interface EximConfig {
  /** the file (or `exim -bP config` capture) it was read from */
  origin: string;
  source: 'config-file' | 'bp-config' | 'assumed-default';
  main: OptionSetting[];
  lists: NamedList[];
  /** in file order: the order Exim tries them */
  routers: DriverInstance[];
  transports: DriverInstance[];
  /** section names seen after `begin`, normalised (routers, transports, acl…) */
  sections: string[];
  /** macros defined when the file was read (Debian's DCconfig_* tell its configtype) */
  macroNames?: string[];
  diagnostics: Diagnostic[];
}

/** The last setting of an option (Exim: a later setting replaces an earlier one). */
export function findSetting(settings: readonly OptionSetting[], name: string): OptionSetting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i]!.name === name) return settings[i];
  return undefined;
}

export function findSettings(settings: readonly OptionSetting[], name: string): OptionSetting[] {
  return settings.filter((s) => s.name === name);
}

export function findNamedList(config: EximConfig, type: NamedListType, name: string): NamedList | undefined {
  for (let i = config.lists.length - 1; i >= 0; i--) {
    const list = config.lists[i]!;
    if (list.type === type && list.name === name) return list;
  }
  return undefined;
}
