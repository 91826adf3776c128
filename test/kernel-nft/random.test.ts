// Kernel truth for nftables: hand-made rulesets for each feature the front-end reads, then
// seeded random (ruleset, packet) pairs. Each ruleset is loaded with `nft -f` in a namespace
// made for the test; each probe is a real SYN; each answer is checked on the text as written,
// the `nft -a list ruleset` text and the `nft -j list ruleset` JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSeed, createRng } from '../kernel/lib/random.js';
import { recordTier } from '../kernel/lib/report.js';
import { disagreement, withoutGuard, type NftForm } from './lib/compare.js';
import { generateNftPacket, generateNftRuleset } from './lib/generate.js';
import { HAND_MADE, type HandMade } from './lib/cases.js';
import { NftRig, nftEnvOrWarn } from './lib/rig.js';

const env = nftEnvOrWarn();
const RULESETS = Number(process.env.MAILLEAK_KERNEL_NFT_RULESETS ?? 60);
const PACKETS = 9;
const seed = chooseSeed();
const rng = createRng(seed);
const work: HandMade[] = [...HAND_MADE];
for (let i = 0; i < RULESETS; i++) work.push({ label: `seed ${seed} ruleset ${i + 1}`, ruleset: generateNftRuleset(rng), packets: Array.from({ length: PACKETS }, () => generateNftPacket(rng)) });

describe.skipIf(!env.ok)(`kernel-nft: ${HAND_MADE.length} hand-made and ${RULESETS} random rulesets (seed ${seed})`, () => {
  let rig: NftRig | undefined;
  beforeAll(() => {
    console.log(`kernel-nft: seed ${seed} (MAILLEAK_KERNEL_SEED=${seed} repeats this run)`);
    recordTier({ kind: 'note', text: `random seed ${seed} (MAILLEAK_KERNEL_SEED=${seed} repeats it)` });
    if (env.ok) rig = new NftRig('tier', env);
  });
  afterAll(() => rig?.close());

  for (const { label, ruleset, packets, iptables, uncertain } of work) {
    it(label, async () => {
      if (!rig) throw new Error('rig not created');
      const listed = withoutGuard(await rig.load(ruleset, iptables));
      const forms: Record<NftForm, string> = { text: ruleset, listed: listed.text, json: listed.json };
      const problems: string[] = [];
      for (const [n, p] of packets.entries()) {
        const kernel = await rig.probe(p);
        for (const form of Object.keys(forms) as NftForm[]) {
          let why: string | undefined;
          try {
            why = disagreement(forms[form], p, kernel, listed.saves, uncertain?.(p) ?? false);
          } catch (e) {
            why = `threw: ${e instanceof Error ? e.stack : String(e)}`;
          }
          const saves = listed.saves ? `${listed.saves.v4 ?? ''}${listed.saves.v6 ?? ''}` : '';
          const repro = why ? `${label} packet ${n + 1} (${form}): ${why}\n${forms.text}${saves}packet: ${JSON.stringify(p)}` : undefined;
          recordTier({ kind: 'probe', agreed: !why, label: `${label} packet ${n + 1} ${form}`, ...(repro ? { repro } : {}) });
          if (repro) problems.push(repro);
        }
      }
      expect(problems, problems.slice(0, 3).join('\n\n')).toEqual([]);
    }, 180_000);
  }
});
