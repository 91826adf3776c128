// Kernel truth, hand-made cases: every feature the simulator handles, for IPv4 and IPv6, from
// the listing text and from the save text, against what the kernel's counters say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casePackets, caseSpec, CASES } from './lib/cases.js';
import { KernelRig } from './lib/rig.js';
import { runSpec } from './lib/session.js';
import { collectDisagreements, kernelEnvOrWarn, PROBE_TIMEOUT_MS } from './lib/tier.js';

const env = kernelEnvOrWarn('hand-made cases');

describe.skipIf(!env.ok)('kernel truth: hand-made cases', () => {
  let rig: KernelRig | undefined;
  beforeAll(() => { rig = new KernelRig('cases'); });
  afterAll(() => rig?.close());

  for (const family of [4, 6] as const) {
    for (const c of CASES) {
      it(`${c.name} (IPv${family}): simulator agrees with the kernel`, async () => {
        if (!rig) throw new Error('rig not created');
        const spec = caseSpec(c, family);
        const run = await runSpec(rig, spec, casePackets(family));
        const repros = await collectDisagreements(rig, spec, run, `${c.name} IPv${family}`);
        expect(repros, repros.join('\n\n')).toEqual([]);
      }, PROBE_TIMEOUT_MS);
    }
  }
});
