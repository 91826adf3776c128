// Acquisition: stdin and files both become {origin, text}; parsers take text, never paths.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../cli/exit.js';

export interface InputText {
  /** "stdin", a file path, or the command that produced it */
  origin: string;
  text: string;
}

/** Refuse pastes larger than this instead of exhausting memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readStdin(): Promise<InputText> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError(`stdin: input larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; refusing to read it`);
    chunks.push(buf);
  }
  return { origin: 'stdin', text: Buffer.concat(chunks).toString('utf8') };
}

/** Reads a file argument; `-` means stdin. Errors become UsageError with the path. */
export async function readInput(path: string): Promise<InputText> {
  if (path === '-') return readStdin();
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_INPUT_BYTES) throw new UsageError(`${path}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; refusing to read it`);
    return { origin: path, text: buf.toString('utf8') };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new UsageError(`${path}: cannot read: ${why}`);
  }
}
