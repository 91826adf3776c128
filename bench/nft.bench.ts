// 5 (issue 19). nft front-end: a ruleset with 10,000 rules and a 100,000-element set
// (bench/generate.ts generateNftRuleset), loaded once into a network namespace so that both
// inputs are what nft itself prints: `nft list ruleset` (text) and `nft -j list ruleset` (JSON).
// mailleak parses and traces each (`trace --nft FILE --json`, a fresh CLI process, to an address
// no rule names, so the whole chain is walked); the baseline is `nft -c -f` on the same text
// ruleset (nft's own parse and check), in the namespace, measured in turns.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNftRuleset } from './generate.js';
import { createNamespace, interleave, ratioRow, timeCommand } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const RULES = 10_000;
const ELEMENTS = 100_000;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const group = '5. nft ruleset: parse + trace';
  const probe = '2001:db8:1::25';
  if (!ctx.canUseKernel || spawnSync('nft', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return [{ group, name: `nft: ${RULES / 1000}k rules + ${ELEMENTS / 1000}k-element set`, median: Number.NaN, unit: 'ms', target: '≤ 1× baseline', note: `n/a: ${ctx.canUseKernel ? 'nft not installed' : ctx.kernelReason ?? 'no kernel tools'} (the inputs are printed by nft in a namespace)` }];
  }
  const cli = join(ctx.root, 'bin', 'mailleak.js');
  const generated = join(ctx.scratch, 'generated.nft');
  writeFileSync(generated, generateNftRuleset(RULES, ELEMENTS));
  const ns = createNamespace();
  try {
    const listed = join(ctx.scratch, 'ruleset.nft');
    const json = join(ctx.scratch, 'ruleset.json');
    const load = spawnSync(ns.exec(['nft', '-f', generated])[0]!, ns.exec(['nft', '-f', generated]).slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    if (load.status !== 0) throw new Error(`nft -f: ${String(load.stderr).slice(0, 300)}`);
    for (const [file, args] of [[listed, ['list', 'ruleset']], [json, ['-j', 'list', 'ruleset']]] as const) {
      const argv = ns.exec(['nft', ...args]);
      const r = spawnSync(argv[0]!, argv.slice(1), { maxBuffer: 256 * 2 ** 20 });
      if (r.status !== 0) throw new Error(`nft ${args.join(' ')}: ${String(r.stderr).slice(0, 300)}`);
      writeFileSync(file, r.stdout);
    }
    spawnSync('ip', ['netns', 'exec', ns.name, 'nft', 'flush', 'ruleset'], { stdio: 'ignore' });
    const baseline = (): number => timeCommand(ns.exec(['nft', '-c', '-f', listed]));
    const rows: BenchRow[] = [];
    for (const [label, file] of [['nft list ruleset (text)', listed], ['nft -j list ruleset (JSON)', json]] as const) {
      ctx.log(`nft: ${label}`);
      const mine = (): number => timeCommand([process.execPath, cli, 'trace', '--nft', file, '--to', probe, '--port', '25', '--json']);
      const [m, b] = interleave(ctx.repeat, [mine, baseline]);
      rows.push(ratioRow({ group, name: `${label}, ${RULES / 1000}k rules + ${ELEMENTS / 1000}k-element set: trace --nft --json (CLI)`, median: m!, unit: 'ms', baseline: { name: 'nft -c -f (text)', median: b! }, target: '≤ 1× baseline' }, 1));
    }
    return rows;
  } finally {
    ns.remove();
  }
}
