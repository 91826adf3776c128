// Firewall scripts as admins write them: variables holding the tools, functions wrapping both
// families, init scripts with start/stop branches. Read without running anything.
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseRuleCommands, parseRuleCommandsByFamily } from '../../../src/firewall/parse/commands.js';
import { splitShellWords } from '../../../src/firewall/parse/shell-words.js';

function output(r: Ruleset | undefined): { policy?: string; rules: string[] } {
  const chain = r?.tables.find((t) => t.name === 'filter')?.chains.find((c) => c.name === 'OUTPUT');
  return {
    ...(chain?.policy ? { policy: chain.policy } : {}),
    rules: (chain?.rules ?? []).map((rule) => {
      const port = rule.matches.find((m) => m.kind === 'port');
      return `${rule.loc?.line}:${port?.kind === 'port' ? port.ranges.map((p) => p.from).join(',') : '*'}>${rule.target.kind}`;
    }),
  };
}

const INIT_SCRIPT = [
  '#!/bin/bash', //                                              1
  'IPTABLES=$(which iptables)', //                               2
  'IP6TABLES=`command -v ip6tables`', //                         3
  'IP46TABLES=ip46tables', //                                    4
  'ip46tables() {', //                                           5
  '    $IPTABLES "$@"', //                                       6
  '    $IP6TABLES "$@"', //                                      7
  '}', //                                                        8
  'load_rules() {', //                                           9
  '    echo "Loading rules"', //                                10
  '    $IP46TABLES -F OUTPUT', //                               11
  '    $IP46TABLES -P OUTPUT DROP', //                          12
  '    ${IPTABLES} -A OUTPUT -o lo -j ACCEPT', //               13
  '    ip46tables -A OUTPUT -p tcp -m multiport --dport 25,465 -j REJECT', // 14
  '    ip46tables -A OUTPUT -p tcp --dport 587 -j ACCEPT', //   15
  '}', //                                                       16
  'case "$1" in', //                                            17
  '  start|restart)', //                                        18
  '    load_rules', //                                          19
  '    ;;', //                                                  20
  '  stop)', //                                                 21
  '    ip46tables -F', //                                       22
  '    ip46tables -P OUTPUT ACCEPT', //                         23
  '    ;;', //                                                  24
  '  *) echo "Usage: $0 {start|stop}"; exit 1 ;;', //          25
  'esac', //                                                    26
].join('\n');

