// 2. Parse + trace of generated CSF-style iptables-save files (1k, 10k, 100k rules) against
// the C parser: `iptables-restore --test` on the same file, inside a network namespace. Both
// sides read the file; mailleak is timed in-process after one untimed warm-up run, the C tool
// as a process (its start-up is a few ms of the total). The trace goes to an address no deny entry
// covers, so it walks the whole DENYOUT chain.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFirewallText } from '../src/firewall/parse/index.js';
import { tracePacket } from '../src/firewall/simulate/trace.js';
import { generateCsfSave, undeniedAddress } from './generate.js';
import type { Namespace } from './lib.js';
import { createNamespace, interleave, mailPacket, median, readText, timeCommand, timeOnce } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const SIZES = [1_000, 10_000, 100_000];

function parseAndTrace(path: string): void {
  const ruleset = parseFirewallText(readText(path), { origin: path, family: 4 });
  const result = tracePacket(ruleset, mailPacket(undeniedAddress(4)));
  if (result.verdict !== 'ACCEPT') throw new Error(`unexpected verdict ${result.verdict} for the generated ruleset`);
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const group = '8. earlier rounds: parse + trace in-process (CSF blocks)';
  const rows: BenchRow[] = [];
  let ns: Namespace | undefined;
  try {
    if (ctx.canUseKernel) ns = createNamespace();
    const perRule: number[] = [];
    for (const size of SIZES) {
      const path = join(ctx.scratch, `csf-${size}.save`);
      writeFileSync(path, generateCsfSave(size));
      ctx.log(`parse: ${size} rules`);
      const mine = (): number => timeOnce(() => parseAndTrace(path));
      // one untimed run first: the medians compare steady states (BENCHMARKS.md says what a cold CLI run adds)
      mine();
      const name = `iptables-save, ${size / 1000}k rules: parse + 1 trace`;
      if (ns) {
        const theirs = (): number => timeCommand(ns!.exec(['iptables-restore', '--test', path]));
        const [m, b] = interleave(ctx.repeat, [mine, theirs]);
        rows.push({ group, name, median: m!, unit: 'ms', baseline: { name: 'iptables-restore --test', median: b! }, target: '≤ 1× baseline', met: m! <= b! });
        perRule.push(m! / size);
      } else {
        const m = median(Array.from({ length: ctx.repeat }, mine));
        rows.push({ group, name, median: m, unit: 'ms', target: '≤ 1× baseline', note: `baseline n/a: ${ctx.kernelReason ?? 'no kernel tools'}` });
        perRule.push(m / size);
      }
    }
    // linear growth: the time per rule at 100k over the time per rule at 1k (1 = perfectly linear)
    const growth = perRule[perRule.length - 1]! / perRule[1]!;
    rows.push({ group, name: 'growth: time per rule at 100k ÷ at 10k', median: growth, unit: 'ratio', target: 'linear (≈ 1)', met: growth <= 1.5 });
  } finally {
    ns?.remove();
  }
  return rows;
}
