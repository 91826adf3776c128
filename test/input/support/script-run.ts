// Helpers for running the collection script the way a user does (`… | ssh host sh`): the script
// text on the shell's stdin, under dash (Debian's /bin/sh), optionally inside a namespace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { collectScript } from '../../../src/input/bundle-script.js';

export function findShell(name: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return undefined;
}

export interface ScriptRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs the script on `shell`'s stdin with the given argv prefix (e.g. ip netns exec NS). */
export function runScript(shell: string, options: { prefix?: string[]; env?: Record<string, string> } = {}): ScriptRun {
  const argv = [...(options.prefix ?? []), shell];
  const r = spawnSync(argv[0]!, argv.slice(1), { input: collectScript(), encoding: 'utf8', env: options.env ?? process.env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
