// Runs one ruleset through the kernel and the simulator: load, capture, probe each packet,
// judge both texts; on a disagreement, shrink the ruleset to the fewest rules that still
// disagree and write the reproduction (ruleset + packet + kernel answer + simulator answer).
import { judge, listingText, parseCaptured, describeKernel, scriptText, type Verdict } from './compare.js';
import type { CapturedRuleset, KernelProbe, KernelRig, ProbeSpec } from './rig.js';
import { pruneUnusedChains, toRestoreText, type RulesetSpec } from './spec.js';

export interface ProbeOutcome {
  probe: KernelProbe;
  verdicts: Verdict[];
  agreed: boolean;
}

export interface SpecRun {
  captured: CapturedRuleset;
  outcomes: ProbeOutcome[];
}

export async function runSpec(rig: KernelRig, spec: RulesetSpec, packets: ProbeSpec[]): Promise<SpecRun> {
  const captured = await rig.load(spec.family, toRestoreText(spec));
  const parsed = parseCaptured(captured);
  const outcomes: ProbeOutcome[] = [];
  for (const packet of packets) {
    const probe = await rig.probe(packet);
    const verdicts = judge(parsed, probe);
    outcomes.push({ probe, verdicts, agreed: verdicts.every((v) => v.agreed) });
  }
  return { captured, outcomes };
}

/** Removes rules one at a time while the same text kind still disagrees on this packet. */
export async function shrinkDisagreement(rig: KernelRig, spec: RulesetSpec, outcome: ProbeOutcome): Promise<{ spec: RulesetSpec; run: SpecRun }> {
  const kinds = outcome.verdicts.filter((v) => !v.agreed).map((v) => v.kind);
  const packet: ProbeSpec = { family: outcome.probe.family, dst: outcome.probe.dst, dport: outcome.probe.dport, uid: outcome.probe.uid, gid: outcome.probe.gid };
  const stillDisagrees = (run: SpecRun): boolean => run.outcomes[0]?.verdicts.some((v) => !v.agreed && kinds.includes(v.kind)) ?? false;
  let best = spec;
  let bestRun = await runSpec(rig, spec, [packet]);
  if (!stillDisagrees(bestRun)) return { spec, run: bestRun }; // not reproducible on its own: keep it whole
  for (let i = best.rules.length - 1; i >= 0; i--) {
    const candidate = pruneUnusedChains({ ...best, rules: best.rules.filter((_, j) => j !== i) });
    let run: SpecRun;
    try {
      run = await runSpec(rig, candidate, [packet]);
    } catch {
      continue; // e.g. a jump to a chain whose last rule was removed: iptables-restore refuses
    }
    if (stillDisagrees(run)) {
      best = candidate;
      bestRun = run;
    }
  }
  return { spec: best, run: bestRun };
}

export function formatRepro(spec: RulesetSpec, run: SpecRun): string {
  const outcome = run.outcomes[0];
  if (!outcome) return '(no probe)';
  const p = outcome.probe;
  const lines = [
    `IPv${spec.family} ruleset loaded with ${spec.family === 6 ? 'ip6' : 'ip'}tables-restore (the rig adds its raw guard and an empty nat table):`,
    ...toRestoreText(spec).trimEnd().split('\n').map((l) => `    ${l}`),
    `packet: tcp SYN ${fmtAddr(p.src)}:${p.sport} -> ${fmtAddr(p.dst)}:${p.dport}, uid ${p.uid}, gid ${p.gid}, oif ${p.oif}, state NEW`,
    `the kernel says: ${describeKernel(p.answer)}`,
    ...outcome.verdicts.map((v) => `the simulator says (from the ${v.kind} text): ${v.summary}${v.agreed ? '' : '  <-- DISAGREES'}`),
  ];
  if (outcome.verdicts.some((v) => v.kind === 'listing' && !v.agreed)) {
    lines.push('listing text given to the parser:', ...listingText(run.captured).trimEnd().split('\n').map((l) => `    ${l}`));
  }
  if (outcome.verdicts.some((v) => v.kind === 'save' && !v.agreed)) {
    lines.push('save text given to the parser:', ...run.captured.save.trimEnd().split('\n').filter((l) => !l.startsWith('#')).map((l) => `    ${l}`));
  }
  if (outcome.verdicts.some((v) => v.kind === 'script' && !v.agreed)) {
    lines.push('script given to the parser:', ...scriptLines(run));
  }
  return lines.join('\n');
}

function scriptLines(run: SpecRun): string[] {
  return scriptText(run.captured).trimEnd().split('\n').map((l) => `    ${l}`);
}

function fmtAddr(a: string): string {
  return a.includes(':') ? `[${a}]` : a;
}
