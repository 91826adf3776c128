// Parsers never throw on user text: random mixtures of iptables vocabulary and noise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleCommands, parseRuleCommandsByFamily } from '../../../src/firewall/parse/commands.js';
import { detectFirewallFormat } from '../../../src/firewall/parse/detect.js';
import { parseSave } from '../../../src/firewall/parse/save.js';

const VOCABULARY = [
  'iptables', 'ip6tables', '$IPT', 'sudo', '-A', '-I', '-D', '-N', '-X', '-F', '-P', '-t', 'nat', 'OUTPUT', 'INPUT', '1', '99',
  '-p', 'tcp', '!', '-s', '-d', '192.0.2.1,192.0.2.2', '2001:db8::1', '-m', 'owner', '--uid-owner', 'multiport', '--dports',
  '25,587', '--dport', '-j', 'ACCEPT', 'DNAT', '--to-destination', '[::1]:25', '-g', '"', "'", '\\', '#', ';', '&&', '|', '`',
  '$(', '{{', '}}', '*filter', ':OUTPUT', 'DROP', '[1:2]', 'COMMIT', '-c', '--comment', '"x y"', '=', '\t',
];

const line = fc.array(fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 6 })), { maxLength: 14 }).map((w) => w.join(' '));
const text = fc.array(line, { maxLength: 12 }).map((l) => l.join('\n'));

describe('parsers on arbitrary text', () => {
  it('never throw and always name the line of a diagnostic', () => {
    fc.assert(fc.property(text, (t) => {
      const rulesets = [parseSave(t, { origin: 'fuzz' }), parseRuleCommands(t, { origin: 'fuzz' }), ...Object.values(parseRuleCommandsByFamily(t, { origin: 'fuzz' }))];
      expect(['listing', 'save', 'rules', 'script']).toContain(detectFirewallFormat(t));
      for (const r of rulesets) {
        for (const d of r.diagnostics) if (d.loc) expect(d.loc.line).toBeGreaterThanOrEqual(1);
        expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
        for (const table of r.tables) for (const chain of table.chains) chain.rules.forEach((rule, i) => expect(rule.position).toBe(i + 1));
      }
    }), { numRuns: 1000 });
  });
});
