// egress with nft rulesets: native tables alone, and beside iptables rules of the same family
// (a drop in either base chain is final).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildEgressReport, SMTP_PORTS } from '../../../src/analyses/egress/egress.js';
import type { CollectedInputs, InputSection } from '../../../src/input/collected.js';

const LEAK = readFileSync('fixtures/nft-ipv6-leak/ruleset.nft', 'utf8');
const nft: InputSection = { kind: 'nft-ruleset', origin: 'ruleset.nft', firstLine: 1, text: LEAK, detectedBy: 'declared by --nft' };

function verdictsAt(report: ReturnType<typeof buildEgressReport>, family: 4 | 6): string[] {
  return report.families.find((f) => f.family === family)!.rows.map((r) => r.answers[0]!.verdict);
}

it('an inet table filters both families: IPv4 only to the relay, IPv6 everywhere (the ip daddr rule never matches it)', () => {
  const report = buildEgressReport({ sections: [nft], problems: [], mode: 'files' } satisfies CollectedInputs, { ports: SMTP_PORTS });
  expect(report.missing).toEqual([]);
  const v4 = report.families.find((f) => f.family === 4)!;
  // the policy accepts one range only: the relay (127.0.0.0/8 is accepted by `oifname "lo" accept`)
  const byPolicy = v4.rows.filter((r) => r.answers[0]!.verdict === 'ACCEPT' && r.answers[0]!.decidedBy !== null && 'policy' in r.answers[0]!.decidedBy);
  expect(byPolicy).toHaveLength(1);
  expect(byPolicy[0]!.answers[0]!.decidedBy).toMatchObject({ table: 'inet filter', chain: 'output' });
  expect(verdictsAt(report, 4)).toContain('DROP');
  expect(verdictsAt(report, 6).every((v) => v === 'ACCEPT')).toBe(true);
});

it('an iptables DROP of IPv6 SMTP beside the accepting inet table: nothing gets out over IPv6', () => {
  const save = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m multiport --dports 25,465,587 -j DROP\nCOMMIT\n';
  const v6: InputSection = { kind: 'iptables-save', family: 6, origin: 'v6.save', firstLine: 1, text: save, detectedBy: 'test' };
  const report = buildEgressReport({ sections: [nft, v6], problems: [], mode: 'files' }, { ports: SMTP_PORTS });
  // ::1 leaves by lo, accepted by the inet table's first rule and dropped by iptables all the same
  expect(verdictsAt(report, 6).every((v) => v === 'DROP')).toBe(true);
});

it('JSON and text name both when native tables sit beside iptables rules', async () => {
  const { toEgressJson } = await import('../../../src/report/egress-json.js');
  const save = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
  const v4: InputSection = { kind: 'iptables-save', family: 4, origin: 'v4.save', firstLine: 1, text: save, detectedBy: 'test' };
  const report = buildEgressReport({ sections: [v4, nft], problems: [], mode: 'files' }, { ports: SMTP_PORTS });
  const v4Family = report.families.find((f) => f.family === 4)!;
  expect(v4Family.native?.format).toBe('nft');
  const json = toEgressJson(report) as { families: { rows: { answers: { decidedBy: { table: string; text: string | null } | null }[] }[] }[] };
  const drop = json.families[0]!.rows.map((r) => r.answers[0]!.decidedBy).find((d) => d?.table === 'inet filter' && d.text !== null);
  expect(drop?.text).toContain('ip daddr != 192.0.2.25');
});
