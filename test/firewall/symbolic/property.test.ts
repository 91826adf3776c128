// Truth for the egress map: on random rulesets (the kernel tier's generator) and random sending
// contexts, points sampled from every row — its corners and one inside — get exactly the
// row's verdict, deciding rule and nat rewrite from tracePacket. The seed is fixed, so the
// test gives the same answer every run; MAILLEAK_EGRESS_SEED tries another (a long local
// search), and a failure prints the seed that replays it.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../src/firewall/address.js';
import type { Family, Range } from '../../../src/firewall/model.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import { computeEgress, type EgressContext } from '../../../src/firewall/symbolic/index.js';
import { generateRuleset } from '../../kernel/lib/generate.js';
import { LOCAL_V4, LOCAL_V6 } from '../../kernel/lib/namespace.js';
import { createRng, type Rng } from '../../kernel/lib/random.js';
import { toRestoreText } from '../../kernel/lib/spec.js';
import { mutateRuleset } from './mutate.js';
import { compareWithTrace, joinedTolerated, samplePoints } from './sample.js';

const RULESETS = Number(process.env.MAILLEAK_EGRESS_RULESETS ?? 300);
const DEFAULT_SEED = 20261207;
const seed = process.env.MAILLEAK_EGRESS_SEED ? Number(process.env.MAILLEAK_EGRESS_SEED) : DEFAULT_SEED;
if (!Number.isInteger(seed)) throw new Error(`MAILLEAK_EGRESS_SEED=${process.env.MAILLEAK_EGRESS_SEED} is not an integer`);

const PORT_SETS: Range[][] = [[{ from: 25, to: 25 }, { from: 465, to: 465 }, { from: 587, to: 587 }], [{ from: 1, to: 65535 }], [{ from: 20, to: 600 }], [{ from: 25, to: 25 }]];

function randomContext(rng: Rng, family: Family): EgressContext {
  const context: EgressContext = { family, ports: rng.pick(PORT_SETS) };
  // sometimes leave parts unknown: owner and interface rules must then come out UNKNOWN, like trace
  if (rng.chance(0.85)) context.uid = rng.pick([0, 101, 1000, 65534]);
  if (rng.chance(0.85)) context.gid = rng.pick([0, 101, 1000, 65534]);
  if (rng.chance(0.7)) context.oif = rng.pick(['dm0', 'eth0']);
  if (rng.chance(0.7)) context.src = parseIp(family === 4 ? LOCAL_V4 : LOCAL_V6)!;
  if (rng.chance(0.3)) context.sport = { from: 40000, to: 40000 };
  return context;
}

describe(`egress map agrees with tracePacket (seed ${seed}, ${RULESETS} random rulesets)`, () => {
  it('every sampled point of every row', () => {
    console.log(`egress property test: seed ${seed} (MAILLEAK_EGRESS_SEED=${seed} repeats it)`);
    const rng = createRng(seed);
    const failures: string[] = [];
    let points = 0;
    let rows = 0;
    let rewrites = 0;
    const verdicts = new Map<string, number>();
    for (let i = 0; i < RULESETS && failures.length < 5; i++) {
      const spec = generateRuleset(rng, rng.chance(0.5) ? 4 : 6);
      const text = toRestoreText(spec);
      const parsed = parseFirewallText(text, { origin: 'random.save', family: spec.family });
      // half the rulesets made uncertain the ways pasted inputs are
      const ruleset = rng.chance(0.5) ? mutateRuleset(rng, parsed, spec.family) : parsed;
      const context = randomContext(rng, spec.family);
      const map = computeEgress(ruleset, context);
      rows += map.rows.length;
      for (const row of map.rows) verdicts.set(row.verdict, (verdicts.get(row.verdict) ?? 0) + 1);
      rewrites += map.rows.filter((r) => r.rewrittenTo).length;
      for (const row of map.rows) {
        for (const point of samplePoints(row, () => rng.next())) {
          points++;
          const problem = compareWithTrace(ruleset, context, row, point);
          if (problem) {
            failures.push(`ruleset ${i + 1} (seed ${seed}), context ${JSON.stringify(context, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}:\n  ${problem}\n${text}`);
            break;
          }
        }
        if (failures.length > 0 && failures[failures.length - 1]!.startsWith(`ruleset ${i + 1} `)) break;
      }
    }
    console.log(`egress property test: ${rows} rows (${[...verdicts].map(([v, n]) => `${n} ${v}`).join(', ')}; ${rewrites} rewritten), ${points} points compared, ${joinedTolerated.count} with trace's joined first path`);
    expect(failures, `seed ${seed} (MAILLEAK_EGRESS_SEED=${seed} replays it)\n${failures.join('\n\n')}`).toEqual([]);
    // not vacuous: every verdict and nat rewrites occurred
    expect([...verdicts.keys()].sort()).toEqual(['ACCEPT', 'DROP', 'REJECT', 'UNKNOWN']);
    expect(rewrites).toBeGreaterThan(0);
  }, 120_000);
});
