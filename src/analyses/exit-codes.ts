// The exit codes are part of what check and fleet answer (their JSON carries them), so the
// analyses know them; the CLI sets them. Documented in the README and `mailleak --help`.
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  undecided: 3,
  internal: 70,
} as const;
