// Scripts of iptables commands and `iptables -S` output: the ruleset the commands leave behind.
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseRuleCommands, parseRuleCommandsByFamily } from '../../../src/firewall/parse/commands.js';

function chain(r: Ruleset, table: string, name: string) {
  return r.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
}

/** Each rule as `position:ports→target` for order checks. */
function summary(r: Ruleset, table: string, name: string): string[] {
  return (chain(r, table, name)?.rules ?? []).map((rule) => {
    const port = rule.matches.find((m) => m.kind === 'port');
    const dst = rule.matches.find((m) => m.kind === 'address' && m.dir === 'dst');
    const what = port?.kind === 'port' ? port.ranges.map((p) => p.from).join(',') : dst?.kind === 'address' && dst.address.type === 'cidr' ? dst.address.network : '*';
    return `${rule.position}:${what}>${rule.target.kind === 'jump' ? rule.target.chain : rule.target.kind}`;
  });
}

describe('shell scripts of iptables commands', () => {
  it('applies -A, -I (default position 1 and explicit), -t nat and keeps the source line', () => {
    const r = parseRuleCommands([
      '#!/bin/sh',
      'iptables -A OUTPUT -p tcp --dport 25 -j DROP',
      'iptables -I OUTPUT -p tcp --dport 587 -j ACCEPT',
      'iptables -I OUTPUT 2 -p tcp --dport 465 -j REJECT',
      'iptables -A PREROUTING -t nat -p tcp --dport 25 -j DNAT --to-destination 192.0.2.10:2525',
    ].join('\n'), { origin: 'fw.sh' });
    expect(r.format).toBe('script');
    expect(r.family).toBe(4);
    expect(r.tool).toBe('iptables');
    expect(summary(r, 'filter', 'OUTPUT')).toEqual(['1:587>accept', '2:465>reject', '3:25>drop']);
    expect(chain(r, 'filter', 'OUTPUT')!.rules[0]!.loc).toEqual({ origin: 'fw.sh', line: 3, text: 'iptables -I OUTPUT -p tcp --dport 587 -j ACCEPT' });
    expect(chain(r, 'nat', 'PREROUTING')!.rules[0]!.target).toMatchObject({ kind: 'nat', action: 'DNAT' });
    expect(chain(r, 'filter', 'OUTPUT')!.policy).toBeUndefined();
  });
  it('inserting twice at the top reverses the order (the last -I wins)', () => {
    const r = parseRuleCommands('iptables -I FORWARD -p tcp --dport 25 -j DROP\niptables -I FORWARD -p tcp --dport 25 -j ACCEPT\n', { origin: 't' });
    expect(summary(r, 'filter', 'FORWARD')).toEqual(['1:25>accept', '2:25>drop']);
  });
  it('-D removes the equal rule or the numbered one; -F and -X flush and delete', () => {
    const r = parseRuleCommands([
      'iptables -N MAIL',
      'iptables -A OUTPUT -p tcp -m tcp --dport 25 -j DROP',
      'iptables -A OUTPUT -p tcp --dport 465 -j DROP',
      'iptables -A OUTPUT -j MAIL',
      'iptables -D OUTPUT -p tcp --dport 25 -j DROP',
      'iptables -D OUTPUT 1',
      'iptables -D OUTPUT -p udp -j DROP',
      'iptables -N OLD',
      'iptables -A OLD -j RETURN',
      'iptables -F OLD',
      'iptables -X OLD',
    ].join('\n'), { origin: 't' });
    expect(summary(r, 'filter', 'OUTPUT')).toEqual(['1:*>MAIL']);
    expect(chain(r, 'filter', 'OLD')).toBeUndefined();
    expect(chain(r, 'filter', 'MAIL')).toMatchObject({ bodyKnown: true, rules: [] });
    expect(r.diagnostics.filter((d) => d.code === 'delete-no-match').map((d) => d.loc?.line)).toEqual([7]);
  });
  it('-F and -X without a chain clear the table; -P sets policies', () => {
    const r = parseRuleCommands('iptables -N A\niptables -A A -j DROP\niptables -A OUTPUT -j A\niptables -F\niptables -X\niptables -P OUTPUT DROP\n', { origin: 't' });
    expect(chain(r, 'filter', 'A')).toBeUndefined();
    expect(chain(r, 'filter', 'OUTPUT')).toMatchObject({ policy: 'DROP', rules: [] });
  });
  it('expands variables, ${braces}, sudo, continuation lines, comments and ; lists', () => {
    const r = parseRuleCommands([
      'IPT=/sbin/iptables',
      'SMARTHOST="192.0.2.25"',
      '${IPT} -F OUTPUT  # start clean',
      'sudo $IPT -A OUTPUT -p tcp -d $SMARTHOST \\',
      '     --dport 25 -j ACCEPT',
      '$IPT -A OUTPUT -p tcp --dport 25 -j REJECT; echo done',
      '# iptables -A OUTPUT -j ACCEPT   (commented out)',
    ].join('\n'), { origin: 't' });
    expect(summary(r, 'filter', 'OUTPUT')).toEqual(['1:25>accept', '2:25>reject']);
    expect(chain(r, 'filter', 'OUTPUT')!.rules[0]!.matches).toContainEqual({ kind: 'address', dir: 'dst', negated: false, address: { type: 'cidr', family: 4, network: '192.0.2.25', prefix: 32 } });
    expect(chain(r, 'filter', 'OUTPUT')!.rules[0]!.loc.line).toBe(4);
    expect(r.diagnostics.filter((d) => d.code === 'ignored-line').map((d) => d.loc?.line)).toEqual([6]);
  });
  it('an unknown variable value makes the match unknown, never a guess', () => {
    const r = parseRuleCommands('iptables -A OUTPUT -d $MX -p tcp --dport 25 -j ACCEPT\n', { origin: 't' });
    expect(chain(r, 'filter', 'OUTPUT')!.rules[0]!.matches[0]).toEqual({ kind: 'unknown', text: '-d $MX' });
    expect(r.diagnostics.map((d) => d.code)).toContain('unresolved-value');
  });
  it('comma lists of addresses make one rule per source × destination', () => {
    const r = parseRuleCommands('iptables -A OUTPUT -s 192.0.2.1,192.0.2.2 -d 198.51.100.1,198.51.100.2 -j ACCEPT\niptables -I INPUT -s 192.0.2.1,192.0.2.2 -j DROP\n', { origin: 't' });
    const addrs = (name: string) => chain(r, 'filter', name)!.rules.map((x) => x.matches.map((m) => (m.kind === 'address' && m.address.type === 'cidr' ? m.address.network : '?')).join('>'));
    expect(addrs('OUTPUT')).toEqual(['192.0.2.1>198.51.100.1', '192.0.2.1>198.51.100.2', '192.0.2.2>198.51.100.1', '192.0.2.2>198.51.100.2']);
    expect(addrs('INPUT')).toEqual(['192.0.2.2', '192.0.2.1']);
  });
  it('keeps one family; ip6tables commands are counted and available separately', () => {
    const text = 'iptables -A OUTPUT -p tcp --dport 25 -j DROP\nip6tables -A OUTPUT -p tcp --dport 25 -j DROP\n/usr/sbin/ip6tables-legacy -A OUTPUT -j ACCEPT\n';
    const v4 = parseRuleCommands(text, { origin: 't' });
    expect(v4.family).toBe(4);
    expect(v4.diagnostics.find((d) => d.code === 'other-family-ignored')!.args.commands).toBe(2);
    const v6 = parseRuleCommands(text, { origin: 't', family: 6 });
    expect(v6.family).toBe(6);
    expect(summary(v6, 'filter', 'OUTPUT')).toEqual(['1:25>drop', '2:*>accept']);
    const both = parseRuleCommandsByFamily(text, { origin: 't' });
    expect(both.v4!.family).toBe(4);
    expect(both.v6!.tool).toBe('ip6tables');
  });
  it('a user chain nobody defined is a jump to a chain whose body is unknown', () => {
    const r = parseRuleCommands('iptables -A OUTPUT -j f2b-postfix\n', { origin: 't' });
    expect(chain(r, 'filter', 'f2b-postfix')).toMatchObject({ bodyKnown: false, rules: [] });
    expect(chain(r, 'filter', 'OUTPUT')!.rules[0]!.target).toEqual({ kind: 'jump', chain: 'f2b-postfix' });
  });
  it('names commands inside loops and conditionals, and lines that are not iptables', () => {
    const r = parseRuleCommands('for h in a b; do\n  iptables -A OUTPUT -d $h -j ACCEPT\ndone\nufw deny 25/tcp\n', { origin: 't' });
    const codes = r.diagnostics.map((d) => `${d.code}@${d.loc?.line}`);
    expect(codes).toContain('command-in-shell-block@2');
    expect(codes).toContain('ignored-line@4');
  });
  it('never throws on odd text', () => {
    for (const text of ['', '\\', '"', "iptables -A", 'iptables -I OUTPUT 99 -j DROP', 'iptables -t bogus -A X', '$(rm -rf /)', 'iptables -A OUTPUT -p', '`x` -A', '\u0000']) {
      expect(() => parseRuleCommands(text, { origin: 't' })).not.toThrow();
    }
    expect(parseRuleCommands('iptables -I OUTPUT 99 -j DROP', { origin: 't' }).diagnostics.map((d) => d.code)).toContain('bad-rule-number');
  });
});

