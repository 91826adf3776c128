// renderEgressJson writes the map row by row (renderEgressJsonChunks): joined, the pieces must be
// exactly JSON.stringify(toEgressJson(report), null, 2) — both families, several principals,
// rule text, an UNKNOWN row, a family without rows — with and without --cidrs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEgressReport, SMTP_PORTS } from '../../src/analyses/egress/egress.js';
import type { CollectedInputs, InputSection } from '../../src/input/collected.js';
import { renderEgressJson, renderEgressJsonChunks, toEgressJson } from '../../src/report/egress-json.js';

const section = (kind: InputSection['kind'], path: string): InputSection => ({ kind, origin: path, firstLine: 1, text: readFileSync(path, 'utf8'), detectedBy: 'declared by a test' });

const reports = {
  'nft, both families': buildEgressReport({ sections: [section('nft-ruleset', 'fixtures/nft-ipv6-leak/ruleset.nft')], problems: [], mode: 'files' } satisfies CollectedInputs, { ports: SMTP_PORTS }),
  'owner rules, three principals': buildEgressReport({ sections: [section('iptables-save', 'fixtures/owner-allows-mta/iptables.save')], problems: [], mode: 'files' } satisfies CollectedInputs, { ports: SMTP_PORTS, compare: true }),
};

describe('egress JSON written row by row', () => {
  for (const [name, report] of Object.entries(reports)) {
    for (const cidrs of [false, true]) {
      it(`${name}${cidrs ? ', --cidrs' : ''}: the same bytes as one JSON.stringify`, () => {
        expect(report.families.length).toBeGreaterThan(0);
        const whole = `${JSON.stringify(toEgressJson(report, { cidrs }), null, 2)}\n`;
        expect(renderEgressJson(report, { cidrs })).toBe(whole);
        expect([...renderEgressJsonChunks(report, { cidrs })].every((c) => c instanceof Uint8Array)).toBe(true);
      });
    }
  }

  it('a map of megabytes comes in several pieces, UTF-8 text (a comment not in ASCII) intact', () => {
    // 3,000 /128 drops, every tenth with a comment: 9,001 rows, several MiB of JSON
    const hosts = Array.from({ length: 3000 }, (_, i) => `2001:db8:${((i * 7919) % 65536).toString(16)}::${(i + 1).toString(16)}`);
    const text = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...hosts.map((h, i) => `-A OUTPUT -d ${h}/128 -p tcp -m tcp --dport 25${i % 10 === 0 ? ' -m comment --comment "blocké «spam» 🚫"' : ''} -j DROP`), 'COMMIT', ''].join('\n');
    const report = buildEgressReport({ sections: [{ kind: 'iptables-save', family: 6, origin: 'big.save', firstLine: 1, text, detectedBy: 'declared by a test' }], problems: [], mode: 'files' } satisfies CollectedInputs, { ports: SMTP_PORTS });
    expect(report.families[0]!.rows.length).toBe(9001);
    const chunks = [...renderEgressJsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(2);
    const whole = `${JSON.stringify(toEgressJson(report), null, 2)}\n`;
    expect(Buffer.concat(chunks).toString('utf8')).toBe(whole);
    expect(whole).toContain('blocké «spam» 🚫');
  });

  it('a family without rows keeps its empty array', () => {
    const report = reports['nft, both families'];
    const empty = { ...report, families: report.families.map((f, i) => (i === 0 ? { ...f, rows: [] } : f)) };
    expect(renderEgressJson(empty)).toBe(`${JSON.stringify(toEgressJson(empty), null, 2)}\n`);
  });
});
