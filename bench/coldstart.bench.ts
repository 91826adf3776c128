// 1 (issues 7 and 19). Cold start: `mailleak explain gmail.com --demo` (the bundled example, a whole analysis)
// against `node -e 0`, both as fresh processes measured in turns. `--version` shows what
// loading the CLI alone costs.
import { join } from 'node:path';
import { interleave, ratioRow, timeCommand } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const cli = join(ctx.root, 'bin', 'mailleak.js');
  const node = process.execPath;
  const baseline = (): number => timeCommand([node, '-e', '0']);
  // process start-up varies most: three times the usual number of samples
  const repeat = ctx.repeat * 3;
  const [demo, base1] = interleave(repeat, [() => timeCommand([node, cli, 'explain', 'gmail.com', '--demo', '--json'], ctx.scratch), baseline]);
  const [version, base2] = interleave(repeat, [() => timeCommand([node, cli, '--version']), baseline]);
  const group = '1. cold start';
  return [
    ratioRow({ group, name: 'mailleak explain gmail.com --demo --json', median: demo!, unit: 'ms', baseline: { name: 'node -e 0', median: base1! }, target: '≤ 1.5× baseline' }, 1.5),
    { group, name: 'mailleak --version (loading the CLI only)', median: version!, unit: 'ms', baseline: { name: 'node -e 0', median: base2! }, note: 'no target: shows the fixed cost of loading the bundle' },
  ];
}
