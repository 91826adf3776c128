// Long options as iptables' getopt_long reads them: any unambiguous prefix, of iptables' own
// options or of a loaded match or target (checked against the real tool in
// test/kernel/prefixes.test.ts). An ambiguous prefix makes iptables refuse the rule.
import { describe, expect, it } from 'vitest';
import type { Match, Rule, Ruleset } from '../../../src/firewall/model.js';
import { parseRuleCommands } from '../../../src/firewall/parse/commands.js';
import { resolveLongOption } from '../../../src/firewall/parse/getopt.js';

function rules(text: string, table = 'filter'): Rule[] {
  const r = parseRuleCommands(text, { origin: 'fw.sh' });
  return r.tables.find((t) => t.name === table)?.chains.find((c) => c.name === 'OUTPUT')?.rules ?? [];
}

function only(text: string, table = 'filter'): { matches: Match[]; rule: Rule; ruleset: Ruleset } {
  const ruleset = parseRuleCommands(text, { origin: 'fw.sh' });
  const rule = ruleset.tables.find((t) => t.name === table)!.chains.find((c) => c.name === 'OUTPUT')!.rules[0]!;
  return { matches: rule.matches, rule, ruleset };
}

describe('getopt_long over iptables option tables', () => {
  const tables = [{ owner: 'main', names: ['destination', 'dst', 'delete'] }, { owner: 'multiport', names: ['dports', 'destination-ports', 'ports'] }];
  it('an exact name wins, in the first table that has it', () => {
    expect(resolveLongOption('dst', tables)).toEqual({ kind: 'found', owner: 'main', option: 'dst', exact: true });
  });
  it('a prefix of one option (or of two synonyms) is that option', () => {
    expect(resolveLongOption('dport', tables)).toMatchObject({ kind: 'found', owner: 'multiport', option: 'dports', exact: false });
    expect(resolveLongOption('po', tables)).toMatchObject({ kind: 'found', option: 'ports' });
    expect(resolveLongOption('s', [{ owner: 'main', names: ['source', 'src'] }])).toMatchObject({ kind: 'found', option: 'source' });
  });
  it('a prefix of several options is ambiguous, across tables too', () => {
    expect(resolveLongOption('dest', tables)).toMatchObject({ kind: 'ambiguous', candidates: [{ owner: 'main', option: 'destination' }, { owner: 'multiport', option: 'destination-ports' }] });
    expect(resolveLongOption('de', tables).kind).toBe('ambiguous');
    expect(resolveLongOption('x', tables).kind).toBe('none');
  });
});

