#!/usr/bin/env node
// Runs one test tier (test/<tier>, e.g. kernel or e2e) alone with vitest and prints its summary
// as the last line. The tier's tests append JSON records to $MAILLEAK_TIER_REPORT: probes
// ({kind:'probe', agreed, label, repro}), skips ({kind:'skip', reason}) and notes. Exit status
// is non-zero when vitest failed, when the tier could not run (a skip, or nothing ran), or
// when any probe disagreed. Tiers without probe records are summarised by test counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tier = process.argv[2];
// --allow-skip (used by `npm test`): a tier that cannot run on this machine prints why and does
// not fail the suite; a tier that ran and disagreed still does
const allowSkip = process.argv.includes('--allow-skip');
const vitestArgs = process.argv.slice(3).filter((a) => a !== '--allow-skip');
if (!tier || !/^[a-z0-9-]+$/.test(tier)) {
  console.error('usage: node scripts/run-tier.mjs <tier>   (runs test/<tier> alone, e.g. kernel or e2e)');
  process.exit(2);
}
const dir = join('test', tier);
if (!existsSync(join(root, dir))) {
  console.error(`${tier}: could not run: ${dir} does not exist`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), `mailleak-${tier}-`));
const reportPath = join(work, 'records.jsonl');
const jsonPath = join(work, 'vitest.json');
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const run = spawnSync(vitest, ['run', dir, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonPath}`, ...vitestArgs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MAILLEAK_TIER: tier, MAILLEAK_TIER_REPORT: reportPath },
});

const records = existsSync(reportPath)
  ? readFileSync(reportPath, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
  : [];
const tests = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : undefined;
rmSync(work, { recursive: true, force: true });

const skips = [...new Set(records.filter((r) => r.kind === 'skip').map((r) => r.reason))];
const probes = records.filter((r) => r.kind === 'probe');
const agreed = probes.filter((r) => r.agreed).length;
const disagreements = probes.filter((r) => !r.agreed);

console.log('');
for (const note of records.filter((r) => r.kind === 'note')) console.log(`${tier}: ${note.text}`);
if (disagreements.length > 0) {
  // several probes often show one bug: group by the (shrunk) ruleset, which opens each repro
  const distinct = new Map();
  for (const d of disagreements.filter((x) => x.repro)) {
    const key = d.repro.split('\n').slice(1).join('\n').split('\npacket:')[0];
    if (!distinct.has(key)) distinct.set(key, d.repro);
  }
  const shown = [...distinct.values()].slice(0, 6);
  console.log(`${tier}: ${disagreements.length} disagreement(s), ${distinct.size} distinct ruleset(s); showing ${shown.length}:`);
  for (const repro of shown) console.log(`\n${repro}\n`);
}
for (const reason of skips) console.log(`${tier}: could not run: ${reason}`);

const scenarios = records.filter((r) => r.kind === 'scenario');
for (const s of scenarios.filter((x) => !x.agreed)) console.log(`${tier}: DISAGREED: ${s.label}${s.detail ? `\n  ${s.detail.split('\n').join('\n  ')}` : ''}`);

let failed = run.status !== 0 || skips.length > 0;
if (run.error) console.log(`${tier}: could not start vitest: ${run.error.message}`);
if (scenarios.length > 0) {
  const agreedScenarios = scenarios.filter((x) => x.agreed).length;
  failed ||= agreedScenarios < scenarios.length;
  console.log(`${tier}: ${scenarios.length} scenarios, ${agreedScenarios} agreed`);
} else if (probes.length > 0 || skips.length > 0) {
  failed ||= probes.length === 0 || agreed < probes.length;
  // a tier that could not run still ends with its own summary line
  // the exim -be tier compares expansion results: its probes are expressions
  const unit = tier === 'exim-expand' ? 'expressions' : 'probes';
  console.log((tier === 'e2e' || tier === 'postfix') && probes.length === 0 ? `${tier}: 0 scenarios, 0 agreed` : `${tier}: ${probes.length} ${unit}, ${agreed} agreed`);
} else if (tests) {
  const total = tests.numTotalTests ?? 0;
  const passed = tests.numPassedTests ?? 0;
  if (total === 0 || passed === 0) failed = true;
  console.log(`${tier}: ${total} tests, ${passed} passed${tests.numPendingTests ? `, ${tests.numPendingTests} skipped` : ''}`);
} else {
  failed = true;
  console.log(`${tier}: 0 probes, 0 agreed (nothing ran)`);
}
const skippedOnly = skips.length > 0 && probes.length === 0 && scenarios.length === 0 && run.status === 0;
if (skippedOnly && allowSkip) console.log(`${tier}: skipped on this machine (see the reason above); CI runs it as root`);
process.exit(failed && !(skippedOnly && allowSkip) ? 1 : 0);
