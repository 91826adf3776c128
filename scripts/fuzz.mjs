#!/usr/bin/env node
// Long local fuzz run: the same properties as the CI run (test/fuzz), scaled up and with a seed
// of your choice. Usage: node scripts/fuzz.mjs [--minutes 30] [--seed N]
// It repeats the fuzz suite with seeds N, N+1, … until the time is up, and prints every seed
// that failed so it can be replayed with MAILLEAK_FUZZ_SEED=<seed> npx vitest run test/fuzz.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
}
const minutes = option('--minutes', 30);
let seed = option('--seed', Date.now() % 1_000_000_000);
const scale = option('--scale', 5);
if (!Number.isFinite(minutes) || !Number.isFinite(seed) || !Number.isFinite(scale)) {
  process.stderr.write('usage: node scripts/fuzz.mjs [--minutes 30] [--seed N] [--scale 5]\n');
  process.exit(2);
}
const end = Date.now() + minutes * 60_000;
const failed = [];
let rounds = 0;
let inputs = 0;
while (Date.now() < end) {
  process.stdout.write(`fuzz: round ${rounds + 1}, seed ${seed}, scale ${scale}\n`);
  const run = spawnSync('npx', ['vitest', 'run', 'test/fuzz/parsers.test.ts'], {
    env: { ...process.env, MAILLEAK_FUZZ_SEED: String(seed), MAILLEAK_FUZZ_SCALE: String(scale) },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = `${run.stdout}${run.stderr}`;
  const counted = /fuzz: parsers: (\d+) inputs/.exec(out);
  if (counted) inputs += Number(counted[1]);
  if (run.status !== 0) {
    failed.push(seed);
    process.stdout.write(out.split('\n').filter((l) => /Counterexample|Caused by|✗|×|seed/.test(l)).join('\n') + '\n');
  }
  rounds++;
  seed++;
}
process.stdout.write(`fuzz: ${rounds} rounds, ${inputs} inputs, ${failed.length} failing seed(s)${failed.length ? `: ${failed.join(', ')}` : ''}\n`);
process.exit(failed.length > 0 ? 1 : 0);
