// master.cf and `postconf -M` output (master(5): "service type private unpriv chroot wakeup
// maxproc command + args", lines starting with whitespace continue an entry), with each
// service's `-o name=value` / `-o { name = value }` overrides; and `postconf -P` output
// (`service/type/name = value`), the same overrides listed one per line. Never throws.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';
import { readLogicalLines } from './logical-lines.js';

export interface MasterService {
  name: string;
  type: string;
  /** the "unpriv" column: 'n' runs as root; 'y' and '-' as mail_owner */
  unpriv: string;
  /** the program in the command field (smtp, local, pipe…) */
  command: string;
  args: string[];
  overrides: Map<string, string>;
  loc: SourceLoc;
}

export interface MasterCf {
  services: MasterService[];
  diagnostics: Diagnostic[];
}

const TYPES = new Set(['inet', 'unix', 'unix-dgram', 'fifo', 'pass']);

export function readMasterCf(text: string, origin: string, firstLine = 1): MasterCf {
  const out: MasterCf = { services: [], diagnostics: [] };
  for (const l of readLogicalLines(text, firstLine, 'start').lines) readEntry(l.joined, { origin, line: l.line, text: l.text }, out);
  return out;
}

function readEntry(entry: string, loc: SourceLoc, out: MasterCf): void {
  const words = splitWords(entry);
  if (words.length < 8) {
    out.diagnostics.push(diagnostic('postfix-master-syntax', { problem: 'fields' }, loc));
    return;
  }
  const [name, type, , unpriv, , , , command, ...args] = words as [string, string, string, string, string, string, string, string, ...string[]];
  if (!TYPES.has(type)) {
    out.diagnostics.push(diagnostic('postfix-master-syntax', { problem: 'type', service: name }, loc));
    return;
  }
  const overrides = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '-o') continue;
    const setting = (args[i + 1] ?? '').replace(/^\{\s*|\s*\}$/g, '');
    i++;
    const eq = setting.indexOf('=');
    if (eq <= 0) out.diagnostics.push(diagnostic('postfix-master-syntax', { problem: 'option', service: name }, loc));
    else overrides.set(setting.slice(0, eq).trim(), setting.slice(eq + 1).trim());
  }
  out.services.push({ name, type, unpriv, command, args, overrides, loc });
}

/** Words separated by whitespace; `{ … }` is one word (master(5) since Postfix 3.0). */
function splitWords(entry: string): string[] {
  return entry.match(/\{[^}]*\}|\S+/g) ?? [];
}

/** `postconf -P`: service/type/parameter = value, applied to the services (or new ones). */
export function readPostconfP(text: string, origin: string, into: MasterCf, firstLine = 1): void {
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || /^\s*#/.test(line) || /^postconf: /.test(line)) return;
    const loc = { origin, line: i + firstLine, text: line };
    const m = /^([^\s/]+)\/([^\s/]+)\/([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      into.diagnostics.push(diagnostic('postfix-line-syntax', { file: 'postconf -P', problem: 'no-equals' }, loc));
      return;
    }
    const [, name, type, param, value] = m as unknown as [string, string, string, string, string];
    let service = into.services.find((s) => s.name === name && s.type === type);
    if (!service) {
      service = { name, type, unpriv: '-', command: '', args: [], overrides: new Map(), loc };
      into.services.push(service);
    }
    service.overrides.set(param, value.trim());
  });
}

/** The delivery service a transport name selects: the unix service of that name (master(5)). */
export function findTransportService(master: MasterCf, transport: string): MasterService | undefined {
  return master.services.find((s) => s.name === transport && s.type === 'unix');
}
