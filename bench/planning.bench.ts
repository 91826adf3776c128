// 6 (issue 19). Mail planning on the largest real configurations: the three largest complete
// Exim configurations of ../shared/corpus/exim-wild (read in place, provenance header stripped,
// never copied into the repository) and the Postfix fixture with routing tables (the corpus
// holds no Postfix configuration). Each is `mailleak route user@gmail.com … --json` as a fresh
// CLI process (the demo zone as DNS); `node -e 0` is measured in turns as the start-up floor.
// The target is "report": there is no C baseline for planning.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { interleave, timeCommand } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const MARK = '# ---- original file text follows verbatim below this line ----';
/** generator templates and fragment sets (scripts/measure-exim-wild.mjs): not complete configurations */
const INCOMPLETE = /^(03|15|18)-/;
const TRANSPORT_ENTRIES = 20_000;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const group = '6. mail planning';
  const cli = join(ctx.root, 'bin', 'mailleak.js');
  const zone = join(ctx.root, 'fixtures', 'demo', 'gmail.com.zone');
  const corpus = [resolve(ctx.root, '..', '..', 'shared', 'corpus', 'exim-wild'), '/work/shared/corpus/exim-wild'].find(existsSync);
  const cases: { label: string; argv: string[] }[] = [];
  if (corpus) {
    const configs = readdirSync(corpus)
      .filter((f) => /^\d\d-/.test(f) && !/\.(include|fragment|conf\.d)-/.test(f) && !INCOMPLETE.test(f))
      .map((f) => ({ f, size: statSync(join(corpus, f)).size }))
      .sort((a, b) => b.size - a.size)
      .slice(0, 3);
    for (const { f, size } of configs) {
      const text = readFileSync(join(corpus, f), 'utf8');
      const at = text.indexOf(MARK);
      const file = join(ctx.scratch, f);
      writeFileSync(file, at >= 0 ? text.slice(at + MARK.length + 1) : text);
      cases.push({ label: `Exim ${f} (${(size / 1024).toFixed(0)} KiB)`, argv: ['--exim-config', file] });
    }
  }
  cases.push({ label: 'Postfix fixtures/postfix-transport-maps (main.cf, master.cf, transport)', argv: ['--postfix-config', join(ctx.root, 'fixtures', 'postfix-transport-maps', 'etc-postfix')] });
  // the same with a hosting provider's transport table: 20,000 customer domains before the catch-all
  const big = join(ctx.scratch, 'postfix-big');
  cpSync(join(ctx.root, 'fixtures', 'postfix-transport-maps', 'etc-postfix'), big, { recursive: true });
  const table = readFileSync(join(big, 'transport'), 'utf8').split('\n');
  const domains = Array.from({ length: TRANSPORT_ENTRIES }, (_, i) => `customer${i + 1}.example    smtp:[relay${i % 50}.example]:587`);
  writeFileSync(join(big, 'transport'), [...table.slice(0, -2), ...domains, ...table.slice(-2)].join('\n'));
  cases.push({ label: `Postfix, the same with a ${TRANSPORT_ENTRIES.toLocaleString('en')}-domain transport table`, argv: ['--postfix-config', big] });
  const rows: BenchRow[] = [];
  for (const c of cases) {
    ctx.log(`planning: ${c.label}`);
    const argv = [process.execPath, cli, 'route', 'user@gmail.com', ...c.argv, '--dns', zone, '--json'];
    // route exits 0 when it planned; an unknown outcome is still a plan (exit 0)
    const [m, b] = interleave(ctx.repeat, [() => timeCommand(argv), () => timeCommand([process.execPath, '-e', '0'])]);
    rows.push({ group, name: `route user@gmail.com: ${c.label} (CLI)`, median: m!, unit: 'ms', baseline: { name: 'node -e 0', median: b! }, target: 'report' });
  }
  if (!corpus) rows.push({ group, name: 'Exim configurations of ../shared/corpus/exim-wild', median: Number.NaN, unit: 'ms', note: 'n/a: corpus not found' });
  return rows;
}
