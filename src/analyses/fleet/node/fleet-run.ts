// Runs the fleet: every bundle in a folder, spread over worker threads (one per core by default)
// when the bundled worker (dist/fleet-worker.js) sits next to this code, else in this thread.
// Analysis is CPU-bound (parsing, tracing); each worker keeps a few hosts in flight so that
// live DNS waits overlap. A worker that dies fails only the hosts it held.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../input/errors.js';
import { EXIT } from '../../exit-codes.js';
import { describeReadError } from '../../../input/read.js';
import { analyseBundleFile } from './fleet-files.js';
import type { FleetHostResult, FleetOptions, FleetResult, HostStatus } from '../fleet-types.js';
import type { WorkerReply, WorkerRequest } from '../fleet-worker-protocol.js';

/** hosts each worker (or this thread) works on at once */
const IN_FLIGHT = 4;

export const STATUS_ORDER: readonly HostStatus[] = ['violation', 'unreadable', 'undecided', 'compliant'];

/** The bundle files of a folder: regular files, not hidden, sorted by name. */
export async function listBundles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new InputError(`${dir}: cannot read the folder: ${describeReadError(err)}`);
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) files.push(path);
  }
  if (files.length === 0) throw new InputError(`${dir}: no bundle files in the folder (write one per host with \`mailleak collect --script | ssh HOST sh > ${dir}/HOST\`)`);
  return files;
}

/** Where the bundled worker is, when this code runs from dist/ (or a chunk in dist/chunks/). */
export function findWorkerScript(): string | undefined {
  if (!import.meta.url.startsWith('file:')) return undefined;
  for (const relative of ['./fleet-worker.js', '../fleet-worker.js']) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

async function runInThread(files: string[], options: FleetOptions, results: FleetHostResult[]): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await analyseBundleFile(files[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, lane));
}

async function runWorkers(script: string, count: number, files: string[], options: FleetOptions, results: FleetHostResult[]): Promise<void> {
  // loaded here, not at start-up: only fleet needs threads (~8 ms for every other command)
  const { Worker } = await import('node:worker_threads');
  let next = 0;
  const lost = (index: number, why: string): void => {
    results[index] = { file: files[index]!, host: files[index]!, status: 'unreadable', exitCode: EXIT.usage, results: [], problems: [], error: `analysis failed: ${why}` };
  };
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(script);
      const held = new Set<number>();
      const feed = (): void => {
        while (held.size < IN_FLIGHT && next < files.length) {
          const index = next++;
          held.add(index);
          worker.postMessage({ type: 'host', index, file: files[index]! } satisfies WorkerRequest);
        }
        if (held.size === 0) void worker.terminate().then(() => resolve());
      };
      worker.on('message', (reply: WorkerReply) => {
        held.delete(reply.index);
        results[reply.index] = reply.result;
        feed();
      });
      worker.on('error', (err) => {
        for (const index of held) lost(index, err.message);
        held.clear();
        resolve();
      });
      worker.on('exit', () => {
        for (const index of held) lost(index, 'the worker stopped');
        held.clear();
        resolve();
      });
      worker.postMessage({ type: 'init', options } satisfies WorkerRequest);
      feed();
    });
  return Promise.all(Array.from({ length: count }, one)).then(async () => {
    // a worker that died leaves its unsent share to nobody: analyse the rest here
    for (let i = 0; i < files.length; i += 1) if (results[i] === undefined) results[i] = await analyseBundleFile(files[i]!, options);
  });
}

export interface RunFleetOptions {
  /** threads (default: one per core; 1 = this thread only) */
  jobs?: number;
  /** the bundled worker; default: fleet-worker.js next to this code (dist/) */
  workerScript?: string;
}

/** Analyses every bundle, in worker threads when it can. */
export async function runFleet(files: string[], options: FleetOptions, run: RunFleetOptions = {}): Promise<FleetResult> {
  const started = performance.now();
  const jobs = run.jobs ?? availableParallelism();
  const results: FleetHostResult[] = new Array(files.length);
  const script = jobs > 1 && files.length > 1 ? (run.workerScript ?? findWorkerScript()) : undefined;
  const workers = script ? Math.min(jobs, Math.ceil(files.length / IN_FLIGHT)) : 1;
  if (script) await runWorkers(script, workers, files, options, results);
  else await runInThread(files, options, results);
  const hosts = results.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.host.localeCompare(b.host));
  const counts: Record<HostStatus, number> = { violation: 0, unreadable: 0, undecided: 0, compliant: 0 };
  for (const h of hosts) counts[h.status] += 1;
  const status = STATUS_ORDER.find((s) => counts[s] > 0) ?? 'compliant';
  return { status, exitCode: exitCodeOf(status), hosts, counts, elapsedMs: performance.now() - started, workers };
}

/** As `mailleak check`: 1 violation, 2 a bundle could not be read, 3 cannot decide, 0 compliant. */
export function exitCodeOf(status: HostStatus): number {
  switch (status) {
    case 'violation':
      return EXIT.violation;
    case 'unreadable':
      return EXIT.usage;
    case 'undecided':
      return EXIT.undecided;
    case 'compliant':
      return EXIT.ok;
  }
}
