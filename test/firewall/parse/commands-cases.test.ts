// The real cases (/work/shared/cases) that hold scripts, -S output or save text: each parses
// without throwing, and gives what a reader of the thread would check.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseRuleCommands, parseRuleCommandsByFamily } from '../../../src/firewall/parse/commands.js';
import { detectFirewallFormat } from '../../../src/firewall/parse/detect.js';
import { parseSave } from '../../../src/firewall/parse/save.js';
import { caseBody, SHARED } from './shared-files.js';

const CASES = `${SHARED}/cases`;
const available = existsSync(CASES);
if (!available) console.warn(`skipping case tests: ${CASES} not found`);

function caseText(prefix: string): string {
  const file = readdirSync(CASES).find((f) => f.startsWith(`${prefix}-`))!;
  return caseBody(join(CASES, file));
}

function rules(r: Ruleset, table: string, chain: string) {
  return r.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules ?? [];
}

function codes(r: Ruleset): string[] {
  return r.diagnostics.map((d) => d.code);
}

describe.skipIf(!available)('real cases', () => {
  it('every case that is not a listing parses without throwing', () => {
    for (const file of readdirSync(CASES).filter((f) => /^\d\d-/.test(f))) {
      const text = caseBody(join(CASES, file));
      const format = detectFirewallFormat(text);
      if (format === 'listing') continue;
      const r = format === 'save' ? parseSave(text, { origin: file }) : parseRuleCommands(text, { origin: file });
      expect(r.format).toBe(format);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
  });
  it('05: REDIRECT of 587 to 25 in nat OUTPUT (--to-port abbreviation)', () => {
    const r = parseRuleCommands(caseText('05'), { origin: '05' });
    expect(rules(r, 'nat', 'OUTPUT')[0]!.target).toMatchObject({ kind: 'nat', action: 'REDIRECT', toPorts: { from: 25, to: 25 } });
    expect(rules(r, 'nat', 'OUTPUT')[0]!.matches).toContainEqual({ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 587, to: 587 }] });
  });
  it('06: the DEST_IP placeholder stays unknown', () => {
    const r = parseRuleCommands(caseText('06'), { origin: '06' });
    expect(rules(r, 'nat', 'PREROUTING')[0]!.matches).toContainEqual({ kind: 'unknown', text: '-d DEST_IP' });
    expect(rules(r, 'nat', 'OUTPUT')[0]!.target).toMatchObject({ action: 'DNAT', toPorts: { from: 2525, to: 2525 } });
  });
  it('07: the IPv6 DNAT typed with iptables in the filter table is flagged, the ip6tables one is IPv6', () => {
    const both = parseRuleCommandsByFamily(caseText('07'), { origin: '07' });
    expect(codes(both.v4!)).toEqual(expect.arrayContaining(['family-mismatch', 'target-wrong-table']));
    expect(rules(both.v4!, 'filter', 'OUTPUT')[0]!.target).toMatchObject({ kind: 'unknown', name: 'DNAT' });
    expect(both.v6!.family).toBe(6);
    expect(rules(both.v6!, 'nat', 'PREROUTING')[0]!.target).toMatchObject({ action: 'DNAT', toAddress: { family: 6 } });
  });
  it('08: a templated save file keeps its rules with unknown template values', () => {
    const r = parseSave(caseText('08'), { origin: '08' });
    const output = rules(r, 'filter', 'OUTPUT');
    const relay = output.find((x) => x.matches.some((m) => m.kind === 'comment' && m.text === 'Allow ossec email alerts out'))!;
    expect(relay.matches).toContainEqual({ kind: 'unknown', module: 'owner', text: '--uid-owner "{{ postfix_user_id }}"' });
    expect(relay.target).toEqual({ kind: 'accept' });
    expect(codes(r)).toEqual(expect.arrayContaining(['duplicate-table', 'unresolved-value', 'ignored-line']));
  });
  it('14: a save dump with a gap keeps what is left and says it is cut', () => {
    const r = parseSave(caseText('14'), { origin: '14' });
    expect(r.tool).toBe('iptables-save v1.6.1');
    expect(codes(r)).toEqual(expect.arrayContaining(['chain-not-declared', 'missing-commit']));
  });
  it('24: the owner name postfix is kept as a name, REJECT follows', () => {
    const r = parseRuleCommands(caseText('24'), { origin: '24' });
    const out = rules(r, 'filter', 'OUTPUT');
    expect(out[0]!.matches).toContainEqual({ kind: 'owner', uid: { negated: false, range: { from: -1, to: -1 }, name: 'postfix' } });
    expect(out[1]!.target).toEqual({ kind: 'reject', with: 'icmp-port-unreachable' });
  });
  it('26: two -I leave ACCEPT above DROP', () => {
    const r = parseRuleCommands(caseText('26'), { origin: '26' });
    expect(rules(r, 'filter', 'FORWARD').map((x) => x.target.kind)).toEqual(['accept', 'drop']);
  });
  it('27: -A then -D of the same rule leaves nothing; the ip6tables commands are counted', () => {
    const r = parseRuleCommands(caseText('27'), { origin: '27' });
    expect(rules(r, 'filter', 'OUTPUT')).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'other-family-ignored')!.args).toEqual({ commands: 2, tool: 'ip6tables (IPv6)' });
    expect(parseRuleCommands(caseText('27'), { origin: '27', family: 6 }).family).toBe(6);
  });
  it('28: stripped addresses (-d --dport) are reported and stay unknown', () => {
    const r = parseRuleCommands(caseText('28'), { origin: '28' });
    expect(codes(r)).toContain('missing-value');
    expect(rules(r, 'filter', 'OUTPUT')[1]!.matches.some((m) => m.kind === 'unknown')).toBe(true);
  });
  it('04: -S under a `sudo iptables -S` line', () => {
    const r = parseRuleCommands(caseText('04'), { origin: '04' });
    expect(r.format).toBe('rules');
    expect(r.tool).toBe('iptables');
    expect(r.tables[0]!.chains.find((c) => c.name === 'INPUT')!.policy).toBe('DROP');
  });
  it('21: a ufw-only script gives an empty ruleset with every ufw line named', () => {
    const r = parseRuleCommands(caseText('21'), { origin: '21' });
    expect(r.tables).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'ignored-line' && d.args.context === 'script' && /ufw/.test(d.args.program)).length).toBeGreaterThan(20);
  });
});
