// 3 (issue 19). `mailleak egress --json` end to end on 1k, 10k and 100k distinct random IPv6
// /128s, `-p tcp --dport 25 -j DROP` each (bench/generate.ts generateIpv6HostDrops), against
// `ip6tables-restore --test` on the same file, measured in turns; then the growth: time per
// rule at 100k ÷ at 10k (1 = linear; n·log n gives ≈ 1.25 from 10k to 100k).
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateIpv6HostDrops } from './generate.js';
import type { Namespace } from './lib.js';
import { createNamespace, interleave, median, ratioRow, timeCommand } from './lib.js';
import { peakRssOf } from './trace-cli.bench.js';
import type { BenchContext, BenchRow } from './types.js';

const SIZES = [1_000, 10_000, 100_000];

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const cli = join(ctx.root, 'bin', 'mailleak.js');
  const group = '3. egress --json on distinct IPv6 /128 drops';
  const rows: BenchRow[] = [];
  const perRule: number[] = [];
  let ns: Namespace | undefined;
  try {
    if (ctx.canUseKernel) ns = createNamespace();
    for (const size of SIZES) {
      const path = join(ctx.scratch, `v6-hosts-${size}.save`);
      const out = join(ctx.scratch, `v6-hosts-${size}.json`);
      writeFileSync(path, generateIpv6HostDrops(size));
      ctx.log(`egress --json: ${size} rules`);
      const argv = [process.execPath, cli, 'egress', '--ip6tables', path, '--json'];
      // the JSON goes to a file, as a user saving the map would do (its size is in the note)
      const mine = (): number => timeCommand(['/bin/sh', '-c', `exec "$@" > ${JSON.stringify(out)}`, 'sh', ...argv]);
      // the largest size takes seconds per run: fewer repetitions
      const repeat = size >= 100_000 ? Math.min(ctx.repeat, 3) : ctx.repeat;
      const name = `egress --json, ${size / 1000}k distinct /128 -p tcp --dport 25 -j DROP (CLI, end to end)`;
      let m: number;
      if (ns) {
        const [a, b] = interleave(repeat, [mine, () => timeCommand(ns!.exec(['ip6tables-restore', '--test', path]))]);
        m = a!;
        const rss = size === 100_000 ? peakRssOf(argv) : undefined;
        const note = `JSON ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB${rss !== undefined ? `, peak RSS ${rss.toFixed(0)} MB` : ''}`;
        rows.push(ratioRow({ group, name, median: m, unit: 'ms', baseline: { name: 'ip6tables-restore --test', median: b! }, target: '≤ 1× baseline', note }, 1));
      } else {
        m = median(Array.from({ length: repeat }, mine));
        rows.push({ group, name, median: m, unit: 'ms', target: '≤ 1× baseline', note: `baseline n/a: ${ctx.kernelReason ?? 'no kernel tools'}` });
      }
      perRule.push(m / size);
    }
  } finally {
    ns?.remove();
  }
  const growth = perRule[2]! / perRule[1]!;
  rows.push({ group, name: 'growth: time per rule at 100k ÷ at 10k', median: growth, unit: 'ratio', target: 'linear or n·log n (≤ 1.5)', met: growth <= 1.5 });
  return rows;
}
