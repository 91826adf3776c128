// Bundles the CLI so that `npm ci` leaves `mailleak` runnable and start-up stays fast: the
// dependencies are bundled too (no module resolution through node_modules at start), the
// output is minified (less to parse), and what only some commands need is split into chunks
// loaded on first use (esbuild code splitting on dynamic import()). See BENCHMARKS.md §1.
import { build } from 'esbuild';
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
