// Measuring helpers shared by the benchmark modules: medians over repeated runs, timing a
// child process, and a network namespace for the C tools (iptables-restore --test), which is
// always deleted, also when the benchmark fails or is interrupted.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseIp } from '../src/firewall/address.js';
import type { Family } from '../src/firewall/model.js';
import type { Packet } from '../src/firewall/simulate/types.js';
import { EPHEMERAL_PORTS } from '../src/firewall/simulate/types.js';
import type { BenchRow } from './types.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds one call of `fn` takes. */
export function timeOnce(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall-clock milliseconds of one run of a command (argument array, no shell); throws when it fails. */
export function timeCommand(argv: readonly string[], cwd?: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], ...(cwd ? { cwd } : {}) });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status ?? r.signal}): ${String(r.stderr).trim().slice(0, 300)}`);
  return ms;
}

/**
 * Medians of several measurements taken in turns (a, b, a, b …), so that a slow moment of a
 * busy machine hurts both sides alike.
 */
export function interleave(repeat: number, measures: readonly (() => number)[]): number[] {
  const samples: number[][] = measures.map(() => []);
  for (let i = 0; i < repeat; i++) measures.forEach((m, k) => samples[k]!.push(m()));
  return samples.map(median);
}

export function ratioRow(row: Omit<BenchRow, 'met'>, limit: number): BenchRow {
  if (!row.baseline) return { ...row };
  return { ...row, met: row.median <= row.baseline.median * limit };
}

/** A new TCP packet from an unknown local process to `dst:dport` (what a trace of one MX address asks). */
export function mailPacket(dst: string, dport = 25): Packet {
  const address = parseIp(dst);
  if (!address) throw new Error(`bad probe address ${dst}`);
  return { family: address.family as Family, protocol: 6, dst: address, dport, sport: EPHEMERAL_PORTS, state: 'NEW' };
}

/** Peak resident set size of this process so far, in MB (ru_maxrss, kernel-reported). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface Namespace {
  name: string;
  /** argv that runs `argv` inside the namespace */
  exec(argv: readonly string[]): string[];
  remove(): void;
}

/**
 * Creates `ml-bench-<pid>` for the C tools. The namespace has its own (empty) netfilter tables,
 * so `iptables-restore --test` there never touches this machine's firewall.
 */
export function createNamespace(): Namespace {
  const name = `ml-bench-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (add.status !== 0) throw new Error(`ip netns add ${name}: ${String(add.stderr).trim()}`);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  };
  process.once('exit', remove);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      remove();
      process.exit(130);
    });
  }
  return { name, exec: (argv) => ['ip', 'netns', 'exec', name, ...argv], remove };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
