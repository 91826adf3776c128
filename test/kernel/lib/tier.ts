// Shared by the kernel test files: the skip decision (printed once per file) and the
// bookkeeping of outcomes — every probe goes to the tier report, and each disagreement is
// shrunk (up to a cap, to bound the time a broken simulator costs) into a reproduction.
import { detectKernelEnv, type KernelEnv } from './env.js';
import { recordTier } from './report.js';
import type { KernelRig } from './rig.js';
import { formatRepro, shrinkDisagreement, type SpecRun } from './session.js';
import type { RulesetSpec } from './spec.js';

export function kernelEnvOrWarn(what: string): KernelEnv {
  const env = detectKernelEnv();
  if (!env.ok) {
    console.warn(`kernel tier (${what}) skipped: ${env.reason}`);
    recordTier({ kind: 'skip', reason: env.reason });
  }
  return env;
}

/** One ruleset's probes plus shrinking its disagreements: generous, as CI machines may be busy. */
export const PROBE_TIMEOUT_MS = 180_000;

const SHRINK_CAP_PER_FILE = 12;
let shrunk = 0;

/** Records each probe of a run; returns the reproductions of those that disagreed. */
export async function collectDisagreements(rig: KernelRig, spec: RulesetSpec, run: SpecRun, label: string): Promise<string[]> {
  const repros: string[] = [];
  for (const [index, outcome] of run.outcomes.entries()) {
    const probeLabel = `${label} probe ${index + 1}`;
    if (outcome.agreed) {
      recordTier({ kind: 'probe', agreed: true, label: probeLabel });
      continue;
    }
    let repro: string;
    if (shrunk < SHRINK_CAP_PER_FILE && repros.length < 3) {
      shrunk++;
      const small = await shrinkDisagreement(rig, spec, outcome);
      repro = `${probeLabel} (shrunk to ${small.spec.rules.length} of ${spec.rules.length} rules)\n${formatRepro(small.spec, small.run)}`;
    } else {
      repro = `${probeLabel}\n${formatRepro(spec, { captured: run.captured, outcomes: [outcome] })}`;
    }
    recordTier({ kind: 'probe', agreed: false, label: probeLabel, repro });
    repros.push(repro);
  }
  return repros;
}
