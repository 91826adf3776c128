// stdin next to other inputs (issue 13): a pipe or file on stdin is read whenever no flag names
// `-`, whatever else is given, so piped text is never dropped silently. When other inputs were
// given, an idle stdin (an open pipe nobody writes to: `sleep 100 | mailleak …`, ssh without
// -n) must not hang the run: after a short grace it is left, and that is reported.
import type { CollectionProblem } from './collected.js';

/** Reads stdin; with graceMs, undefined when nothing arrived within it. */
export type ReadStdin = (graceMs?: number) => Promise<string | undefined>;

/** Long enough for `ssh host iptables-save | mailleak …` to connect, short enough not to annoy. */
export const STDIN_GRACE_MS = 3000;

export interface PipedStdin {
  /** the text piped in; undefined when stdin was idle */
  text?: string;
  problems: CollectionProblem[];
}

/**
 * stdin (a pipe or a file, not /dev/null) when other inputs were given: it may hold more (a
 * pasted listing next to --dns), or nothing, which is said: an empty pipe, or an idle one.
 */
export async function readStdinBesideOthers(read: ReadStdin, graceMs: number): Promise<PipedStdin> {
  const text = await read(graceMs);
  if (text === undefined) {
    const seconds = graceMs / 1000;
    return { problems: [{ what: 'stdin', message: `idle: nothing arrived within ${seconds} s (an open pipe nobody writes to, e.g. ssh without -n?), so it was not read; the other inputs were used (to wait for piped text, name it: --iptables - , --ip6tables - …)` }] };
  }
  if (text.trim() === '') return { text, problems: [{ what: 'stdin', message: 'empty: nothing was piped; the other inputs were used' }] };
  return { text, problems: [] };
}
