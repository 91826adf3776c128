// Kernel truth for the egress map: random rulesets loaded in a namespace, the map computed
// from the kernel's own iptables-save, and points sampled from every row (inside the ranges
// the namespace routes) probed with a real SYN; the kernel's counters must name the row's
// verdict, deciding rule and nat rewrite. The seed is printed; MAILLEAK_KERNEL_SEED repeats it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIp, parseCidr, parseIp } from '../../src/firewall/address.js';
import type { Family } from '../../src/firewall/model.js';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { computeEgress, type EgressContext, type EgressRow } from '../../src/firewall/symbolic/index.js';
import { specIntervals } from '../../src/firewall/symbolic/atoms.js';
import { formatDecider } from '../firewall/symbolic/sample.js';
import { generateRuleset } from './lib/generate.js';
import { LOCAL_V4, LOCAL_V6, PROBE_IF, ROUTED_V4, ROUTED_V6 } from './lib/namespace.js';
import { chooseSeed, createRng, type Rng } from './lib/random.js';
import { recordTier } from './lib/report.js';
import { KernelRig } from './lib/rig.js';
import { toRestoreText, type RulesetSpec } from './lib/spec.js';
import { describeKernel } from './lib/compare.js';
import { kernelEnvOrWarn, PROBE_TIMEOUT_MS } from './lib/tier.js';
import { describeCause } from '../../src/firewall/simulate/uncertainty-text.js';

const env = kernelEnvOrWarn('egress map');
const RULESETS = Number(process.env.MAILLEAK_KERNEL_EGRESS_RULESETS ?? 40);
const POINTS_PER_ROW = 2;
/** The rig gives each probe the next source port from 33000 on: far fewer than 7000 probes per file. */
const RIG_SPORTS = { from: 33000, to: 39999 };
const seed = chooseSeed();

const rng = createRng(seed);
const work: { spec: RulesetSpec; uid: number; gid: number }[] = [];
for (let i = 0; i < RULESETS; i++) work.push({ spec: generateRuleset(rng, rng.chance(0.5) ? 4 : 6), uid: rng.pick([0, 101, 1000]), gid: rng.pick([0, 101, 1000]) });

/** Points of the row the namespace can send to: inside its routed ranges, never its own address. */
function probePoints(row: EgressRow, family: Family, pick: Rng): { dst: string; dport: number }[] {
  const own = parseIp(family === 4 ? LOCAL_V4 : LOCAL_V6)!.value;
  const out: { dst: string; dport: number }[] = [];
  for (const net of family === 4 ? ROUTED_V4 : ROUTED_V6) {
    const [routed] = specIntervals(parseCidr(net)!)!;
    const lo = row.addresses.from.value > routed!.lo ? row.addresses.from.value : routed!.lo;
    const hi = row.addresses.to.value < routed!.hi ? row.addresses.to.value : routed!.hi;
    if (lo > hi) continue;
    for (const value of [lo, hi, lo + BigInt(Math.floor(pick.next() * Number(hi - lo > 1000000n ? 1000000n : hi - lo)))]) {
      if (value === own || out.length >= POINTS_PER_ROW) continue;
      const ports = row.ports[Math.floor(pick.next() * row.ports.length)]!;
      out.push({ dst: formatIp({ family, value }), dport: ports.from + Math.floor(pick.next() * (ports.to - ports.from + 1)) });
    }
  }
  return out;
}

describe.skipIf(!env.ok)(`kernel truth: egress maps of ${RULESETS} random rulesets (seed ${seed})`, () => {
  let rig: KernelRig | undefined;
  beforeAll(() => {
    console.log(`kernel egress tier: seed ${seed} (MAILLEAK_KERNEL_SEED=${seed} repeats this run)`);
    recordTier({ kind: 'note', text: `egress seed ${seed} (MAILLEAK_KERNEL_SEED=${seed} repeats it)` });
    rig = new KernelRig('egress');
  });
  afterAll(() => rig?.close());

  for (const [index, { spec, uid, gid }] of work.entries()) {
    it(`ruleset ${index + 1} (IPv${spec.family}, ${spec.rules.length} rules, uid ${uid})`, async () => {
      if (!rig) throw new Error('rig not created');
      const captured = await rig.load(spec.family, toRestoreText(spec));
      const ruleset = parseFirewallText(captured.save, { origin: 'iptables-save -c', family: spec.family });
      const context: EgressContext = { family: spec.family, ports: [{ from: 25, to: 25 }, { from: 465, to: 465 }, { from: 587, to: 587 }, { from: 2000, to: 3000 }], uid, gid, oif: PROBE_IF, src: parseIp(spec.family === 4 ? LOCAL_V4 : LOCAL_V6)!, sport: RIG_SPORTS };
      const map = computeEgress(ruleset, context);
      const pick = createRng(seed + index);
      const problems: string[] = [];
      let probed = 0;
      const unknownRows: string[] = [];
      for (const row of map.rows) {
        // nothing is left unknown in this context, so an UNKNOWN row would be a finding of its own:
        // it is reported (and compared with trace by test/firewall/symbolic), not probed
        if (row.verdict === 'UNKNOWN') {
          unknownRows.push(`${formatIp(row.addresses.from)}-${formatIp(row.addresses.to)}: ${row.unknownBecause ? describeCause(row.unknownBecause.cause) : '?'}`);
          continue;
        }
        for (const point of probePoints(row, spec.family, pick)) {
          const probe = await rig.probe({ family: spec.family, dst: point.dst, dport: point.dport, uid, gid });
          probed++;
          const label = `egress seed ${seed} ruleset ${index + 1} ${point.dst} port ${point.dport}`;
          const why: string[] = [];
          if (probe.answer.verdict !== row.verdict) why.push('verdict differs');
          if (formatDecider(probe.answer.decidedBy) !== formatDecider(row.decidedBy)) why.push('deciding rule differs');
          if (formatDecider(probe.answer.rewrittenBy) !== formatDecider(row.rewrittenTo?.byRule)) why.push('nat rewrite differs');
          const agreed = why.length === 0;
          const repro = agreed ? undefined : `${label}: the kernel says ${describeKernel(probe.answer)}; the egress row says ${row.verdict} by ${formatDecider(row.decidedBy)}${row.rewrittenTo ? `, rewritten by ${formatDecider(row.rewrittenTo.byRule)}` : ''} (${why.join(', ')})\n${captured.save}`;
          recordTier({ kind: 'probe', agreed, label, ...(repro ? { repro } : {}) });
          if (repro) problems.push(repro);
        }
      }
      console.log(`egress ruleset ${index + 1}: ${map.rows.length} rows, ${probed} probes${unknownRows.length ? `, UNKNOWN: ${unknownRows.join('; ')}` : ''}`);
      expect(problems, problems.join('\n\n')).toEqual([]);
    }, PROBE_TIMEOUT_MS);
  }
});
