// Reading files and stdin on Node: each becomes {origin, text}, refused (InputError) when it
// cannot be read or is larger than the limit.
import { fstatSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { describeLimit, describeReadError, MAX_INPUT_BYTES, type InputText } from '../read.js';

/** Reads a whole stream, refusing (InputError) as soon as it grows past the limit. */
export async function readStream(stream: AsyncIterable<unknown>, origin: string, limit = MAX_INPUT_BYTES): Promise<InputText> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new InputError(`${origin}: input larger than ${describeLimit(limit)}; refusing to read it (give each part as its own file, e.g. --iptables FILE --ip6tables FILE --exim-config FILE, each up to ${describeLimit(limit)})`);
    chunks.push(buf);
  }
  return { origin, text: Buffer.concat(chunks).toString('utf8') };
}

export async function readStdin(limit = MAX_INPUT_BYTES): Promise<InputText> {
  return readStream(process.stdin, 'stdin', limit);
}

/**
 * Reads a stream unless nothing arrives within graceMs: then undefined, and the stream is
 * destroyed so that an open pipe nobody writes to (`sleep 100 | mailleak …`, ssh without -n)
 * cannot keep the run waiting. Once the first bytes (or the end) arrive, it reads to the end.
 */
export async function readStreamUnlessIdle(stream: AsyncIterable<unknown> & { destroy(): unknown }, origin: string, graceMs: number, limit = MAX_INPUT_BYTES): Promise<InputText | undefined> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = iterator.next();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), graceMs);
  });
  const winner = await Promise.race([first, idle]);
  clearTimeout(timer);
  if (winner === 'idle') {
    first.catch(() => undefined);
    stream.destroy();
    return undefined;
  }
  const firstResult: IteratorResult<unknown> = winner;
  const rest: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => iterator };
  async function* all(): AsyncGenerator<unknown> {
    if (firstResult.done) return;
    yield firstResult.value;
    yield* rest;
  }
  return readStream(all(), origin, limit);
}

/** stdin, unless it stays silent for graceMs (see readStreamUnlessIdle); undefined then. */
export async function readStdinUnlessIdle(graceMs?: number, limit = MAX_INPUT_BYTES): Promise<string | undefined> {
  if (graceMs === undefined) return (await readStdin(limit)).text;
  return (await readStreamUnlessIdle(process.stdin, 'stdin', graceMs, limit))?.text;
}

/** True when stdin is /dev/null (cron, `< /dev/null`, a service): nothing can ever be piped. */
export function stdinIsNullDevice(): boolean {
  try {
    return process.stdin.isTTY !== true && fstatSync(0).isCharacterDevice();
  } catch {
    return false;
  }
}

/** Reads a file's text; errors come back as `path: cannot read: reason` (InputError). */
export async function readFileText(path: string, limit = MAX_INPUT_BYTES): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read: ${describeReadError(err)}`);
  }
  if (buf.length > limit) throw new InputError(`${path}: larger than ${describeLimit(limit)}; refusing to read it (a ruleset this big is usually one table: save the tables that matter on their own, e.g. iptables-save -t filter and -t nat, into separate files)`);
  return buf.toString('utf8');
}

/** Reads a file argument; `-` means stdin. Errors become InputError with the path. */
export async function readInput(path: string): Promise<InputText> {
  if (path === '-') return readStdin();
  return { origin: path, text: await readFileText(path) };
}

/** A local file's text for the core's file-reader interfaces (Exim .include, lookups, passwd); unreadable or over `limit` → undefined. */
export function readLocalFile(path: string, limit = Number.POSITIVE_INFINITY): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length <= limit ? text : undefined;
  } catch {
    return undefined;
  }
}
