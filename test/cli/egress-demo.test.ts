// `mailleak egress --demo`: the bundled CSF listing, where LOCALOUTPUT was not pasted — the map
// must say UNKNOWN for everything that reaches rule 9, never ACCEPT or DROP by guess.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(__dirname, '../../bin/mailleak.js');

describe('mailleak egress --demo', () => {
  it('names the missing chain for the rest of the address space and keeps IPv6 unknown', () => {
    const run = spawnSync(process.execPath, [bin, 'egress', '--demo', '--json', '--cidrs'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { families: { family: number; rows: { cidrs: string[]; answers: { verdict: string; decidedBy: { chain: string; rule?: number } | null; unknownBecause?: { chain: string; rule?: number; reason: string; command?: string } }[] }[] }[]; missingFamilies: number[] };
    expect(report.missingFamilies).toEqual([6]);
    const v4 = report.families.find((f) => f.family === 4)!;
    const verdicts = new Set(v4.rows.flatMap((r) => r.answers.map((a) => a.verdict)));
    expect([...verdicts].sort()).toEqual(['ACCEPT', 'UNKNOWN']);
    const loopback = v4.rows.find((r) => r.cidrs.includes('127.0.0.0/8'))!;
    expect(loopback.answers[0]!.verdict).toBe('ACCEPT');
    const gmail = v4.rows.find((r) => r.cidrs.some((c) => c.startsWith('176.0.0.0')))!;
    expect(gmail.answers[0]!.verdict).toBe('UNKNOWN');
    expect(gmail.answers[0]!.unknownBecause).toMatchObject({ chain: 'OUTPUT', rule: 9, command: 'iptables -L LOCALOUTPUT -n -v --line-numbers' });
  });
});
