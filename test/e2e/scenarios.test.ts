// The e2e truth tier (issue 5): for each scenario, Exim really sends one message inside a
// namespace pair, and mailleak — once live on the mail host, once on the bundle collected there
// and piped to stdin — must say what happened: leaks or blocked, over which family, address and
// port, and deciding rules whose counters moved. For an MTA in a container (issue 18) it is told
// `--mta-container ADDR@BRIDGE` and also gets the host's rulesets, the MTA's configuration and
// the host's routes as files and a paste (`explain --iptables … --exim-config … --dns-server`).
// `npm run test:e2e` prints `e2e: N scenarios, M agreed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordTier } from '../kernel/lib/report.js';
import { judge, type ExplainJson } from './lib/compare.js';
import { e2eUnavailable, PYTHON } from './lib/env.js';
import { runScenario, type Reality, type ScenarioRig } from './lib/rig.js';
import { CONTAINER_SCENARIOS } from './lib/container-scenarios.js';
import { SCENARIOS } from './lib/scenarios.js';
import { E2E_CONTAINER_NET, type Scenario } from './lib/scenario.js';

const BIN = resolve(__dirname, '../../bin/mailleak.js');
const why = e2eUnavailable();
if (why) {
  console.warn(`e2e tier skipped: ${why}`);
  recordTier({ kind: 'skip', reason: why });
}

describe.skipIf(why !== null)('e2e: real Exim, real DNS, real kernel', () => {
  const rigs: ScenarioRig[] = [];
  afterAll(async () => {
    await Promise.all(rigs.map((r) => r.stop()));
  });

  [...SCENARIOS, ...CONTAINER_SCENARIOS].forEach((scenario, index) => {
    it(scenario.name, async () => {
      // a scenario that could not be judged (the rig or mailleak failed) counts as not agreed
      let recorded = false;
      const record = (agreed: boolean, detail?: string): void => {
        if (recorded) return;
        recorded = true;
        recordTier({ kind: 'scenario', agreed, label: scenario.name, ...(detail ? { detail } : {}) });
      };
      let rig: ScenarioRig | undefined;
      try {
        rig = await runScenario(scenario, String(index));
        rigs.push(rig);
        const reality = rig.reality;
        // the rig itself: the scenario shows what it was built to show
        expect(describeReality(reality), `Exim log:\n${reality.mtaLog}`).toEqual(describeIntent(scenario));

        const placed = scenario.container ? CONTAINER_FLAGS : [];
        const live = explain(rig, scenario, ['--live', ...placed]);
        const script = spawnSync(process.execPath, [BIN, 'collect', '--script'], { encoding: 'utf8' }).stdout;
        const bundle = rig.onHost('sh', [], script).stdout;
        const piped = explain(rig, scenario, placed, bundle);
        const verdicts: [string, ExplainJson][] = [['live', live], ['bundle on stdin', piped]];
        if (scenario.container) verdicts.push(['files and routes on stdin', explainFromFiles(rig, scenario)]);
        const problems = verdicts.flatMap(([how, report]) => judge(reality, report).problems.map((p) => `${how}: ${p}`));
        if (scenario.otherUid !== undefined) problems.push(...otherUserProblems(rig, scenario, scenario.otherUid));
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

function explain(rig: ScenarioRig, s: Scenario, flags: string[], stdin?: string): ExplainJson {
  const run = rig.onHost(process.execPath, [BIN, 'explain', s.recipient, '--json', ...flags], stdin ?? '');
  if (run.status !== 0) throw new Error(`mailleak explain ${flags.join(' ')} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ExplainJson;
}

/** The MTA's container, as the admin names it: its address per family on the compose network's bridge. */
const CONTAINER_FLAGS = (['4', '6'] as const).flatMap((f) => ['--mta-container', `${E2E_CONTAINER_NET.container[f]}@${E2E_CONTAINER_NET.bridge}`]);

/** The host's save output, the MTA's configuration and DNS server named, `ip route` and `ip -6 route` pasted on stdin. */
function explainFromFiles(rig: ScenarioRig, s: Scenario): ExplainJson {
  const dir = mkdtempSync(join(tmpdir(), 'ml-e2e-files-'));
  try {
    const v4 = join(dir, 'iptables.save');
    const v6 = join(dir, 'ip6tables.save');
    writeFileSync(v4, rig.onHost('iptables-save', ['-c']).stdout);
    writeFileSync(v6, rig.onHost('ip6tables-save', ['-c']).stdout);
    const routes = rig.onHost('ip', ['route']).stdout + rig.onHost('ip', ['-6', 'route']).stdout;
    return explain(rig, s, ['--iptables', v4, '--ip6tables', v6, '--exim-config', rig.eximConfigPath, '--dns-server', '127.0.0.1', ...CONTAINER_FLAGS], routes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An ordinary user connects to the same MX: the kernel's answer for that uid must match `explain --uid`. */
function otherUserProblems(rig: ScenarioRig, s: Scenario, uid: number): string[] {
  const left = rig.reality.left[0];
  if (!left) return [`uid ${uid}: nothing to compare, the mail did not leave`];
  const connect = `import socket,sys\ntry:\n  socket.create_connection((sys.argv[1], 25), 3).close(); print('connected')\nexcept OSError as e: print('failed', e)`;
  const run = rig.onHost('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', PYTHON, '-c', connect, left.address]);
  const connected = run.stdout.startsWith('connected');
  const report = explain(rig, s, ['--live', '--uid', String(uid)]);
  const expected = connected ? 'leaks' : 'blocked';
  return report.verdict === expected ? [] : [`uid ${uid}: mailleak says ${report.verdict}, but a connection as that user ${connected ? 'got through' : `failed (${run.stdout.trim()})`}`];
}

function describeReality(r: Reality): object {
  const left = r.left[0];
  return { leaves: left !== undefined, ...(left ? { family: left.family, port: left.port } : {}), local: r.local.length > 0 };
}

function describeIntent(s: Scenario): object {
  const i = s.intent;
  return { leaves: i.leaves, ...(i.leaves ? { family: i.family, port: i.port ?? 25 } : {}), local: i.local ?? false };
}
