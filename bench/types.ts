// The contract between `scripts/bench.mjs` and the benchmark modules in bench/*.bench.ts.
// Each module exports `run(ctx)`; the runner bundles it (esbuild), runs it, and prints one table
// of all rows. A row is a median over repeated runs next to a baseline measured in the same run.

export interface BenchContext {
  /** the repository root (absolute) */
  root: string;
  /** how many repetitions a measurement should take its median over (default 7; --quick: 3) */
  repeat: number;
  /** a scratch directory for generated files, removed by the runner */
  scratch: string;
  /** true when the machine can run the C tools (root, namespaces, iptables-restore) */
  canUseKernel: boolean;
  /** why canUseKernel is false ("not root", "ip netns add failed: …"), for the n/a notes */
  kernelReason?: string;
  log: (line: string) => void;
}

export interface BenchRow {
  /** which section of BENCHMARKS.md (e.g. "2. parse + trace") */
  group: string;
  /** what was measured: "iptables-save, 10k rules: parse + 1 trace" */
  name: string;
  /** the median in milliseconds (or the figure in `unit`) */
  median: number;
  unit: 'ms' | 'MB' | 'traces/s' | 'hosts/s' | 'ratio';
  /** the baseline measured in the same run, when there is one */
  baseline?: { name: string; median: number };
  /** the target, as the issue says it: "≤ 1.5× baseline", "< 200 MB" */
  target?: string;
  /** met / missed / n/a, decided by the module */
  met?: boolean;
  note?: string;
}

export interface BenchModule {
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
