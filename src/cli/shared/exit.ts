// Exit codes shared by every command (documented in the README and `mailleak --help`).
import { EXIT } from '../../analyses/exit-codes.js';

export { EXIT };

/** What each exit code means: one list for `mailleak --help` and the README (a test keeps them equal). */
export const EXIT_MEANINGS: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'an analysis was produced (explain, trace, route, egress, collect); compliant (check, fleet)'],
  [EXIT.violation, 'check, fleet: violation (a probe leaks, an allowed domain is blocked, or SMTP is accepted to other destinations)'],
  [EXIT.usage, 'bad input or usage: one line naming the file and line, never a stack trace; fleet: a bundle could not be read'],
  [EXIT.undecided, 'check, fleet: cannot decide (the answer depends on something not supplied)'],
  [EXIT.internal, 'internal error (a bug: please report it with MAILLEAK_DEBUG=1 output)'],
];

/** Bad input or options: printed as one line `mailleak: <message>`, exit code 2. */
export class UsageError extends Error {}
