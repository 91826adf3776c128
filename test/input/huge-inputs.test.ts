// Big real inputs must not overflow the call stack anywhere on the way to the answer: a zone
// file of 200,000 records (and the diagnostics of 200,000 unreadable lines) through the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = resolve(__dirname, '../../bin/mailleak.js');
const dir = mkdtempSync(join(tmpdir(), 'ml-huge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('huge inputs', () => {
  it('a zone file of 200,000 records and a DNS file of 200,000 unreadable lines', () => {
    const records = ['$ORIGIN test.', 'big IN MX 10 mx.big'];
    for (let i = 0; i < 200_000; i++) records.push(`h${i}.big IN A 198.51.100.${i % 250}`);
    records.push('mx.big IN A 203.0.113.25');
    const zone = write('big.zone', `${records.join('\n')}\n`);
    const junk = write('junk.zone', `${Array.from({ length: 200_000 }, (_, i) => `%%% not a record ${i}`).join('\n')}\n`);
    const rules = write('rules.save', '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT DROP [0:0]\n-A OUTPUT -d 203.0.113.25/32 -p tcp -m tcp --dport 25 -j ACCEPT\nCOMMIT\n');
    const run = spawnSync(process.execPath, [bin, 'explain', 'big.test', '--dns', zone, '--dns', junk, '--iptables', rules, '--json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack|internal error/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { attempts: { address: string; verdict: string }[] };
    expect(report.attempts.find((a) => a.address === '203.0.113.25')?.verdict).toBe('ACCEPT');
  }, 120_000);
});
