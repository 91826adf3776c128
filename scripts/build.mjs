// Bundles the CLI so that `npm ci` leaves `mailleak` runnable and start-up stays fast: the
// dependencies are bundled too (no module resolution through node_modules at start), the
// output is minified (less to parse), and what only some commands need is split into chunks
// loaded on first use (esbuild code splitting on dynamic import()). See BENCHMARKS.md §1.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';

/**
 * execa (with its ~20 dependencies and node:child_process) is needed only when a command runs
 * a program (--live, collect); src/input/node/run-command.ts imports it statically. This plugin
 * hands run-command.ts a stand-in whose `execa` imports the real one on first call, so the
 * demo and file-based commands never load it. Only `execa(file, args, options)` awaited as a
 * promise is supported; importing anything else from 'execa' fails the build, loudly.
 */
const lazyExeca = {
  name: 'lazy-execa',
  setup(b) {
    b.onResolve({ filter: /^execa$/ }, (args) => (args.namespace === 'lazy-execa' ? undefined : { path: 'execa', namespace: 'lazy-execa' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-execa' }, () => ({
      contents: 'export function execa(file, args, options) { return import("execa").then((m) => m.execa(file, args, options)); }',
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

await rm('dist', { recursive: true, force: true });
await build({
  // fleet-worker: the worker thread of `mailleak fleet`, found next to mailleak.js (src/analyses/fleet/node/fleet-run.ts)
  entryPoints: { mailleak: 'src/cli/main.ts', 'fleet-worker': 'src/analyses/fleet/node/fleet-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  // bundled CommonJS dependencies (cross-spawn, cli-table3) call require() for node builtins
  banner: { js: "import { createRequire as __mlCreateRequire } from 'node:module'; const require = __mlCreateRequire(import.meta.url);" },
  plugins: [lazyExeca],
  sourcemap: 'linked',
  logLevel: 'warning',
});

// The same CLI as one CommonJS script for bin/mailleak.js, which compiles it with a V8 code cache
// (Node 20 caches no ES module compilation; BENCHMARKS.md §1). execa is bundled in, but like every
// bundled module it is initialised only when first imported. import.meta.url (the demo's
// fixtures, the fleet worker beside the bundle) becomes the script's own file URL.
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/mailleak.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  define: { 'import.meta.url': '__mlImportMetaUrl' },
  banner: { js: 'var __mlImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyExeca],
  logLevel: 'warning',
});

// The code cache is taken after a demo run, so that it holds the functions a command runs (a cache
// made right after compiling holds only the top level). Only a faster start depends on it.
const warm = spawnSync(process.execPath, ['bin/mailleak.js', 'explain', 'gmail.com', '--demo', '--json'], { env: { ...process.env, MAILLEAK_WRITE_CODE_CACHE: '1', NO_COLOR: '1' }, stdio: 'ignore' });
if (warm.status !== 0 && warm.status !== 1) process.stderr.write(`build: the demo run for the code cache exited ${warm.status ?? warm.signal}; dist/mailleak.cjs.cache may be missing (start-up is slower, answers are the same)\n`);
