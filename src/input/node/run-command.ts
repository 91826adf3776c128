// The only place mailleak starts programs. Commands are argument arrays handed to execa with
// `shell: false`, so no text (an address, a path from a config) can ever be read by a shell.
// Every way a command can fail becomes data (CommandOutcome), never an exception.
import { execa } from 'execa';
import { MAX_INPUT_BYTES } from '../read.js';
import type { RunCommand } from '../run-command.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

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
