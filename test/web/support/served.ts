// `mailleak web` as a user starts it: the CLI built into a folder with web/dist beside it (where
// the command looks for the page), started with --port 0, its URL read from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface Served {
  origin: string;
  /** the folder holding dist/mailleak.mjs and web/dist */
  home: string;
  child: ChildProcess;
}

export async function serveWithCli(root: string, pageDir: string): Promise<Served> {
  const home = mkdtempSync(join(tmpdir(), 'mailleak-served-'));
  await build({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(home, 'dist/mailleak.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  // the bundle's dependencies resolve through the checkout's node_modules
  symlinkSync(join(root, 'node_modules'), join(home, 'node_modules'));
  mkdirSync(join(home, 'web'));
  cpSync(pageDir, join(home, 'web/dist'), { recursive: true });
  const child = spawn(process.execPath, [join(home, 'dist/mailleak.mjs'), 'web', '--port', '0'], { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`mailleak web printed no URL: ${out}${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`mailleak web exited with ${code}: ${out}${err}`)));
  });
  return { origin, home, child };
}

/** Stops the server as Ctrl-C does and waits for it; resolves with its exit code. */
export async function stopServed(served: Served | undefined): Promise<number | null> {
  if (!served) return null;
  const code = await new Promise<number | null>((resolve) => {
    if (served.child.exitCode !== null) return resolve(served.child.exitCode);
    served.child.once('exit', (c) => resolve(c));
    served.child.kill('SIGINT');
  });
  rmSync(served.home, { recursive: true, force: true });
  return code;
}
