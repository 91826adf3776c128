// Acquisition: stdin and files both become {origin, text}; parsers take text, never paths.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../cli/exit.js';

export interface InputText {
  /** "stdin", a file path, or the command that produced it */
  origin: string;
  text: string;
}

/** Refuse pastes larger than this instead of exhausting memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

function describeLimit(limit: number): string {
  return limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`;
}

/** Reads a whole stream, refusing (UsageError) as soon as it grows past the limit. */
export async function readStream(stream: AsyncIterable<unknown>, origin: string, limit = MAX_INPUT_BYTES): Promise<InputText> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new UsageError(`${origin}: input larger than ${describeLimit(limit)}; refusing to read it (give each part as its own file, e.g. --iptables FILE --ip6tables FILE --exim-config FILE, each up to ${describeLimit(limit)})`);
    chunks.push(buf);
  }
  return { origin, text: Buffer.concat(chunks).toString('utf8') };
}

export async function readStdin(limit = MAX_INPUT_BYTES): Promise<InputText> {
  return readStream(process.stdin, 'stdin', limit);
}

/** Words a user understands for the usual reasons a file cannot be read. */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

/** Reads a file's text; errors come back as `path: cannot read: reason` (UsageError). */
export async function readFileText(path: string, limit = MAX_INPUT_BYTES): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new UsageError(`${path}: cannot read: ${describeReadError(err)}`);
  }
  if (buf.length > limit) throw new UsageError(`${path}: larger than ${describeLimit(limit)}; refusing to read it (a ruleset this big is usually one table: save the tables that matter on their own, e.g. iptables-save -t filter and -t nat, into separate files)`);
  return buf.toString('utf8');
}

/** Reads a file argument; `-` means stdin. Errors become UsageError with the path. */
export async function readInput(path: string): Promise<InputText> {
  if (path === '-') return readStdin();
  return { origin: path, text: await readFileText(path) };
}
