// Truth for the expansion evaluator: generated expressions (literal values, lookups in files this
// test writes) expanded by mailleak and by real Exim 4.96 (`exim -C CONF -be`, one batch per
// run, expressions one per line), compared exactly. A failure must be a failure on both sides;
// an unknown answer counts as a disagreement (everything Exim needs is at hand here).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandString } from '../../src/mail/exim/expand/evaluate.js';
import type { ExpandContext, Expanded } from '../../src/mail/exim/expand/types.js';
import { createRng } from '../kernel/lib/random.js';
import { recordTier } from '../kernel/lib/report.js';
import { writeLookupFiles } from './lib/files.js';
import { generateExpression } from './lib/generate.js';
import { nodeFiles } from './lib/node-files.js';

const EXIM = ['/usr/sbin/exim', '/usr/sbin/exim4'].find((p) => existsSync(p));
const SEED = Number(process.env.MAILLEAK_EXPAND_SEED ?? 20260515);
const COUNT = 2400;

function unavailable(): string | null {
  if (!EXIM) return 'exim is not installed (Debian package exim4-daemon-light)';
  if (process.getuid?.() !== 0) return 'exim -C with a private configuration needs root';
  return null;
}

// $value is left out: exim -be keeps it from one line's lookup to the next
const VARIABLES: Record<string, string> = { primary_hostname: 'mail.test', qualify_domain: 'mail.test' };
const ctx: ExpandContext = { variable: (name) => VARIABLES[name], file: nodeFiles };

function show(v: Expanded): string {
  switch (v.kind) {
    case 'text': return v.text;
    case 'failed': return `Failed: ${v.message}`;
    case 'unknown': return `(unknown: ${v.reason})`;
  }
}

const reason = unavailable();
if (reason) {
  recordTier({ kind: 'skip', reason });
  console.warn(`skipping exim -be comparison: ${reason}`);
}

describe.skipIf(reason !== null)('expansion evaluator agrees with exim -be', () => {
  it(`${COUNT} generated expressions (seed ${SEED})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-expand-'));
    try {
      const files = writeLookupFiles(dir);
      const conf = join(dir, 'exim.conf');
      writeFileSync(conf, 'primary_hostname = mail.test\n');
      const rng = createRng(SEED);
      const expressions = Array.from({ length: COUNT }, () => `<${generateExpression(rng, files)}>`);
      const run = spawnSync(EXIM!, ['-C', conf, '-be'], { input: `${expressions.join('\n')}\n`, encoding: 'latin1', maxBuffer: 64 << 20 });
      const lines = run.stdout.split('\n').map((l) => l.replace(/^> /, ''));
      expect(lines.length).toBeGreaterThanOrEqual(COUNT);
      let agreed = 0;
      const shown: string[] = [];
      expressions.forEach((expr, i) => {
        const exim = lines[i]!;
        const ours = expandString(expr, ctx);
        const same = exim.startsWith('Failed: ') ? ours.kind === 'failed' : ours.kind === 'text' && ours.text === exim;
        if (same) agreed++;
        else if (shown.length < 25) shown.push(`${expr}\n    exim:     ${exim}\n    mailleak: ${show(ours)}`);
        recordTier({ kind: 'probe', agreed: same, label: expr, ...(same ? {} : { repro: `expression: ${expr}\nexim: ${exim}\nmailleak: ${show(ours)}` }) });
      });
      if (shown.length > 0) console.log(shown.join('\n'));
      recordTier({ kind: 'note', text: `seed ${SEED}; files in a temporary directory; exim ${EXIM}` });
      expect(agreed).toBe(COUNT);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
