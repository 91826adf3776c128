// A small seeded PRNG (mulberry32): the random tier must be reproducible from its printed seed.
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  int(from: number, to: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** a few distinct items */
  some<T>(items: readonly T[], min: number, max: number): T[];
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (from: number, to: number): number => from + Math.floor(next() * (to - from + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(0, items.length - 1)] as T;
  };
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    const n = Math.min(int(min, max), pool.length);
    while (out.length < n) out.push(pool.splice(int(0, pool.length - 1), 1)[0] as T);
    return out;
  };
  return { next, int, pick, chance: (p) => next() < p, some };
}

/** The seed for this run: MAILLEAK_KERNEL_SEED when set, otherwise fresh (and printed by the caller). */
export function chooseSeed(): number {
  const fromEnv = process.env.MAILLEAK_KERNEL_SEED;
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv) >>> 0;
  return Math.floor(Math.random() * 2 ** 31);
}
