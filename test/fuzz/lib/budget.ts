// How much fuzzing a run does. CI: fixed run counts (≥ 100,000 inputs over the fuzz dir, a
// fixed seed so a failure is reproducible). Long local runs (scripts/fuzz.mjs) set
// MAILLEAK_FUZZ_SCALE (multiplies every count) and MAILLEAK_FUZZ_SEED (a new seed per run).
import fc from 'fast-check';

const scale = Math.max(Number(process.env.MAILLEAK_FUZZ_SCALE ?? '1') || 1, 0.01);
const seedFromEnv = process.env.MAILLEAK_FUZZ_SEED;
/** fixed in CI; a long run prints its seed so a failure can be replayed */
export const FUZZ_SEED = seedFromEnv === undefined ? 20261126 : Number(seedFromEnv);

/** Runs scaled for long local runs; at least 1. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * scale));
}

/** Vitest timeout for a property of `base` runs that takes about `msPerRun` each, with room. */
export function timeoutFor(base: number, msPerRun: number): number {
  return Math.max(30_000, Math.round(runs(base) * msPerRun * 4));
}

export function params<T>(base: number): fc.Parameters<T> {
  return { numRuns: runs(base), seed: FUZZ_SEED, endOnFailure: false };
}

const counts = new Map<string, number>();

/** Counts one generated input for the per-run summary. */
export function countInput(family: string, n = 1): void {
  counts.set(family, (counts.get(family) ?? 0) + n);
}

export function totalInputs(): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

/** One line a CI log reader can grep for: `fuzz: <file>: N inputs (…)`. */
export function summary(file: string): string {
  const parts = [...counts.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
  return `fuzz: ${file}: ${totalInputs()} inputs (${parts}); seed ${FUZZ_SEED}`;
}
