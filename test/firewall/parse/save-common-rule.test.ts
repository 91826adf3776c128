// The save parser reads the common rule shapes of deny lists directly (save-common-rule.ts). Whenever
// it takes a line, the rule must be exactly the one the general path builds from the same line
// (parseInvocation + parseRuleSpec, as applyCommand uses them), with no diagnostic lost; and the
// deny-list lines users have must actually take it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/firewall/model.js';
import { parseInvocation } from '../../../src/firewall/parse/commands-argv.js';
import { parseRuleSpec } from '../../../src/firewall/parse/rule-spec.js';
import { parseSave, splitRestoreLine } from '../../../src/firewall/parse/save.js';
import { readCommonRule } from '../../../src/firewall/parse/save-common-rule.js';

function general(line: string, family: Family | undefined): unknown {
  const loc = { origin: 't', line: 1, text: line };
  const inv = parseInvocation(splitRestoreLine(line).words, loc);
  if (inv.command?.op !== 'append' || inv.diagnostics.length) return 'not a plain append';
  const parsed = parseRuleSpec(inv.spec, { loc, ...(family ? { family } : {}) });
  if (parsed.diagnostics.length || parsed.variants.length !== 1 || parsed.counters || parsed.target.kind === 'nat') return 'general path reports something';
  return { chain: inv.command.chain, matches: parsed.variants[0], target: parsed.target, ...(parsed.familyHint ? { familyHint: parsed.familyHint } : {}) };
}

const address = fc.constantFrom('192.0.2.1', '192.0.2.1/32', '198.51.100.7/24', '203.0.113.0/255.255.255.0', '0.0.0.0/0', '0/0', '2001:db8::1/128', '2001:db8::/32', '192.0.2.300', 'mail.example', '192.0.2.1,192.0.2.2', '192.0.2.1/33', '-1');
const value = fc.constantFrom('eth0', 'lo', 'tcp', 'udp', 'icmp', '6', 'comment', 'multiport', '25', '0', '65535', '65536', 'smtp', '1024:65535', '007', '"quoted"', '!', '--x');
const comment = fc.constantFrom('"Blocked by csf.deny entry 1 (lfd: 5 failed SMTP AUTH logins) - Mon Dec  7 20:00:00 2026"', '""', 'plain', '"-dash"', '-dash', '"a"b', '"\\"', '"unterminated', '"{{x}}"', '"é"', '!');
const target = fc.constantFrom('DROP', 'ACCEPT', 'RETURN', 'REJECT', 'LOG', 'MASQUERADE', 'DNAT', 'LOCALOUTPUT', 'DENYOUT', 'NOTRACK', '"DROP"', '-x');
const chain = fc.constantFrom('DENYOUT', 'OUTPUT', 'f2b-sshd', '"DENYOUT"', '-x', '!');
const option = fc.constantFrom('-s', '-d', '-i', '-o', '-p', '-m', '--sport', '--dport', '--dports', '!', '-j', '-g', '-c', '-A');
const word = fc.oneof(
  fc.tuple(fc.constantFrom('-s', '-d'), address).map(([o, a]) => `${o} ${a}`),
  fc.tuple(option, value).map(([o, v]) => `${o} ${v}`),
  fc.constantFrom('-p tcp', '-p udp', '-m tcp', '-m udp', '--dport 25', '--sport 53', '-i eth0', '-o lo', '!'),
  comment.map((c) => `-m comment --comment ${c}`),
);
/** Lines in the order iptables-save prints options, with now and then a piece out of place. */
const line = fc.tuple(chain, fc.array(word, { maxLength: 7 }), target, fc.constantFrom(' ', '  ', '\t'), fc.boolean()).map(([c, words, t, sep, jump]) =>
  ['-A', c, ...words, ...(jump ? ['-j', t] : [t])].join(sep));
