// acquireInputs on Node: files and stdin through node:fs, commands through execa, this machine's
// host name and platform. Options may replace any of them (tests inject fakes).
import { hostname } from 'node:os';
import { acquireWith, type AcquireOptions } from '../acquire.js';
import type { CollectedInputs } from '../collected.js';
import { readFileText, readStdinUnlessIdle } from './read.js';
import { runCommand } from './run-command.js';

export async function acquireInputs(options: AcquireOptions): Promise<CollectedInputs> {
  return acquireWith(options, {
    run: options.run ?? runCommand,
    readFile: options.readFile ?? ((path: string) => readFileText(path)),
    readStdin: options.readStdin ?? ((graceMs?: number) => readStdinUnlessIdle(graceMs)),
    platform: options.platform ?? process.platform,
    hostname,
  });
}
