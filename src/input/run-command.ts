// Running a command, as data: what a command can answer (CommandOutcome) and the problem it
// means for the user. The one implementation that starts programs is node/run-command.ts; a
// bundle replays recorded answers (bundle/bundle-acquire.ts), tests inject fakes.
import type { CollectionProblem } from './collected.js';

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
