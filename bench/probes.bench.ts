// 4. Many probes: 10,000 traces (mail ports to addresses across the deny list) on the
// 100k-rule CSF ruleset, parsed once. The baseline is the same simulator walking every rule
// (`indexed: false`), on the first 50 probes.
import { parseFirewallText } from '../src/firewall/parse/index.js';
import { tracePacket } from '../src/firewall/simulate/trace.js';
import { generateCsfSave, generateProbes } from './generate.js';
import { mailPacket, median, timeOnce } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const PROBES = 10_000;
const LINEAR_PROBES = 50;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const ruleset = parseFirewallText(generateCsfSave(100_000), { origin: 'csf-100k', family: 4 });
  const packets = generateProbes(PROBES).map((p) => mailPacket(p.dst, p.dport));
  const verdicts = new Map<string, number>();
  let steps = 0;
  const indexed = (): number => timeOnce(() => {
    verdicts.clear();
    steps = 0;
    for (const p of packets) {
      const r = tracePacket(ruleset, p);
      verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
      steps += r.path.length;
    }
  });
  const verdictsOnly = (): number => timeOnce(() => {
    for (const p of packets) tracePacket(ruleset, p, { path: false });
  });
  const linear = (): number => timeOnce(() => {
    for (const p of packets.slice(0, LINEAR_PROBES)) tracePacket(ruleset, p, { indexed: false });
  });
  ctx.log('probes: 10,000 indexed traces');
  const repeat = Math.min(ctx.repeat, 3);
  const mine = median(Array.from({ length: repeat }, indexed));
  ctx.log('probes: 10,000 indexed traces without the path');
  const bare = median(Array.from({ length: repeat }, verdictsOnly));
  ctx.log('probes: linear walk baseline');
  const base = median(Array.from({ length: repeat }, linear));
  const perSecond = (ms: number, n: number): number => n / (ms / 1000);
  return [{
    group: '10. earlier rounds: many probes',
    name: `10,000 traces on 100k rules (${[...verdicts].map(([v, n]) => `${n} ${v}`).join(', ')})`,
    median: perSecond(mine, PROBES),
    unit: 'traces/s',
    baseline: { name: 'rule-by-rule walk', median: perSecond(base, LINEAR_PROBES) },
    target: 'report',
    note: `each trace still returns its full path (avg ${Math.round(steps / PROBES).toLocaleString('en')} steps): the skipped rules' no-match steps are copied in`,
  }, {
    group: '10. earlier rounds: many probes',
    name: '10,000 traces on 100k rules, { path: false } (verdict, decider, uncertainties only)',
    median: perSecond(bare, PROBES),
    unit: 'traces/s',
    baseline: { name: 'rule-by-rule walk', median: perSecond(base, LINEAR_PROBES) },
    target: 'report',
  }];
}