const shaped = fc.tuple(
  fc.option(address.map((a) => `-s ${a}`)), fc.option(address.map((a) => `-d ${a}`)), fc.option(fc.constantFrom('-i eth0', '-o lo')),
  fc.option(fc.constantFrom('-p tcp', '-p udp', '-p tcp -m tcp', '-p udp -m udp')), fc.option(fc.constantFrom('--sport 53', '--dport 25', '--dport 0', '--dport 65536')),
  fc.option(comment.map((c) => `-m comment --comment ${c}`)), target,
).map(([s, d, i, p, port, c, t]) => ['-A DENYOUT', s, d, i, p, p ? port : null, c, `-j ${t}`].filter((x) => x !== null).join(' '));

describe('common save rule shapes', () => {
  it('reads a CSF deny rule into the model the general path builds', () => {
    const text = '-A DENYOUT -d 192.0.2.1/32 -m comment --comment "Blocked by csf.deny entry 1 (lfd)" -j DROP';
    const rule = readCommonRule(text, undefined);
    expect(rule).toEqual({
      chain: 'DENYOUT',
      matches: [
        { kind: 'address', dir: 'dst', negated: false, address: { type: 'cidr', family: 4, network: '192.0.2.1', prefix: 32 } },
        { kind: 'comment', text: 'Blocked by csf.deny entry 1 (lfd)' },
      ],
      target: { kind: 'drop' },
      familyHint: 4,
    });
    expect(rule).toEqual(general(text, undefined));
  });

  it('reads the port and protocol shapes too, and leaves others to the general path', () => {
    expect(readCommonRule('-A OUTPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 25 -j REJECT', 4)).toEqual(general('-A OUTPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 25 -j REJECT', 4));
    expect(readCommonRule('-A OUTPUT -p tcp --dport 25 -j REJECT', undefined)?.matches).toHaveLength(2);
    expect(readCommonRule('-A OUTPUT ! -d 192.0.2.1/32 -j DROP', undefined)).toBeUndefined();
    expect(readCommonRule('-A OUTPUT -d 192.0.2.1/32 -j DROP', 6)).toBeUndefined();
    expect(readCommonRule('-A OUTPUT -p tcp -m multiport --dports 25,465 -j DROP', undefined)).toBeUndefined();
  });

  for (const [name, lines] of [['random lines', line], ['lines of the common shapes', shaped]] as const) {
    it(`takes a line only when the general path builds the same rule (${name})`, () => {
      let taken = 0;
      fc.assert(fc.property(lines, fc.constantFrom<Family | undefined>(undefined, 4, 6), (text, family) => {
        const rule = readCommonRule(text, family);
        if (rule) { taken++; expect(rule).toEqual(general(text, family)); }
      }), { numRuns: 4000 });
      // both generators mostly make lines the fast reader must refuse (bad values, another family)
      expect(taken).toBeGreaterThan(name === 'random lines' ? 20 : 150);
    });
  }

  it('parses a save file to the same ruleset whichever path reads its lines', () => {
    fc.assert(fc.property(fc.array(shaped, { maxLength: 20 }), (rules) => {
      const body = (rs: string[]): string => `*filter\n:OUTPUT ACCEPT [0:0]\n:DENYOUT - [0:0]\n${rs.join('\n')}\nCOMMIT\n`;
      // a leading blank is no part of the shapes' words for the fast reader (it sees trimmed lines
      // only); counters in front force the general path, with the counters then removed
      const fast = parseSave(body(rules), { origin: 't' });
      const slow = parseSave(body(rules.map((r) => `[0:0] ${r}`)), { origin: 't' });
      const strip = (rs: typeof fast): unknown => JSON.parse(JSON.stringify(rs, (k, v) => (k === 'counters' || k === 'column' ? undefined : k === 'text' && typeof v === 'string' && v.startsWith('[0:0] ') ? v.slice(6) : typeof v === 'bigint' ? String(v) : v)));
      expect(strip(fast)).toEqual(strip(slow));
    }), { numRuns: 300 });
  });
});
