// Real captures (iptables-listing.md listing-samples): the same kernel ruleset dumped by
// iptables-save and by iptables -S must parse to the same chains, rules, matches and targets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Family, Ruleset } from '../../../src/firewall/model.js';
import { parseRuleCommands } from '../../../src/firewall/parse/commands.js';
import { parseSave } from '../../../src/firewall/parse/save.js';
import { diagnosticMessage } from '../../../src/report/diagnostic-text.js';

const SAMPLES = '/work/shared/reference/listing-samples';
const available = existsSync(SAMPLES);
if (!available) console.warn(`skipping sample tests: ${SAMPLES} not found`);

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The command a capture came from, as COMMANDS.txt records it (`S_t-nat.txt: ip6tables-nft -t nat -S (rc=0)`). */
function commandOf(dir: string, file: string): string {
  const line = read(join(dir, 'COMMANDS.txt')).split('\n').find((l) => l.startsWith(`${file}:`)) ?? '';
  return line.slice(file.length + 1).replace(/\(rc=\d+\)/, '').replace(/^\s*\[[^\]]*\]\s*ip netns exec\s*/, '').trim();
}

/** What a user compares: chains, policies and each rule's matches and target, in order. */
function shape(r: Ruleset, only?: string) {
  return r.tables.filter((t) => !only || t.name === only).map((t) => ({
    table: t.name,
    chains: t.chains.map((c) => ({
      name: c.name, builtin: c.builtin, policy: c.policy, bodyKnown: c.bodyKnown,
      rules: c.rules.map((rule) => ({ position: rule.position, matches: rule.matches, target: rule.target })),
    })),
  }));
}

function problems(r: Ruleset): string[] {
  return r.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.loc?.line}: ${diagnosticMessage(d)}`);
}

function familyOf(variant: string): Family {
  return variant.startsWith('ip6') ? 6 : 4;
}

/** `-S` output as pasted under the command that printed it. */
function parseS(dir: string, file: string): Ruleset {
  return parseRuleCommands(`$ ${commandOf(dir, file)}\n${read(join(dir, file))}`, { origin: file });
}

const variants = (sub: string): string[] => (available ? readdirSync(join(SAMPLES, sub)) : []);

describe.skipIf(!available)('iptables-save and -S captures of the same ruleset agree', () => {
  for (const variant of variants('server')) {
    const dir = join(SAMPLES, 'server', variant);
    it(`server/${variant}: save -c and -S, save and -S -v`, () => {
      const save = parseSave(read(join(dir, 'save-c.txt')), { origin: 'save-c.txt' });
      const plain = parseSave(read(join(dir, 'save.txt')), { origin: 'save.txt' });
      const rules = parseS(dir, 'S.txt');
      const rulesV = parseS(dir, 'S-v.txt');
      for (const r of [save, plain, rules, rulesV]) {
        expect(problems(r)).toEqual([]);
        expect(r.family).toBe(familyOf(variant));
      }
      expect(save.tool).toMatch(/^ip6?tables(-nft)?-save v1\.8\.9$/);
      expect(rules.format).toBe('rules');
      expect(shape(rules)).toEqual(shape(save, 'filter'));
      expect(shape(rulesV)).toEqual(shape(plain, 'filter'));
      const withCounters = save.tables[0]!.chains.flatMap((c) => c.rules).filter((r) => r.counters);
      expect(withCounters.length).toBe(save.tables[0]!.chains.reduce((n, c) => n + c.rules.length, 0));
      expect(rulesV.tables[0]!.chains.find((c) => c.name === 'INPUT')!.policyCounters).toMatchObject({ packets: 1234567, bytes: 987654321, approx: false });
      expect(save.tables[0]!.chains.find((c) => c.name === 'INPUT')!.policyCounters).toMatchObject({ packets: 1234567, bytes: 987654321, approx: false });
    });
    it(`server/${variant}: -S INPUT 4 is the 4th INPUT rule`, () => {
      const one = parseS(dir, 'S-INPUT-4.txt');
      const save = parseSave(read(join(dir, 'save.txt')), { origin: 'save.txt' });
      const input = one.tables[0]!.chains.find((c) => c.name === 'INPUT')!;
      expect(input.rules).toHaveLength(1);
      expect(input.rules[0]!.matches).toEqual(save.tables[0]!.chains.find((c) => c.name === 'INPUT')!.rules[3]!.matches);
    });
  }
  for (const variant of variants('extensions')) {
    const dir = join(SAMPLES, 'extensions', variant);
    const tables = readdirSync(dir).map((f) => /^save-c_t-(\w+)\.txt$/.exec(f)?.[1]).filter((t): t is string => !!t);
    for (const table of tables) {
      it(`extensions/${variant} ${table}: save -c equals -S`, () => {
        const save = parseSave(read(join(dir, `save-c_t-${table}.txt`)), { origin: 'save-c' });
        const rules = parseS(dir, `S_t-${table}.txt`);
        const rulesV = parseS(dir, `S-v_t-${table}.txt`);
        expect(problems(save)).toEqual([]);
        expect(problems(rules)).toEqual([]);
        expect(save.tables.map((t) => t.name)).toEqual([table]);
        expect(rules.tables.map((t) => t.name)).toEqual([table]);
        expect(shape(rules)).toEqual(shape(save));
        expect(shape(rulesV)).toEqual(shape(save));
        expect(rules.family).toBe(familyOf(variant));
      });
    }
  }
  for (const version of variants('other-versions')) {
    const dir = join(SAMPLES, 'other-versions', version);
    for (const fam of ['v4', 'v6']) {
      it(`other-versions/${version} server ${fam}: save equals -S`, () => {
        const save = parseSave(read(join(dir, `server-${fam}-save.txt`)), { origin: 'save' });
        const rules = parseS(dir, `server-${fam}-S.txt`);
        expect(problems(save)).toEqual([]);
        expect(problems(rules)).toEqual([]);
        expect(shape(rules)).toEqual(shape(save, 'filter'));
      });
    }
  }
});

describe.skipIf(!available)('the input rulesets (iptables-restore text with [p:b] counters)', () => {
  for (const file of variants('rulesets')) {
    it(`${file} parses without problems and matches what the kernel saved back`, () => {
      const r = parseSave(read(join(SAMPLES, 'rulesets', file)), { origin: file });
      expect(problems(r)).toEqual([]);
      expect(r.tables.length).toBeGreaterThan(0);
      const captured = { 'server4.rules': 'server/iptables-legacy/save-c.txt', 'server6.rules': 'server/ip6tables-legacy/save-c.txt' }[file];
      if (!captured) return;
      const saved = parseSave(read(join(SAMPLES, captured)), { origin: captured });
      const count = (x: Ruleset) => x.tables.map((t) => t.chains.map((c) => `${t.name}/${c.name}:${c.rules.length}`));
      expect(count(r)).toEqual(count(saved));
    });
  }
});
