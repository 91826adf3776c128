// Acquisition: stdin and files both become {origin, text}; parsers take text, never paths.
// Reading itself is node/read.ts (files, stdin); a bundle or a browser page supplies text its way.

export interface InputText {
  /** "stdin", a file path, or the command that produced it */
  origin: string;
  text: string;
}

/** Refuse pastes larger than this instead of exhausting memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export function describeLimit(limit: number): string {
  return limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`;
}

/** Words a user understands for the usual reasons a file cannot be read. */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

/**
 * How the core reads a file it is pointed to by another input (an Exim `.include`, a lookup
 * file, /etc/passwd): the text, or undefined when it cannot be read. node/read.ts's
 * readLocalFile is the implementation on a server; a browser page passes files it was given.
 */
export type TextFileReader = (path: string) => string | undefined;
