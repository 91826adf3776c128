// Integers in expansions (expand.c expanded_string_integer(): strtoll base 10, optional K/M/G,
// white space around; a blank string is 0) and the plain integers of ${length}, ${substr},
// ${hash} arguments (strtol with nothing after the digits).

export type EximInteger = { kind: 'number'; value: number } | { kind: 'error'; message: string };

export function readEximInteger(s: string): EximInteger {
  const t = s.replace(/^\s+/, '');
  if (t === '') return { kind: 'number', value: 0 };
  const m = /^([+-]?\d+)([kKmMgG]?)\s*$/.exec(t);
  if (!m) return { kind: 'error', message: `integer expected but "${s}" found` };
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const value = Number(m[1]) * scale;
  if (!Number.isSafeInteger(value)) return { kind: 'error', message: `absolute value of integer "${s}" is too large (overflow)` };
  return { kind: 'number', value };
}

/** strtol(s, &end, 10) with *end required to be the end: leading white space and a sign allowed. */
export function readPlainInteger(s: string): number | undefined {
  if (/^\s*$/.test(s)) return 0;
  const m = /^\s*([+-]?\d+)$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]);
  return Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31 ? v : undefined;
}
