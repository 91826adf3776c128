// Kernel truth, random: seeded rulesets with nested chains, negations, ranges, owner, state,
// nat … and packets aimed at them. The seed is printed; MAILLEAK_KERNEL_SEED repeats a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePackets, generateRuleset } from './lib/generate.js';
import { chooseSeed, createRng } from './lib/random.js';
import { recordTier } from './lib/report.js';
import { KernelRig, type ProbeSpec } from './lib/rig.js';
import { runSpec } from './lib/session.js';
import type { RulesetSpec } from './lib/spec.js';
import { collectDisagreements, kernelEnvOrWarn, PROBE_TIMEOUT_MS } from './lib/tier.js';

const env = kernelEnvOrWarn('random rulesets');
const RULESETS = Number(process.env.MAILLEAK_KERNEL_RULESETS ?? 60);
const PACKETS_PER_RULESET = 10;
const seed = chooseSeed();

// generated up front so the test names (and the rulesets) follow from the seed alone
const rng = createRng(seed);
const work: { spec: RulesetSpec; packets: ProbeSpec[] }[] = [];
for (let i = 0; i < RULESETS; i++) {
  const spec = generateRuleset(rng, rng.chance(0.5) ? 4 : 6);
  work.push({ spec, packets: generatePackets(rng, spec, PACKETS_PER_RULESET) });
}

describe.skipIf(!env.ok)(`kernel truth: ${RULESETS} random rulesets (seed ${seed})`, () => {
  let rig: KernelRig | undefined;
  beforeAll(() => {
    console.log(`kernel random tier: seed ${seed} (MAILLEAK_KERNEL_SEED=${seed} repeats this run)`);
    recordTier({ kind: 'note', text: `random seed ${seed} (MAILLEAK_KERNEL_SEED=${seed} repeats it)` });
    rig = new KernelRig('random');
  });
  afterAll(() => rig?.close());

  for (const [index, { spec, packets }] of work.entries()) {
    it(`ruleset ${index + 1} (IPv${spec.family}, ${spec.rules.length} rules)`, async () => {
      if (!rig) throw new Error('rig not created');
      const run = await runSpec(rig, spec, packets);
      const repros = await collectDisagreements(rig, spec, run, `seed ${seed} ruleset ${index + 1}`);
      expect(repros, repros.join('\n\n')).toEqual([]);
    }, PROBE_TIMEOUT_MS);
  }
});
