// `npm run bench [-- --quick] [-- --only NAME[,NAME…]] [-- --json]`: bundles each bench/*.bench.ts with esbuild (they
// import from ../src directly), runs each in its own node process (so peak RSS is per
// benchmark), and prints one table: median, baseline measured in the same run, ratio, target,
// met/missed; then the machine line. The contract is bench/types.ts. A benchmark, not a test:
// it never fails the build because a target is missed (only when a module crashes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import Table from 'cli-table3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (args.includes('--only') && !only) {
  process.stderr.write('bench: --only needs a name (e.g. --only parse)\n');
  process.exit(2);
}

/** Root, network namespaces and iptables-restore: what the C-tool baselines need. */
function probeKernel() {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root: iptables-restore --test needs a network namespace' };
  const which = spawnSync('iptables-restore', ['--version'], { stdio: 'ignore' });
  if (which.error || which.status !== 0) return { ok: false, reason: 'iptables-restore not installed' };
  const ns = `ml-bench-check-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, reason: `ip netns add failed: ${String(add.stderr).trim()}` };
  spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  return { ok: true };
}

const modules = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => ({ name: basename(f, '.bench.ts'), path: join(root, 'bench', f) }))
  .filter((m) => !only || only.split(',').includes(m.name))
  .sort((a, b) => a.name.localeCompare(b.name));
if (modules.length === 0) {
  process.stderr.write(`bench: no benchmark ${only ? `named ${only} ` : ''}in bench/*.bench.ts\n`);
  process.exit(2);
}

// a busy machine (other jobs on the same cores) slows both sides of a ratio, but not always alike
const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');
const scratch = mkdtempSync(join(tmpdir(), 'ml-bench-'));
const kernel = probeKernel();
const ctx = { root, repeat: quick ? 3 : 7, scratch, canUseKernel: kernel.ok, ...(kernel.ok ? {} : { kernelReason: kernel.reason }) };
const rows = [];
const failures = [];
try {
  for (const m of modules) {
    const outfile = join(scratch, `${m.name}.mjs`);
    // the wrapper calls run(ctx) and prints the rows as the last line of stdout
    await build({
      stdin: {
        contents: `import { run } from ${JSON.stringify(m.path)};
const ctx = { ...JSON.parse(process.env.ML_BENCH_CTX), log: (line) => process.stderr.write('  ' + line + '\\n') };
const rows = await run(ctx);
process.stdout.write('\\n' + JSON.stringify(rows) + '\\n');`,
        resolveDir: join(root, 'bench'),
        loader: 'ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: { js: "import { createRequire as __mlCreateRequire } from 'node:module'; const require = __mlCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    process.stderr.write(`bench: ${m.name}\n`);
    const r = spawnSync(process.execPath, [outfile], { cwd: root, env: { ...process.env, ML_BENCH_CTX: JSON.stringify(ctx) }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !last.startsWith('[')) {
      failures.push(`${m.name}: exited ${r.status ?? r.signal}`);
      continue;
    }
    rows.push(...JSON.parse(last).map((row) => ({ module: m.name, ...row })));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function figure(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  switch (unit) {
    case 'ms': return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    case 'MB': return `${value.toFixed(0)} MB`;
    case 'ratio': return `${value.toFixed(2)}×`;
    default: return `${Math.round(value).toLocaleString('en')} ${unit}`;
  }
}

const table = new Table({ head: ['benchmark', 'median', 'baseline', 'ratio', 'target', 'result'], style: { head: [], border: [] }, wordWrap: true, colWidths: [48, 11, 32, 8, 16, 9] });
// sections in the order of the issue ("1. cold start", "2. …"), whichever module wrote them
rows.sort((a, b) => a.group.localeCompare(b.group, 'en', { numeric: true }));
let group;
for (const row of rows) {
  if (row.group !== group) {
    group = row.group;
    table.push([{ colSpan: 6, content: group }]);
  }
  const baseline = row.baseline ? `${figure(row.baseline.median, row.unit)} (${row.baseline.name})` : row.note?.startsWith('baseline n/a') ? 'n/a' : '—';
  const r = row.baseline && row.baseline.median > 0 ? row.median / row.baseline.median : undefined;
  const ratio = r === undefined ? '—' : `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}×`;
  const result = row.met === undefined ? 'n/a' : row.met ? 'met' : 'MISSED';
  table.push([row.name + (row.note ? `\n(${row.note})` : ''), figure(row.median, row.unit), baseline, ratio, row.target ?? '—', result]);
}
process.stdout.write(`${table.toString()}\n`);
const cpu = cpus();
process.stdout.write(`machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}; load average ${loadBefore} before, ${loadavg().map((l) => l.toFixed(1)).join(' ')} after; repeat ${ctx.repeat}${quick ? ' (--quick)' : ''}; C-tool baselines: ${kernel.ok ? 'yes' : `no (${kernel.reason})`}\n`);
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ rows, machine: { cpus: cpu.length, model: cpu[0]?.model, node: process.version }, quick })}\n`);
if (failures.length > 0) {
  process.stderr.write(`bench: ${failures.length} module(s) failed: ${failures.join('; ')}\n`);
  process.exit(1);
}
