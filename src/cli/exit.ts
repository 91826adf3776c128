// Exit codes shared by every command (documented in the README and `mailleak --help`).
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  undecided: 3,
  internal: 70,
} as const;

/** Bad input or options: printed as one line `mailleak: <message>`, exit code 2. */
export class UsageError extends Error {}
