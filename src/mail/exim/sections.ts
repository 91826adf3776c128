// Logical lines → sections, main options, named lists and driver instances (spec "Configuration
// file format", "Named lists", "Format of driver configurations"; readconf.c readconf_rest()).
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ConfigLine, DriverInstance, EximConfig, NamedListType, OptionSetting } from './config.js';

const SECTIONS = new Set(['acls', 'authenticators', 'local_scans', 'retrys', 'rewrites', 'routers', 'transports']);
const LIST_TYPES: Record<string, NamedListType> = {
  domainlist: 'domain', hostlist: 'host', addresslist: 'address', localpartlist: 'localpart',
};
const NAMED_LIST = /^(?:hide\s+)?(domainlist|hostlist|addresslist|localpartlist)(?:_cache)?\s+([A-Za-z0-9_]+)\s*=\s*(.*)$/;
const OPTION = /^(?:hide\s+)?([a-z][a-z0-9_]*)\s*(?:=\s*(.*))?$/;
const INSTANCE = /^([A-Za-z][A-Za-z0-9_]*)\s*:\s*(.*)$/;

export function buildConfig(lines: ConfigLine[], origin: string, source: EximConfig['source'], diagnostics: Diagnostic[]): EximConfig {
  const config: EximConfig = { origin, source, main: [], lists: [], routers: [], transports: [], sections: [], diagnostics };
  let section = 'main';
  let current: DriverInstance | undefined;
  for (const line of lines) {
    const begin = /^begin\s+(\S+)\s*$/i.exec(line.text);
    if (begin) {
      section = normaliseSection(begin[1]!);
      current = undefined;
      if (!SECTIONS.has(section)) diagnostics.push(diagnostic('exim-section-unknown', { name: begin[1]! }, line.loc));
      else if (config.sections.includes(section)) diagnostics.push(diagnostic('exim-section-repeated', { section }, line.loc));
      else config.sections.push(section);
      continue;
    }
    switch (section) {
      case 'main':
        readMainLine(config, line);
        break;
      case 'routers':
      case 'transports':
        current = readDriverLine(config, section === 'routers' ? config.routers : config.transports, current, line);
        break;
      default:
        // acl, retry, rewrite, authenticators, local_scan: their own syntax; they do not route
        break;
    }
  }
  return config;
}

function normaliseSection(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('s') ? lower : `${lower}s`;
}

function readMainLine(config: EximConfig, line: ConfigLine): void {
  const list = NAMED_LIST.exec(line.text);
  if (list) {
    config.lists.push({ type: LIST_TYPES[list[1]!]!, name: list[2]!, value: list[3]!.trim(), loc: line.loc });
    return;
  }
  const setting = readOption(line);
  if (setting) config.main.push(setting);
  else config.diagnostics.push(diagnostic('exim-option-syntax', {}, line.loc));
}

function readDriverLine(config: EximConfig, list: DriverInstance[], current: DriverInstance | undefined, line: ConfigLine): DriverInstance | undefined {
  const instance = INSTANCE.exec(line.text);
  if (instance && !line.text.includes('=')) {
    const name = instance[1]!;
    if (list.some((d) => d.name === name)) {
      config.diagnostics.push(diagnostic('exim-driver-duplicate', { name }, line.loc));
    }
    const created: DriverInstance = { name, settings: [], loc: line.loc };
    list.push(created);
    if (instance[2]) addDriverOption(config, created, { text: instance[2], loc: line.loc });
    return created;
  }
  if (!current) {
    config.diagnostics.push(diagnostic('exim-option-outside-driver', {}, line.loc));
    return current;
  }
  addDriverOption(config, current, line);
  return current;
}

function addDriverOption(config: EximConfig, driver: DriverInstance, line: ConfigLine): void {
  const setting = readOption(line);
  if (!setting) {
    // Exim itself refuses such a file, but real ones (cPanel's multi-line address_data) run with
    // what is stored elsewhere: read on, and make only this driver unknown (issue 15 §3)
    config.diagnostics.push(diagnostic('exim-driver-line-unreadable', { driver: driver.name }, line.loc));
    (driver.unreadable ??= []).push(line.loc);
    return;
  }
  if (setting.name === 'driver') driver.driver = setting.value.trim();
  driver.settings.push(setting);
}

/** `name = value`, `name`, `no_name`, `not_name` (spec "Boolean options"). */
export function readOption(line: ConfigLine): OptionSetting | undefined {
  const m = OPTION.exec(line.text);
  if (!m) return undefined;
  const [, name = '', value] = m;
  if (value !== undefined) return { name, form: 'assign', value: value.trim(), loc: line.loc };
  const negated = /^not?_(.+)$/.exec(name);
  if (negated) return { name: negated[1]!, form: 'negated', value: '', loc: line.loc };
  return { name, form: 'flag', value: '', loc: line.loc };
}
