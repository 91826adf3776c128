// A command runner for tests: answers from a table keyed by the command line, records every argv.
import type { CommandOutcome, RunCommand } from '../../src/input/run-command.js';

export type Answer =
  | { stdout?: string; stderr?: string; exitCode?: number }
  | { status: 'not-found' | 'denied' }
  | { status: 'timeout'; timeoutMs?: number };

export interface FakeRun {
  run: RunCommand;
  calls: string[][];
}

export function fakeRun(table: Record<string, Answer>): FakeRun {
  const calls: string[][] = [];
  const run: RunCommand = async (argv) => {
    calls.push([...argv]);
    const answer = table[argv.join(' ')];
    if (answer === undefined) return { status: 'not-found', argv };
    if ('status' in answer) {
      if (answer.status === 'timeout') return { status: 'timeout', argv, timeoutMs: answer.timeoutMs ?? 15_000, stdout: '', stderr: '' };
      return { status: answer.status, argv };
    }
    const captured = { argv, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
    const outcome: CommandOutcome = (answer.exitCode ?? 0) === 0 ? { ...captured, status: 'ok' } : { ...captured, status: 'exit', exitCode: answer.exitCode ?? 1 };
    return outcome;
  };
  return { run, calls };
}

export const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nDebian-exim:x:102:105::/var/spool/exim4:/usr/sbin/nologin\n';
export const GROUP = 'root:x:0:\nDebian-exim:x:105:\nmail:x:8:\n';

export function fakeFiles(files: Record<string, string>): (path: string) => Promise<string> {
  return async (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}
