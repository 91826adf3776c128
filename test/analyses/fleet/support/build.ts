// Builds the CLI and its fleet worker side by side (as scripts/build.mjs does into dist/) into a
// per-run folder, so these tests exercise the worker threads without racing the real dist/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../../../..');

export interface BuiltCli {
  dir: string;
  cli: string;
  worker: string;
}

export async function buildFleetCli(): Promise<BuiltCli> {
  // inside the project (packages: 'external' resolves them from node_modules); a fresh clone
  // after `npm ci` has no node_modules/.cache yet
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'ml-fleet-'));
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' } as const;
  await build({ ...common, entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile: join(dir, 'mailleak.js') });
  await build({ ...common, entryPoints: [join(ROOT, 'src/analyses/fleet/node/fleet-worker.ts')], outfile: join(dir, 'fleet-worker.js') });
  return { dir, cli: join(dir, 'mailleak.js'), worker: join(dir, 'fleet-worker.js') };
}

export function removeFleetCli(built: BuiltCli | undefined): void {
  if (built) rmSync(built.dir, { recursive: true, force: true });
}
