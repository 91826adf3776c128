// Reads a shell script, a paste of `iptables …` commands, or `iptables -S` output into a list of
// iptables invocations, without running anything: line continuations, comments, `sudo`, simple
// variables (`IPT=/sbin/iptables`, then `$IPT -A …`), prompts (`[root@host ~]# iptables -S`)
// and `;`/`&&`/`||` lists. Lines that are not iptables commands are named in a diagnostic.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { Family } from '../model.js';
import { splitLines } from './save.js';
import type { ShellWord } from './shell-words.js';
import { splitShellWords } from './shell-words.js';

export interface CommandRef {
  /** from the program name (iptables → 4, ip6tables → 6); undefined for a bare `-A …` line */
  family?: Family;
  /** the program as written, e.g. "ip6tables-legacy"; undefined for bare lines */
  program?: string;
  args: ShellWord[];
  loc: SourceLoc;
  /** inside `# …`: only a listing command there (`# iptables -t nat -S`) tells anything */
  commented: boolean;
  /** inside if/for/while/case/function: may run never or several times */
  inBlock: boolean;
}

export interface ReadCommands {
  commands: CommandRef[];
  diagnostics: Diagnostic[];
}

const PROGRAM = /^(ip6?)tables(?:-legacy|-nft)?$/;
/** A shell prompt before a typed command: `[root@host ~]#`, `user@host:~$`, `root@h [/tmp]#`, `bash-4.2#`. */
export const HOST_PROMPT = /^(?:\[[^\]\s@]+@[^\]]{1,200}\]|[\w.-]{1,64}@[\w.-]{1,255}(?::[^\s#$%]{0,200}|\s{0,4}\[[^\]]{0,200}\])?|[\w.-]{1,64}-\d[\d.]{0,16})\s{0,4}[#$%]\s*/;
const BARE_OPTION_LINE = /^(\[\d+:\d+\]\s*)?-[APNIDFXRE]\s/;
const PREFIX_WORDS = new Set(['then', 'do', 'else', '{', '(', '!', 'time', 'exec', 'command', 'nohup', 'builtin']);
const BLOCK_OPEN = new Set(['if', 'while', 'until', 'for', 'case', 'function', 'select']);
const BLOCK_CLOSE = new Set(['fi', 'done', 'esac', '}']);
const DECLARE = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

interface Reader {
  origin: string;
  env: Map<string, string | undefined>;
  depth: number;
  out: ReadCommands;
}

/** Physical lines joined where a line ends in an unescaped backslash. */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | undefined;
  splitLines(text).forEach((raw, idx) => {
    const continued = /(^|[^\\])(\\\\)*\\\s*$/.test(raw) && !raw.trimStart().startsWith('#');
    const body = continued ? raw.replace(/\\\s*$/, '') : raw;
    pending = pending ? { line: pending.line, text: `${pending.text} ${body.trimStart()}` } : { line: idx + 1, text: body };
    if (!continued) { out.push(pending); pending = undefined; }
  });
  if (pending) out.push(pending);
  return out;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** An unquoted expansion is split into fields (`IPT="iptables -w"; $IPT -A …`). */
function splitFields(words: ShellWord[]): ShellWord[] {
  return words.flatMap((w) => (!w.quoted && /\s/.test(w.text.trim()) ? w.text.trim().split(/\s+/).map((text) => ({ ...w, text })) : [w]));
}

function splitSegments(words: ShellWord[]): ShellWord[][] {
  const segments: ShellWord[][] = [[]];
  for (const w of words) {
    if (w.operator) segments.push([]);
    else segments[segments.length - 1]!.push(w);
  }
  return segments.filter((s) => s.length > 0);
}

/** Takes `NAME=value` words; returns how many there were. */
function takeAssignments(r: Reader, words: ShellWord[]): number {
  let n = 0;
  for (const w of words) {
    const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(w.text);
    if (!m || w.column === undefined) break;
    r.env.set(m[1]!, w.unresolved ? undefined : m[2]!);
    n++;
  }
  return n;
}

function dropSudo(words: ShellWord[]): ShellWord[] {
  if (words[0]?.text !== 'sudo') return words;
  let i = 1;
  while (i < words.length && words[i]!.text.startsWith('-')) i += /^-[ugCDhpRrT]$/.test(words[i]!.text) ? 2 : 1;
  return words.slice(i);
}

function readSegment(r: Reader, segment: ShellWord[], loc: SourceLoc, commented: boolean): void {
  let words = segment;
  while (words[0] && PREFIX_WORDS.has(words[0].text) && !words[0].quoted) words = words.slice(1);
  const first = words[0];
  if (!first) return;
  if (BLOCK_OPEN.has(first.text) || /^[\w-]+\(\)$/.test(first.text) || words[1]?.text === '()') {
    r.depth++;
    if (first.text === 'if' || first.text === 'while' || first.text === 'until') readSegment(r, words.slice(1), loc, commented);
    return;
  }
  if (BLOCK_CLOSE.has(first.text)) { r.depth = Math.max(0, r.depth - 1); return; }
  if (DECLARE.has(first.text)) { takeAssignments(r, words.slice(1)); return; }
  const assigned = takeAssignments(r, words);
  words = dropSudo(splitFields(words.slice(assigned)));
  const program = words[0];
  if (!program) return;
  const name = basename(program.text);
  const m = PROGRAM.exec(name);
  if (m) {
    r.out.commands.push({ family: m[1] === 'ip6' ? 6 : 4, program: name, args: words.slice(1), loc, commented, inBlock: r.depth > 0 });
    return;
  }
  if (program.unresolved && /^\$\{?IP6?T/i.test(program.unresolved)) {
    const family: Family = /6/.test(program.unresolved) ? 6 : 4;
    r.out.diagnostics.push(diagnostic('assumed-iptables', { variable: program.unresolved, family }, { ...loc, column: program.column }));
    r.out.commands.push({ family, program: family === 6 ? 'ip6tables' : 'iptables', args: words.slice(1), loc, commented, inBlock: r.depth > 0 });
    return;
  }
  if (commented) return;
  const saveTool = /^(ip6?tables|iptables)-(save|restore)/.test(name);
  r.out.diagnostics.push(diagnostic('ignored-line', { context: 'script', program: name, saveTool }, { ...loc, column: program.column }));
}

function readLine(r: Reader, text: string, line: number): void {
  const loc: SourceLoc = { origin: r.origin, line, text: text.trimEnd() };
  let body = text.trim();
  if (body === '' || body.startsWith('#!')) return;
  const prompt = HOST_PROMPT.exec(body) ?? /^\$\s+/.exec(body);
  if (prompt) body = body.slice(prompt[0].length);
  const commented = !prompt && body.startsWith('#');
  if (commented) body = body.replace(/^#+\s*/, '');
  const offset = text.indexOf(body);
  if (BARE_OPTION_LINE.test(body) && !commented) {
    const words = splitShellWords(body, 'restore').words.map((w) => ({ ...w, column: w.column + Math.max(offset, 0) }));
    r.out.commands.push({ args: words, loc, commented: false, inBlock: r.depth > 0 });
    return;
  }
  const split = splitShellWords(body, 'shell', (name) => r.env.get(name));
  for (const segment of splitSegments(split.words.map((w) => ({ ...w, column: w.column + Math.max(offset, 0) })))) {
    readSegment(r, segment, loc, commented);
  }
}

export function readCommands(text: string, origin: string): ReadCommands {
  const r: Reader = { origin, env: new Map(), depth: 0, out: { commands: [], diagnostics: [] } };
  for (const l of logicalLines(text)) {
    try {
      readLine(r, l.text, l.line);
    } catch (err) {
      r.out.diagnostics.push(diagnostic('internal-error', { stage: 'line', error: (err as Error).message }, { origin, line: l.line, text: l.text }));
    }
  }
  return r.out;
}
