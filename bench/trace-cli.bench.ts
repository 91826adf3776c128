// 2 and 4 (issue 19). `mailleak trace --json` end to end — a fresh CLI process reading the file,
// parsing, tracing and printing — on a CSF deny list of 100,000 single hosts with comments
// (bench/generate.ts generateCsfHostDenyList), against `iptables-restore --test` on the same
// file in a network namespace, measured in turns. The probe is an undenied address, so the trace
// walks the whole DENYOUT chain. 4 is the peak RSS of that same CLI process (GNU time's %M).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCsfHostDenyList, undeniedAddress } from './generate.js';
import type { Namespace } from './lib.js';
import { createNamespace, interleave, median, ratioRow, timeCommand } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const SIZES = [10_000, 100_000];

/** Peak RSS in MB of one run of `argv` (GNU time), or undefined without /usr/bin/time. */
export function peakRssOf(argv: readonly string[]): number | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const kb = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]);
  return r.status === 0 && kb > 0 ? kb / 1024 : undefined;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const cli = join(ctx.root, 'bin', 'mailleak.js');
  const rows: BenchRow[] = [];
  let ns: Namespace | undefined;
  try {
    if (ctx.canUseKernel) ns = createNamespace();
    for (const size of SIZES) {
      const path = join(ctx.scratch, `csf-hosts-${size}.save`);
      writeFileSync(path, generateCsfHostDenyList(size));
      ctx.log(`trace --json: ${size} rules`);
      const argv = [process.execPath, cli, 'trace', '--to', undeniedAddress(4), '--port', '25', '--iptables', path, '--json'];
      const mine = (): number => timeCommand(argv);
      const name = `trace --json, CSF deny list of ${size / 1000}k /32 rules with comments (CLI, end to end)`;
      const group = '2. trace --json on a CSF deny list';
      if (ns) {
        const [m, b] = interleave(ctx.repeat, [mine, () => timeCommand(ns!.exec(['iptables-restore', '--test', path]))]);
        rows.push(ratioRow({ group, name, median: m!, unit: 'ms', baseline: { name: 'iptables-restore --test', median: b! }, target: '≤ 1× baseline' }, 1));
      } else {
        rows.push({ group, name, median: median(Array.from({ length: ctx.repeat }, mine)), unit: 'ms', target: '≤ 1× baseline', note: `baseline n/a: ${ctx.kernelReason ?? 'no kernel tools'}` });
      }
      if (size !== 100_000) continue;
      const rss = peakRssOf(argv);
      const theirs = ns ? peakRssOf(ns.exec(['iptables-restore', '--test', path])) : undefined;
      rows.push({
        group: '4. peak RSS of (2)',
        name: `peak RSS: mailleak trace --json, ${size / 1000}k-rule CSF deny list (CLI process)`,
        median: rss ?? Number.NaN,
        unit: 'MB',
        ...(theirs !== undefined ? { baseline: { name: 'iptables-restore --test', median: theirs } } : {}),
        target: '< 200 MB',
        ...(rss !== undefined ? { met: rss < 200 } : { note: '/usr/bin/time (GNU time) not installed' }),
      });
    }
  } finally {
    ns?.remove();
  }
  return rows;
}
