// The only place mailleak starts programs. Commands are argument arrays handed to execa with
// `shell: false`, so no text (an address, a path from a config) can ever be read by a shell.
// Every way a command can fail becomes data (CommandOutcome), never an exception.
import { execa } from 'execa';
import type { CollectionProblem } from '../collected.js';
import { MAX_INPUT_BYTES } from './read.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface RunOptions {
  /** kill the command (SIGTERM, then SIGKILL) after this long */
  timeoutMs?: number;
}

interface Captured {
  argv: readonly string[];
  stdout: string;
  stderr: string;
}

export type CommandOutcome =
  | (Captured & { status: 'ok' })
  | (Captured & { status: 'exit'; exitCode: number })
  | (Captured & { status: 'timeout'; timeoutMs: number })
  | (Captured & { status: 'killed'; signal: string })
  | { status: 'not-found'; argv: readonly string[] }
  | { status: 'denied'; argv: readonly string[] }
  | { status: 'error'; argv: readonly string[]; message: string };

/** Runs one command; tests inject their own (a fake, or a wrapper that adds `ip netns exec NS`). */
export type RunCommand = (argv: readonly string[], options?: RunOptions) => Promise<CommandOutcome>;

/** The command as a person would type it, for origins and messages (display only, never executed). */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export const runCommand: RunCommand = async (argv, options = {}) => {
  const [file, ...args] = argv;
  if (file === undefined || file === '') return { status: 'error', argv, message: 'empty command' };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result = await execa(file, args, {
    shell: false,
    reject: false,
    stdin: 'ignore',
    timeout: timeoutMs,
    forceKillAfterDelay: 2_000,
    stripFinalNewline: false,
    maxBuffer: MAX_INPUT_BYTES,
    // untranslated messages ("Permission denied") so they can be recognised
    env: { LC_ALL: 'C' },
  });
  const captured = { argv, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT') return { status: 'not-found', argv };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'denied', argv };
  if (result.timedOut) return { ...captured, status: 'timeout', timeoutMs };
  if (result.isMaxBuffer) return { status: 'error', argv, message: `output larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB` };
  if (typeof result.exitCode === 'number') {
    return result.exitCode === 0 ? { ...captured, status: 'ok' } : { ...captured, status: 'exit', exitCode: result.exitCode };
  }
  if (result.signal) return { ...captured, status: 'killed', signal: result.signal };
  return { status: 'error', argv, message: result.originalMessage || result.shortMessage || 'could not run' };
};

const NOT_ROOT = /permission denied \(you must be root\)/i;

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

/** True when a command failed only because we are not root: trying its siblings is pointless. */
export function failedForPrivilege(outcome: CommandOutcome): boolean {
  switch (outcome.status) {
    case 'exit':
      return NOT_ROOT.test(outcome.stderr) || /permission denied|operation not permitted/i.test(firstLine(outcome.stderr));
    case 'ok':
    case 'timeout':
    case 'killed':
    case 'not-found':
    case 'denied':
    case 'error':
      return false;
  }
}

/** What went wrong, said exactly; undefined for success. */
export function problemFromOutcome(outcome: CommandOutcome): CollectionProblem | undefined {
  const what = formatCommand(outcome.argv);
  switch (outcome.status) {
    case 'ok':
      return undefined;
    case 'exit': {
      if (NOT_ROOT.test(outcome.stderr)) return { what, message: 'permission denied (you must be root)' };
      const said = firstLine(outcome.stderr) || firstLine(outcome.stdout);
      return { what, message: `exited with status ${outcome.exitCode}${said ? `: ${said}` : ''}` };
    }
    case 'timeout':
      return { what, message: `no answer after ${outcome.timeoutMs / 1000} s; stopped it` };
    case 'killed':
      return { what, message: `killed by ${outcome.signal}` };
    case 'not-found':
      return { what, message: `command not found: ${outcome.argv[0] ?? ''}` };
    case 'denied':
      return { what, message: `permission denied: cannot execute ${outcome.argv[0] ?? ''}` };
    case 'error':
      return { what, message: outcome.message };
  }
}
