#!/usr/bin/env node
// Measures how many real configurations of ../shared/corpus/exim-wild decide `mailleak route
// user@gmail.com` (with fixtures/demo/gmail.com.zone as DNS). Each file's provenance header is
// stripped into a temporary file; the corpus is read in place, never copied into the repository.
// "Decides": exit 0 and an outcome other than unknown. Generator templates (03, 15) and the
// fragment set (18) are not complete configurations and are not counted.
// Usage: node scripts/measure-exim-wild.mjs [corpus dir]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.argv[2] ?? resolve(root, '..', '..', 'shared', 'corpus', 'exim-wild');
const dir = existsSync(corpus) ? corpus : '/work/shared/corpus/exim-wild';
const MARK = '# ---- original file text follows verbatim below this line ----';
const INCOMPLETE = /^(03|15|18)-/;

const configs = readdirSync(dir).filter((f) => /^\d\d-/.test(f) && !/\.(include|fragment|conf\.d)-/.test(f) && !INCOMPLETE.test(f)).sort();
const work = mkdtempSync(join(tmpdir(), 'ml-wild-'));
let decided = 0;
const rows = [];
for (const name of configs) {
  const text = readFileSync(join(dir, name), 'utf8');
  const at = text.indexOf(MARK);
  const body = at >= 0 ? text.slice(at + MARK.length + 1) : text;
  const file = join(work, name);
  writeFileSync(file, body);
  const r = spawnSync(process.execPath, [join(root, 'bin/mailleak.js'), 'route', 'user@gmail.com', '--exim-config', file, '--dns', join(root, 'fixtures/demo/gmail.com.zone'), '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  let verdict;
  if (r.status !== 0) verdict = `exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`;
  else {
    const plan = JSON.parse(r.stdout);
    if (plan.outcome === 'unknown') verdict = `undecided: ${plan.reason}`;
    else {
      decided++;
      verdict = `decided: ${plan.outcome}${plan.router ? ` via ${plan.router}` : ''}${plan.transport ? ` → ${plan.transport}` : ''}`;
    }
  }
  rows.push(`${name}: ${verdict}`);
}
rmSync(work, { recursive: true, force: true });
for (const row of rows) console.log(row.length > 400 ? `${row.slice(0, 400)}…` : row);
console.log(`exim-wild: ${configs.length} complete configurations, ${decided} decide route user@gmail.com`);