describe('option prefixes in scripts', () => {
  it('-m multiport --dport 25,465,587 is --dports, not the tcp match of -p tcp', () => {
    const { matches, ruleset } = only('iptables -A OUTPUT -p tcp -m multiport --dport 25,465,587 -j REJECT\n');
    expect(matches).toContainEqual({ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }, { from: 465, to: 465 }, { from: 587, to: 587 }] });
    expect(ruleset.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
  it('--destination-port and --sport with multiport, --dst, --src, --proto, --out', () => {
    const { matches } = only('iptables -A OUTPUT --src 198.51.100.1 --dst 192.0.2.1 --proto tcp --out eth0 -m multiport --destination-port 25,465 --sport 1:1023 -j ACCEPT\n');
    expect(matches).toEqual([
      { kind: 'address', dir: 'src', negated: false, address: { type: 'cidr', family: 4, network: '198.51.100.1', prefix: 32 } },
      { kind: 'address', dir: 'dst', negated: false, address: { type: 'cidr', family: 4, network: '192.0.2.1', prefix: 32 } },
      { kind: 'protocol', negated: false, protocol: 6, text: 'tcp' },
      { kind: 'interface', dir: 'out', negated: false, name: 'eth0' },
      { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }, { from: 465, to: 465 }] },
      { kind: 'port', dir: 'src', negated: false, ranges: [{ from: 1, to: 1023 }] },
    ]);
  });
  it('an exact name of an older match wins over a prefix of a newer one', () => {
    const { matches } = only('iptables -A OUTPUT -p tcp -m tcp -m multiport --dport 25 -j REJECT\n');
    expect(matches.filter((m) => m.kind === 'port')).toEqual([{ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }] }]);
  });
  it('the protocol\'s match is loaded only when no loaded match knows the name: --dpo is tcp --dport', () => {
    expect(only('iptables -A OUTPUT -p tcp --dpo 25 -j DROP\n').matches).toContainEqual({ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }] });
  });
  it('target options: --to of DNAT and REDIRECT, --reject of REJECT, --to-p and --ra', () => {
    const nat = rules([
      'iptables -t nat -A OUTPUT -p tcp --dport 25 -j DNAT --to 192.0.2.9:2525',
      'iptables -t nat -A OUTPUT -p tcp --dport 26 -j REDIRECT --to 2525',
      'iptables -t nat -A OUTPUT -p tcp --dport 27 -j REDIRECT --to-p 2526 --ra',
    ].join('\n'), 'nat');
    expect(nat.map((r) => r.target)).toEqual([
      { kind: 'nat', action: 'DNAT', toAddress: { type: 'cidr', family: 4, network: '192.0.2.9', prefix: 32 }, toPorts: { from: 2525, to: 2525 }, text: '--to-destination 192.0.2.9:2525' },
      { kind: 'nat', action: 'REDIRECT', toPorts: { from: 2525, to: 2525 }, text: '--to-ports 2525' },
      { kind: 'nat', action: 'REDIRECT', toPorts: { from: 2526, to: 2526 }, text: '--to-ports 2526 --random' },
    ]);
    expect(only('iptables -A OUTPUT -p tcp --dport 25 -j REJECT --reject tcp-reset\n').rule.target).toEqual({ kind: 'reject', with: 'tcp-reset' });
  });
  it('module options by prefix: --uid (owner), --st (state), --dst=ADDR', () => {
    const { matches } = only('iptables -A OUTPUT --dst=192.0.2.7 -m owner --uid 1000 -m state --st NEW -j ACCEPT\n');
    expect(matches.map((m) => m.kind)).toEqual(['address', 'owner', 'state']);
  });
  it('commands and the table by prefix: --app, --ins, --ta nat', () => {
    const r = parseRuleCommands('iptables --ta nat --app OUTPUT -p tcp --dport 25 -j REDIRECT --to 2525\niptables --ins OUTPUT -p tcp --dport 26 -j DROP\n', { origin: 'fw.sh' });
    expect(r.tables.find((t) => t.name === 'nat')!.chains.find((c) => c.name === 'OUTPUT')!.rules).toHaveLength(1);
    expect(r.tables.find((t) => t.name === 'filter')!.chains.find((c) => c.name === 'OUTPUT')!.rules).toHaveLength(1);
  });
  it('a match whose options we do not know keeps its own names (-m recent --set is not --set-counters)', () => {
    const { matches, ruleset } = only('iptables -A OUTPUT -p tcp -m recent --set --name SMTP -j ACCEPT\n');
    expect(matches.map((m) => m.kind)).toEqual(['protocol', 'stateful']);
    expect(ruleset.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
  it('an ambiguous prefix is refused by iptables: a diagnostic with the candidates, and the rule stays maybe', () => {
    const { matches, ruleset } = only('iptables -A OUTPUT -p tcp -m multiport --dest 192.0.2.1 --dports 25 -j REJECT\n');
    expect(matches).toContainEqual({ kind: 'unknown', text: '--dest 192.0.2.1' });
    const d = ruleset.diagnostics.find((x) => x.code === 'ambiguous-option');
    expect(d).toMatchObject({ severity: 'warning', loc: { line: 1, column: 40 } });
    expect(d && d.code === 'ambiguous-option' ? d.args.candidates : []).toEqual(['--destination', '--destination-ports (multiport)']);
    for (const text of ['iptables -A OUTPUT -p tcp --dport 30 --in eth0 -j ACCEPT', 'iptables -A OUTPUT -m conntrack --ctst NEW -j ACCEPT', 'iptables -A OUTPUT -p tcp --d 25 -j DROP']) {
      expect(parseRuleCommands(text, { origin: 't' }).diagnostics.map((x) => x.code), text).toContain('ambiguous-option');
    }
  });
  it('ip6tables has no --fragment', () => {
    const r = parseRuleCommands('ip6tables -A OUTPUT --fragment -j DROP\n', { origin: 't' });
    expect(r.diagnostics.map((d) => d.code)).toContain('unknown-option');
    expect(only('iptables -A OUTPUT --fragment -j DROP\n').matches).toEqual([{ kind: 'fragment', negated: false }]);
  });
});