describe('variables and functions that wrap iptables', () => {
  it('$(which iptables), `command -v …` and ${VAR:-default} name the tool', () => {
    expect(splitShellWords('$(which iptables) `command -v ip6tables` ${IPT:-/sbin/iptables} ${SET:-x}', 'shell', (n) => (n === 'SET' ? 'y' : undefined)).words.map((w) => [w.text, w.unresolved])).toEqual([
      ['iptables', undefined], ['ip6tables', undefined], ['/sbin/iptables', undefined], ['y', undefined],
    ]);
    // a variable set to something the text does not tell keeps its default from being guessed
    expect(splitShellWords('${IPT:-iptables}', 'shell', () => null).words[0]).toMatchObject({ unresolved: '${IPT:-iptables}' });
  });
  it('a function called with "$@" fills both families, with the line of the call', () => {
    const { v4, v6 } = parseRuleCommandsByFamily(INIT_SCRIPT, { origin: 'fw.sh' });
    expect(output(v4)).toEqual({ policy: 'DROP', rules: ['13:*>accept', '14:25,465>reject', '15:587>accept'] });
    expect(output(v6)).toEqual({ policy: 'DROP', rules: ['14:25,465>reject', '15:587>accept'] });
    expect(v4!.tables[0]!.chains.find((c) => c.name === 'OUTPUT')!.rules[1]!.loc).toEqual({ origin: 'fw.sh', line: 14, text: '    ip46tables -A OUTPUT -p tcp -m multiport --dport 25,465 -j REJECT' });
  });
  it('reads the start) branch of an init script, says so once, and not the stop) branch', () => {
    const { v4, v6 } = parseRuleCommandsByFamily(INIT_SCRIPT, { origin: 'fw.sh' });
    const all = [...v4!.diagnostics, ...v6!.diagnostics];
    const read = all.filter((d) => d.code === 'case-branch-read');
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ severity: 'info', loc: { line: 17 } });
    expect(read[0]!.args).toMatchObject({ read: ['start', 'restart'] });
    expect(read[0]!.args).toMatchObject({ others: expect.arrayContaining([['stop']]) });
    // nothing of the stop) branch, nor the echo of the usage line, is reported or applied
    expect(all.filter((d) => d.code === 'ignored-line' || d.code === 'command-in-shell-block')).toEqual([]);
  });
  it('positional parameters: a wrapper that adds to its arguments', () => {
    const r = parseRuleCommands([
      'IPT=/sbin/iptables',
      'allow_out() { $IPT -A OUTPUT -p tcp --dport "$1" -j ACCEPT; }',
      'allow_out 587',
      'allow_out 465',
      '$IPT -P OUTPUT DROP',
    ].join('\n'), { origin: 't' });
    expect(output(r)).toEqual({ policy: 'DROP', rules: ['3:587>accept', '4:465>accept'] });
  });
  it('a function nobody calls is read where it stands, as before (assumed to run once)', () => {
    const r = parseRuleCommands('setup() {\n  iptables -A OUTPUT -p tcp --dport 25 -j DROP\n}\n', { origin: 't' });
    expect(output(r).rules).toEqual(['2:25>drop']);
    expect(r.diagnostics.map((d) => d.code)).toContain('command-in-shell-block');
  });
  it('a case that is not an init script\'s action switch: every branch is read, as inside a block', () => {
    const r = parseRuleCommands('case "$PROTO" in\n  tcp) iptables -A OUTPUT -p tcp --dport 25 -j DROP ;;\n  udp) iptables -A OUTPUT -p udp --dport 25 -j DROP ;;\nesac\n', { origin: 't' });
    expect(output(r).rules).toEqual(['2:25>drop', '3:25>drop']);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('case-branch-read');
    expect(r.diagnostics.filter((d) => d.code === 'command-in-shell-block').map((d) => d.loc?.line)).toEqual([2, 3]);
  });
  it('a function calling itself stops, with a diagnostic', () => {
    const r = parseRuleCommands('f() { f "$@"; }\nf -A OUTPUT -j DROP\n', { origin: 't' });
    expect(r.diagnostics.map((d) => d.code)).toContain('call-too-deep');
  });
  it('a command whose program variable is set nowhere is not guessed: a warning naming the line', () => {
    const r = parseRuleCommands('iptables -P OUTPUT DROP\n$FW -A OUTPUT -p tcp --dport 25 -j ACCEPT\n', { origin: 't' });
    expect(output(r)).toEqual({ policy: 'DROP', rules: [] });
    expect(r.diagnostics.find((d) => d.code === 'unresolved-command')).toMatchObject({ severity: 'warning', loc: { line: 2, column: 1 } });
  });
});

describe('each diagnostic of a script once, whatever the families it fills', () => {
  it('lines that are not iptables commands, and a command\'s own problems, are in one ruleset only', () => {
    const { v4, v6 } = parseRuleCommandsByFamily([
      '#!/bin/sh',
      'echo "loading firewall"',
      'iptables -A OUTPUT -p tcp --dport 25 --in eth0 -j REJECT',
      'ip6tables -A OUTPUT -p tcp --dport 25 -j REJECT --bogus',
      'logger done',
    ].join('\n'), { origin: 'fw.sh' });
    const all = [...v4!.diagnostics, ...v6!.diagnostics].map((d) => `${d.code}:${d.loc?.line}`);
    expect(all.sort()).toEqual(['ambiguous-option:3', 'ignored-line:2', 'ignored-line:5', 'unknown-option:4']);
    expect(v4!.diagnostics.map((d) => d.code)).toContain('ambiguous-option');
    expect(v6!.diagnostics.map((d) => d.code)).toContain('unknown-option');
  });
  it('one family asked for: that ruleset has what reading the text found', () => {
    const r = parseRuleCommands('echo hi\nip6tables -A OUTPUT -j DROP\niptables -A OUTPUT -j DROP\n', { origin: 't', family: 6 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ignored-line', 'other-family-ignored']);
  });
});
