// The postfix truth tier (issue 16): for each scenario, real Postfix 3.7 (Debian's package,
// unpacked by scripts/setup-postfix.sh) sends one message inside a namespace pair through the
// real kernel, and mailleak must say what happened — once from the configuration directory
// (--postfix-config /etc/postfix) and once from the real `postconf -n` and `postconf -M` output
// (--postconf), both with the kernel's rulesets and the test DNS server.
// `node scripts/run-tier.mjs postfix` prints `postfix: N scenarios, M agreed`.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordTier } from '../kernel/lib/report.js';
import type { ExplainJson } from '../e2e/lib/compare.js';
import { postfixUid, postfixUnavailable } from './lib/env.js';
import { judgePostfix } from './lib/judge.js';
import { runPostfixScenario, type PostfixReality, type PostfixRig } from './lib/rig.js';
import { POSTFIX_SCENARIOS } from './lib/scenarios.js';
import type { PostfixScenario } from './lib/scenario.js';

const BIN = resolve(__dirname, '../../bin/mailleak.js');
const why = postfixUnavailable();
if (why) {
  console.warn(`postfix tier skipped: ${why}`);
  recordTier({ kind: 'skip', reason: why });
}

describe.skipIf(why !== null)('postfix: real Postfix, real DNS, real kernel', () => {
  const rigs: PostfixRig[] = [];
  afterAll(async () => {
    await Promise.all(rigs.map((r) => r.stop()));
  });

  POSTFIX_SCENARIOS.forEach((scenario, index) => {
    it(scenario.name, async () => {
      // a scenario that could not be judged (the rig or mailleak failed) counts as not agreed
      let recorded = false;
      const record = (agreed: boolean, detail?: string): void => {
        if (recorded) return;
        recorded = true;
        recordTier({ kind: 'scenario', agreed, label: scenario.name, ...(detail ? { detail } : {}) });
      };
      let rig: PostfixRig | undefined;
      try {
        const uid = postfixUid();
        rig = await runPostfixScenario(scenario, `p${index}`, uid);
        rigs.push(rig);
        const reality = rig.reality;
        // the rig itself: the scenario shows what it was built to show
        expect(describeReality(reality), `Postfix log:\n${reality.mtaLog}`).toEqual(describeIntent(scenario));

        const f = rig.files;
        const common = ['--iptables', f.v4, '--ip6tables', f.v6, '--dns-server', '127.0.0.1', '--uid', String(uid), ...(scenario.sender !== undefined ? ['--sender', scenario.sender] : [])];
        const forms = [
          ['config dir', [...common, '--postfix-config', '/etc/postfix']],
          ['postconf -n/-M', [...common, '--postconf', f.postconfN, '--postconf', f.postconfM]],
        ] as const;
        const problems = forms.flatMap(([how, flags]) => judgePostfix(reality, explain(rig!, scenario, [...flags])).map((p) => `${how}: ${p}`));
        record(problems.length === 0, problems.join('\n'));
        expect(problems).toEqual([]);
      } catch (e) {
        record(false, `could not be judged: ${(e as Error).message.split('\n')[0]}`);
        throw e;
      } finally {
        await rig?.stop();
      }
    }, 120_000);
  });
});

function explain(rig: PostfixRig, s: PostfixScenario, flags: string[]): ExplainJson {
  const run = rig.host.run(process.execPath, [BIN, 'explain', s.recipient, '--json', ...flags]);
  // explain's exit status says the verdict; only a report that is not JSON is a failure
  if (!run.stdout.trimStart().startsWith('{')) throw new Error(`mailleak explain ${flags.join(' ')} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ExplainJson;
}

function describeReality(r: PostfixReality): object {
  const left = r.left[0];
  return { leaves: left !== undefined, ...(left ? { family: left.family, port: left.port } : { refused: r.status === 'bounced' }) };
}

function describeIntent(s: PostfixScenario): object {
  const i = s.intent;
  return { leaves: i.leaves, ...(i.leaves ? { family: i.family, port: i.port ?? 25 } : { refused: i.refused ?? false }) };
}
