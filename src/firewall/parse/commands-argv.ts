// The arguments of one iptables(8) invocation (or one `-A …` line of -S / save text): the
// command (-A, -I, -D, -R, -N, -X, -F, -P, -E, -L, -S …), the table, and the words left for
// the rule specification. Options may come in any order: `-A PREROUTING -t nat -p tcp …`.
import type { Diagnostic, DiagnosticArgs, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import { mainOptionOf } from './getopt.js';
import type { ShellWord } from './shell-words.js';

export type IptablesCommand =
  | { op: 'append'; chain: string }
  | { op: 'insert'; chain: string; position: number }
  | { op: 'delete'; chain: string; position?: number }
  | { op: 'replace'; chain: string; position: number }
  | { op: 'new-chain'; chain: string }
  | { op: 'delete-chain'; chain?: string }
  | { op: 'flush'; chain?: string }
  | { op: 'policy'; chain: string; policy: string }
  | { op: 'rename'; chain: string; newName: string }
  /** -L / -S: shows rules; in a paste it says what the following lines are */
  | { op: 'list'; chain?: string; rules: boolean }
  /** -Z, -C, -h, -V: change nothing we model */
  | { op: 'other'; name: string };

export interface ParsedInvocation {
  command?: IptablesCommand;
  table?: string;
  /** the words of the rule specification, in order */
  spec: ShellWord[];
  diagnostics: Diagnostic[];
}

const COMMANDS: Record<string, string> = {
  '-A': 'append', '--append': 'append', '-I': 'insert', '--insert': 'insert', '-D': 'delete', '--delete': 'delete',
  '-R': 'replace', '--replace': 'replace', '-N': 'new-chain', '--new-chain': 'new-chain', '--new': 'new-chain',
  '-X': 'delete-chain', '--delete-chain': 'delete-chain', '-F': 'flush', '--flush': 'flush', '-P': 'policy',
  '--policy': 'policy', '-E': 'rename', '--rename-chain': 'rename', '-L': 'list', '--list': 'list',
  '-S': 'list-rules', '--list-rules': 'list-rules', '-Z': 'zero', '--zero': 'zero', '-C': 'check', '--check': 'check',
  '-h': 'help', '--help': 'help', '-V': 'version', '--version': 'version',
};

/** The words that name a command that changes rules (`-A`, `--append`, …). */
export const COMMAND_WORDS: ReadonlySet<string> = new Set(Object.keys(COMMANDS).filter((k) => ['append', 'insert', 'delete', 'replace', 'new-chain', 'delete-chain', 'flush', 'policy', 'rename'].includes(COMMANDS[k]!)));

/** Options that change only how iptables runs or prints; `-w`/`-W` may take a number. */
const GLOBAL_FLAGS = new Set(['-n', '--numeric', '-v', '--verbose', '-x', '--exact', '--line-numbers', '-w', '--wait', '-W', '--wait-interval']);

function isPlainValue(w: ShellWord | undefined): w is ShellWord {
  return !!w && !w.operator && (w.quoted || !/^-/.test(w.text)) && w.text !== '!';
}

/** `-nvL` → `-n -v -L` (short flags that take no value may be grouped). */
function ungroup(words: readonly ShellWord[]): ShellWord[] {
  // nearly every line has no grouped flags: keep the words as they are
  if (!words.some((w) => !w.quoted && /^-[nvxLSZF]{2,}$/.test(w.text))) return words as ShellWord[];
  return words.flatMap((w) => (!w.quoted && /^-[nvxLSZF]{2,}$/.test(w.text)
    ? [...w.text.slice(1)].map((ch, k) => ({ ...w, text: `-${ch}`, column: w.column + k }))
    : [w]));
}

/**
 * The word as iptables' own option table reads it: `--app` is `-A`, `--ta=nat` is `-t nat`
 * (getopt_long takes any unambiguous prefix). Other words are returned as they are.
 */
function mainText(w: ShellWord, family: 4 | 6 | undefined, extensionsLoaded: boolean): { text: string; inline?: string } {
  if (w.quoted) return { text: '' };
  if (COMMANDS[w.text] || GLOBAL_FLAGS.has(w.text) || w.text === '--table' || w.text.startsWith('--table=')) return { text: w.text.startsWith('--table') ? '-t' : w.text, ...(w.text.startsWith('--table=') ? { inline: w.text.slice(8) } : {}) };
  // once a match or target is loaded its options join getopt's table (`-m policy --pol`): the rule parser decides
  if (extensionsLoaded) return { text: w.text };
  const main = mainOptionOf(w.text, family);
  if (!main || !(COMMANDS[main.short] || GLOBAL_FLAGS.has(main.short) || main.short === '-t')) return { text: w.text };
  return main.inline === undefined ? { text: main.short } : { text: main.short, inline: main.inline };
}

export function parseInvocation(input: readonly ShellWord[], loc: SourceLoc, family?: 4 | 6): ParsedInvocation {
  const words = ungroup(input);
  const out: ParsedInvocation = { spec: [], diagnostics: [] };
  let extensionsLoaded = false;
  const problem = (args: DiagnosticArgs<'bad-command'>, w?: ShellWord): void => {
    out.diagnostics.push(diagnostic('bad-command', args, { ...loc, ...(w ? { column: w.column } : {}) }));
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const { text, inline } = mainText(w, family, extensionsLoaded);
    if (!w.quoted && /^(?:-[mjp]|--(?:match|jump|protocol))$/.test(w.text)) extensionsLoaded = true;
    if (text === '-t') {
      const value = inline ?? (isPlainValue(words[i + 1]) ? words[++i]!.text : undefined);
      if (value === undefined) problem({ problem: 'table-missing' }, w);
      else out.table = value;
      continue;
    }
    if (GLOBAL_FLAGS.has(text) || text.startsWith('--modprobe')) {
      if ((text === '-w' || text === '--wait' || text === '-W' || text === '--wait-interval') && /^\d+$/.test(words[i + 1]?.text ?? '')) i++;
      continue;
    }
    const op = COMMANDS[text];
    if (!op) { out.spec.push(w); continue; }
    if (out.command) problem({ problem: 'several-commands', option: text }, w);
    const chainWord = isPlainValue(words[i + 1]) ? words[i + 1] : undefined;
    const numberAfter = (k: number): number | undefined => (/^\d+$/.test(words[k]?.text ?? '') && !words[k]!.quoted ? Number(words[k]!.text) : undefined);
    let command: IptablesCommand | undefined;
    if (op === 'append' || op === 'insert' || op === 'delete' || op === 'replace' || op === 'new-chain' || op === 'policy' || op === 'rename') {
      if (!chainWord) { problem({ problem: 'chain-missing', option: text }, w); continue; }
      i++;
      const chain = chainWord.text;
      if (op === 'append') command = { op, chain };
      else if (op === 'new-chain') command = { op, chain };
      else if (op === 'insert') {
        const n = numberAfter(i + 1);
        if (n !== undefined) i++;
        command = { op, chain, position: n ?? 1 };
      } else if (op === 'delete') {
        const n = numberAfter(i + 1);
        if (n !== undefined) i++;
        command = n === undefined ? { op, chain } : { op, chain, position: n };
      } else if (op === 'replace') {
        const n = numberAfter(i + 1);
        if (n === undefined) { problem({ problem: 'rule-number-missing', option: text }, w); continue; }
        i++;
        command = { op, chain, position: n };
      } else {
        const second = isPlainValue(words[i + 1]) ? words[++i]!.text : undefined;
        if (second === undefined) { problem({ problem: op === 'policy' ? 'policy-missing' : 'name-missing', option: text }, w); continue; }
        command = op === 'policy' ? { op, chain, policy: second } : { op, chain, newName: second };
      }
    } else if (op === 'delete-chain' || op === 'flush' || op === 'list' || op === 'list-rules') {
      if (chainWord) i++;
      if (op === 'list-rules' && numberAfter(i + 1) !== undefined) i++;
      const chain = chainWord?.text;
      command = op === 'list' || op === 'list-rules' ? { op: 'list', rules: op === 'list-rules', ...(chain ? { chain } : {}) } : { op, ...(chain ? { chain } : {}) };
    } else {
      command = { op: 'other', name: text };
    }
    out.command ??= command;
  }
  return out;
}
