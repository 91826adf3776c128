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
        expect([...renderEgressJsonChunks(report, { cidrs })].length).toBeGreaterThan(1);
      });
    }
  }

  it('a family without rows keeps its empty array', () => {
    const report = reports['nft, both families'];
    const empty = { ...report, families: report.families.map((f, i) => (i === 0 ? { ...f, rows: [] } : f)) };
    expect(renderEgressJson(empty)).toBe(`${JSON.stringify(toEgressJson(empty), null, 2)}\n`);
  });
});
