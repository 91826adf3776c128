// Builds the CLI the way `npm run build` does, but into node_modules/.cache so tests never
// race the real dist/ build; fixtures/demo is still found by walking up from the bundle.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'mailleak-test');

let built: Promise<string> | undefined;

export function buildCli(): Promise<string> {
  built ??= (async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const outfile = join(OUT_DIR, `mailleak-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
    await build({ entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    return outfile;
  })();
  return built;
}

/** Called from afterAll: the bundle is per test file and per run. */
export async function removeCli(): Promise<void> {
  if (!built) return;
  rmSync(await built, { force: true });
  built = undefined;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Without `stdin`, the CLI's stdin is /dev/null (nothing piped); with it, a pipe holding that text. */
export function runCli(bundle: string, args: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(process.execPath, [bundle, ...args], {
    cwd: options.cwd ?? ROOT,
    ...(options.stdin === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] as const } : { input: options.stdin }),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