describe('iptables -S output', () => {
  it('reads -P, -N, -A and -S -v counters, in the table a prompt line names', () => {
    const r = parseRuleCommands([
      '[root@host ~]# iptables -t nat -S -v',
      '-P PREROUTING ACCEPT -c 10 20',
      '-P OUTPUT ACCEPT -c 1 2',
      '-N MAILNAT',
      '-A OUTPUT -p tcp -m tcp --dport 25 -c 5 300 -j MAILNAT',
      '-A MAILNAT -j REDIRECT --to-ports 2525',
    ].join('\n'), { origin: 'paste' });
    expect(r.format).toBe('rules');
    expect(r.tool).toBe('iptables');
    expect(r.tables.map((t) => t.name)).toEqual(['nat']);
    expect(chain(r, 'nat', 'OUTPUT')).toMatchObject({ builtin: true, policy: 'ACCEPT', policyCounters: { packets: 1, bytes: 2, approx: false } });
    expect(chain(r, 'nat', 'OUTPUT')!.rules[0]!.counters).toEqual({ packets: 5, bytes: 300, approx: false, text: '-c 5 300' });
    expect(chain(r, 'nat', 'MAILNAT')).toMatchObject({ builtin: false, bodyKnown: true });
  });
  it('defaults to the filter table and takes the family from a prompt or from addresses', () => {
    expect(parseRuleCommands('-P OUTPUT DROP\n-A OUTPUT -d 2001:db8::25/128 -j ACCEPT\n', { origin: 't' }).family).toBe(6);
    const r = parseRuleCommands('$ sudo ip6tables -S OUTPUT\n-P OUTPUT DROP\n-A OUTPUT -j ACCEPT\n', { origin: 't' });
    expect(r.family).toBe(6);
    expect(r.listedChains).toEqual(['OUTPUT']);
    expect(r.tables.map((t) => t.name)).toEqual(['filter']);
    expect(parseRuleCommands('-P OUTPUT DROP\n', { origin: 't' }).family).toBeUndefined();
  });
});
