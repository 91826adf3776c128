// Small inline cases for the `iptables -L` parser, one feature each. Addresses and names are
// documentation ones; the shapes are those of real output (see listing-samples).
import { describe, expect, it } from 'vitest';
import { findChain, findTable, type Chain, type Match, type Rule, type Ruleset } from '../../../src/firewall/model.js';
import { parseListing } from '../../../src/firewall/parse/listing.js';
import type { ParseOptions } from '../../../src/firewall/parse/options.js';

const H_NV = ' pkts bytes target     prot opt in     out     source               destination         ';
const H_N = 'target     prot opt source               destination         ';

function parse(text: string, options: Partial<ParseOptions> = {}): Ruleset {
  return parseListing(text, { origin: 'test', ...options });
}

function chain(ruleset: Ruleset, name: string, table: 'filter' | 'nat' = 'filter'): Chain {
  const found = findChain(findTable(ruleset, table), name);
  if (!found) throw new Error(`chain ${name} not found in ${table}`);
  return found;
}

/** Parses one rule line under a `Chain OUTPUT` header and the given column header. */
function rule(line: string, header = H_NV, options: Partial<ParseOptions> = {}): { rule: Rule; ruleset: Ruleset } {
  const ruleset = parse(['Chain OUTPUT (policy ACCEPT)', header, line].join('\n'), options);
  const first = chain(ruleset, 'OUTPUT').rules[0];
  if (!first) throw new Error('no rule parsed');
  return { rule: first, ruleset };
}

function matches(line: string, header = H_NV): Match[] {
  return rule(line, header).rule.matches;
}

function codes(ruleset: Ruleset): string[] {
  return ruleset.diagnostics.map((d) => d.code);
}

describe('chain headers and columns', () => {
  it('reads builtin policies with and without counters, and user chains with references', () => {
    const ruleset = parse([
      'Chain INPUT (policy DROP 1235K packets, 988M bytes)', H_NV, '',
      'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)', H_NV, '',
      'Chain LOGDROPOUT (2 references)', H_NV,
    ].join('\n'));
    expect(chain(ruleset, 'INPUT')).toMatchObject({ builtin: true, policy: 'DROP', policyCounters: { packets: 1_235_000, bytes: 988_000_000, approx: true } });
    expect(chain(ruleset, 'OUTPUT').policyCounters).toMatchObject({ packets: 0, bytes: 0, approx: false });
    expect(chain(ruleset, 'LOGDROPOUT')).toMatchObject({ builtin: false, references: 2, bodyKnown: true, rules: [] });
    expect(parse(['Chain INPUT (policy DROP)', H_N].join('\n')).tables[0]!.chains[0]).toMatchObject({ policy: 'DROP' });
  });

  it('reads abbreviated, exact and huge counters and keeps their text', () => {
    expect(rule('  12T  100T DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0').rule.counters)
      .toEqual({ packets: 12e12, bytes: 100e12, approx: true, text: '12T 100T' });
    const exact = rule('826499999 1234567890 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0', '    pkts      bytes target     prot opt in     out     source               destination');
    expect(exact.rule.counters).toEqual({ packets: 826_499_999, bytes: 1_234_567_890, approx: false, text: '826499999 1234567890' });
  });

  it('reads protocol names (1.4–1.8.8, ≥1.8.11) and numbers (1.8.9/1.8.10 -n)', () => {
    const byName = matches('    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0');
    const byNumber = matches('    0     0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0');
    expect(byName[0]).toMatchObject({ kind: 'protocol', protocol: 6, negated: false });
    expect(byNumber[0]).toMatchObject({ kind: 'protocol', protocol: 6, negated: false });
    expect(matches('    0     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0')).toEqual([]);
    expect(matches('    0     0 DROP      !17   --  *      *       0.0.0.0/0            0.0.0.0/0')[0]).toMatchObject({ protocol: 17, negated: true });
    // ≤1.8.8 glued a long protocol name to opt
    expect(matches('    0     0 ACCEPT     udplite--  *      *       0.0.0.0/0            0.0.0.0/0')[0]).toMatchObject({ protocol: 136 });
  });

  it('reads the fragment flag and interfaces, with inversions and overflowing names', () => {
    expect(matches('    0     0 DROP       0    -f  *      *       0.0.0.0/0            0.0.0.0/0')).toEqual([{ kind: 'fragment', negated: false }]);
    expect(matches('    0     0 ACCEPT     47   !f  *      *       0.0.0.0/0            0.0.0.0/0')).toContainEqual({ kind: 'fragment', negated: true });
    expect(matches('    0     0 ACCEPT     0    --  enp0s31f6 !wg0    0.0.0.0/0            0.0.0.0/0')).toEqual([
      { kind: 'interface', dir: 'in', negated: false, name: 'enp0s31f6' },
      { kind: 'interface', dir: 'out', negated: true, name: 'wg0' },
    ]);
  });

  it('reads a rule with no target as a counting rule', () => {
    const { rule: counting } = rule('    0     0            0    --  *      *       0.0.0.0/0            192.0.2.10');
    expect(counting.target).toEqual({ kind: 'none' });
    expect(counting.matches).toEqual([{ kind: 'address', dir: 'dst', negated: false, address: { type: 'cidr', family: 4, network: '192.0.2.10', prefix: 32 } }]);
  });

  it('reads addresses: masks, inversions, IPv6, and keeps no condition for "anywhere"', () => {
    expect(matches('    0     0 DROP       0    --  *      *      !10.0.0.0/8           0.0.0.0/0')).toEqual([
      { kind: 'address', dir: 'src', negated: true, address: { type: 'cidr', family: 4, network: '10.0.0.0', prefix: 8 } },
    ]);
    expect(matches('    0     0 DROP       0    --  *      *       10.1.0.0/255.255.0.255  0.0.0.0/0')[0]).toMatchObject({ address: { type: 'mask', mask: '255.255.0.255' } });
    const v6 = rule('    0     0 ACCEPT     all  --  *      *       2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff  2001:db8::201');
    expect(v6.rule.matches.map((m) => m.kind === 'address' && m.address.type === 'cidr' ? m.address.prefix : undefined)).toEqual([128, 128]);
    expect(v6.ruleset.family).toBe(6);
  });
});

describe('the listed family, table and tool', () => {
  it('takes tool, table, chain and flags from a pasted prompt line', () => {
    const ruleset = parse([
      '    root@host1 [~]# /sbin/ip6tables -t nat -L OUTPUT -n --line-number -v',
      '    Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)',
      '    num   pkts bytes target     prot opt in     out     source               destination',
      '    1        0     0 REDIRECT   tcp  --  *      *       ::/0                 ::/0                 tcp dpt:25 redir ports 2525',
    ].join('\r\n'));
    expect(ruleset).toMatchObject({ family: 6, tool: 'ip6tables', listedChains: ['OUTPUT'], interfacesKnown: true });
    const redirect = chain(ruleset, 'OUTPUT', 'nat').rules[0]!;
    expect(redirect.target).toEqual({ kind: 'nat', action: 'REDIRECT', text: 'redir ports 2525', toPorts: { from: 2525, to: 2525 } });
    expect(redirect.loc).toEqual({ origin: 'test', line: 4, text: '    1        0     0 REDIRECT   tcp  --  *      *       ::/0                 ::/0                 tcp dpt:25 redir ports 2525' });
  });

  it('puts concatenated listings of several tables into one ruleset', () => {
    const ruleset = parse([
      '$ sudo iptables -t nat -nvL', 'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)', H_NV,
      '    5   300 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:25 to:192.0.2.25:2525',
      '$ sudo iptables -nvL OUTPUT', 'Chain OUTPUT (policy DROP 0 packets, 0 bytes)', H_NV,
    ].join('\n'));
    expect(ruleset.tables.map((t) => t.name)).toEqual(['nat', 'filter']);
    expect(chain(ruleset, 'OUTPUT', 'nat').rules[0]!.target).toMatchObject({ kind: 'nat', action: 'DNAT', toAddress: { network: '192.0.2.25' }, toPorts: { from: 2525, to: 2525 } });
    expect(chain(ruleset, 'OUTPUT').policy).toBe('DROP');
    expect(ruleset.listedChains).toBeUndefined();
  });

  it('infers the family from addresses, then from the blank opt column of old ip6tables', () => {
    expect(parse(['Chain INPUT (policy ACCEPT)', H_N, 'ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0'].join('\n')).family).toBe(4);
    const old6 = parse(['Chain INPUT (policy ACCEPT)', H_N, 'ACCEPT     all      anywhere             anywhere            ', 'ACCEPT     icmpv6    anywhere             anywhere            '].join('\n'));
    expect(old6.family).toBe(6);
    expect(chain(old6, 'INPUT').rules).toHaveLength(2);
    expect(parse(['Chain INPUT (policy ACCEPT)', H_N, 'ACCEPT     all  --  anywhere             anywhere'].join('\n')).family).toBeUndefined();
    expect(parse(['Chain INPUT (policy ACCEPT)', H_N].join('\n'), { family: 6 }).family).toBe(6);
  });

  it('recognises a nat listing without a prompt by its chains and targets', () => {
    const ruleset = parse([
      'Chain PREROUTING (policy ACCEPT)', H_N, '', 'Chain OUTPUT (policy ACCEPT)', H_N,
      'DNAT       tcp  --  0.0.0.0/0            10.0.0.1             tcp dpt:80 to:127.0.0.1:8080', '',
      'Chain POSTROUTING (policy ACCEPT)', H_N, 'MASQUERADE  6    --  0.0.0.0/0            0.0.0.0/0            masq ports: 1024-65535 random',
    ].join('\n'));
    expect(ruleset.tables.map((t) => t.name)).toEqual(['nat']);
    expect(chain(ruleset, 'POSTROUTING', 'nat').rules[0]!.target).toMatchObject({ action: 'MASQUERADE', toPorts: { from: 1024, to: 65535 } });
  });
});

describe('without -v and without -n', () => {
  it('marks interfaces unknown on every rule and says so once', () => {
    const ruleset = parse(['Chain OUTPUT (policy DROP)', H_N, 'ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:25', 'DROP       all  --  0.0.0.0/0            0.0.0.0/0'].join('\n'));
    expect(ruleset.interfacesKnown).toBe(false);
    expect(chain(ruleset, 'OUTPUT').rules.every((r) => r.matches.some((m) => m.kind === 'interface-unknown') && r.counters === undefined)).toBe(true);
    expect(ruleset.diagnostics.filter((d) => d.code === 'interfaces-unknown')).toEqual([expect.objectContaining({ severity: 'info' })]);
  });

  it('reads names: anywhere, host names, any, services and users', () => {
    const lines = [
      ' 101K   10M ACCEPT     tcp  --  !eth0  any     lan.example.net/24   anywhere             multiport dports smtp,submissions,submission',
      '    0     0 ACCEPT     tcp  --  any    any     anywhere             mail.example.com     tcp spts:1024:65535 dpt:smtp flags:FIN,SYN,RST,ACK/SYN',
      '    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:urd',
      '    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:smtps',
      '    0     0 RETURN     all  --  any    any     anywhere             anywhere             owner UID match root',
      '    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             owner GID match www-data',
    ];
    const ruleset = parse(['Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)', H_NV, ...lines].join('\n'));
    const [mta, smtp, urd, smtps, root, www] = chain(ruleset, 'OUTPUT').rules;
    expect(mta!.matches).toEqual([
      { kind: 'protocol', negated: false, protocol: 6, text: 'tcp' },
      { kind: 'interface', dir: 'in', negated: true, name: 'eth0' },
      { kind: 'address', dir: 'src', negated: false, address: { type: 'hostname', name: 'lan.example.net', prefix: 24 } },
      { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }, { from: 465, to: 465 }, { from: 587, to: 587 }], names: ['smtp', 'submissions', 'submission'] },
    ]);
    expect(smtp!.matches).toContainEqual({ kind: 'address', dir: 'dst', negated: false, address: { type: 'hostname', name: 'mail.example.com' } });
    expect(smtp!.matches).toContainEqual({ kind: 'port', dir: 'src', negated: false, ranges: [{ from: 1024, to: 65535 }] });
    expect(smtp!.matches).toContainEqual({ kind: 'tcp-flags', negated: false, mask: 0x17, comparison: 0x02 });
    expect(urd!.matches).toContainEqual(expect.objectContaining({ kind: 'port', ranges: [{ from: 465, to: 465 }] }));
    expect(smtps!.matches).toContainEqual(expect.objectContaining({ kind: 'port', ranges: [{ from: 465, to: 465 }] }));
    expect(root!.matches).toContainEqual({ kind: 'owner', uid: { negated: false, range: { from: 0, to: 0 }, name: 'root' } });
    expect(www!.matches).toContainEqual({ kind: 'owner', gid: { negated: false, range: { from: -1, to: -1 }, name: 'www-data' } });
  });
});

describe('extension texts', () => {
  const ext = (text: string, target = 'ACCEPT'): Match[] =>
    matches(`    0     0 ${target.padEnd(10)} tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            ${text}`).slice(1);

  it('reads tcp/udp ports, flags and options, also glued and inverted', () => {
    expect(ext('tcp dpts:25:587')).toEqual([{ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 587 }] }]);
    expect(ext('tcp dpt:!80')).toEqual([{ kind: 'port', dir: 'dst', negated: true, ranges: [{ from: 80, to: 80 }] }]);
    expect(ext('tcp dpt:22flags: 0x17/0x02')).toEqual([
      { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 22, to: 22 }] },
      { kind: 'tcp-flags', negated: false, mask: 0x17, comparison: 0x02 },
    ]);
    expect(ext('tcp flags:!0x17/0x02')).toEqual([{ kind: 'tcp-flags', negated: true, mask: 0x17, comparison: 2 }]);
    expect(ext('tcp option=2')).toEqual([{ kind: 'tcp-option', negated: false, option: 2 }]);
    expect(ext('udp spt:53')).toEqual([{ kind: 'port', dir: 'src', negated: false, ranges: [{ from: 53, to: 53 }] }]);
  });

  it('reads multiport lists, ranges and the double-spaced inversion', () => {
    expect(ext('multiport dports 25,465:587')).toEqual([{ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }, { from: 465, to: 587 }] }]);
    expect(ext('multiport dports  !25,587')).toEqual([{ kind: 'port', dir: 'dst', negated: true, ranges: [{ from: 25, to: 25 }, { from: 587, to: 587 }] }]);
    expect(ext('multiport sports 1000:2000')[0]).toMatchObject({ dir: 'src' });
    expect(ext('multiport ports 80,443')[0]).toMatchObject({ dir: 'any' });
  });

  it('reads state and ctstate, with inversion', () => {
    expect(ext('state RELATED,ESTABLISHED')).toEqual([{ kind: 'state', module: 'state', negated: false, states: ['RELATED', 'ESTABLISHED'] }]);
    expect(ext('! ctstate NEW')).toEqual([{ kind: 'state', module: 'conntrack', negated: true, states: ['NEW'] }]);
  });

  it('reads owner matches: uid, gid, ranges, inversion, socket', () => {
    expect(ext('owner UID match 101')).toEqual([{ kind: 'owner', uid: { negated: false, range: { from: 101, to: 101 } } }]);
    expect(ext('owner GID match 12')).toEqual([{ kind: 'owner', gid: { negated: false, range: { from: 12, to: 12 } } }]);
    expect(ext('owner UID match 1000-2000')).toEqual([{ kind: 'owner', uid: { negated: false, range: { from: 1000, to: 2000 } } }]);
    expect(ext('! owner UID match 33 tcp dpt:80')).toEqual([
      { kind: 'owner', uid: { negated: true, range: { from: 33, to: 33 } } },
      { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 80, to: 80 }] },
    ]);
    expect(ext('owner socket exists')).toEqual([{ kind: 'owner', socketExists: { negated: false } }]);
    // supplementary groups cannot be seen: kept as unknown rather than as a plain gid test
    expect(ext('owner GID match 33 incl. suppl. groups')).toEqual([{ kind: 'unknown', module: 'owner', text: 'owner GID match 33 incl. suppl. groups' }]);
  });

  it('reads ip ranges and address types', () => {
    expect(ext('source IP range 192.0.2.1-192.0.2.50')).toEqual([{
      kind: 'iprange', dir: 'src', negated: false,
      from: { type: 'cidr', family: 4, network: '192.0.2.1', prefix: 32 }, to: { type: 'cidr', family: 4, network: '192.0.2.50', prefix: 32 },
    }]);
    expect(ext('destination IP range ! 192.0.2.1-192.0.2.9')[0]).toMatchObject({ dir: 'dst', negated: true });
    expect(ext('ADDRTYPE match dst-type LOCAL')).toEqual([{ kind: 'addrtype', dir: 'dst', negated: false, types: ['LOCAL'] }]);
    expect(ext('ADDRTYPE match src-type !BROADCAST,MULTICAST limit-in')).toEqual([{ kind: 'addrtype', dir: 'src', negated: true, types: ['BROADCAST', 'MULTICAST'], limitIfaceIn: true }]);
  });

  it('reads comments, including ones that contain */', () => {
    expect(ext('tcp dpt:443 /* a comment with \'single\' and "double" quotes */ ! ctstate NEW')).toEqual([
      { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 443, to: 443 }] },
      { kind: 'comment', text: 'a comment with \'single\' and "double" quotes' },
      { kind: 'state', module: 'conntrack', negated: true, states: ['NEW'] },
    ]);
    expect(ext('owner UID match 1000 multiport dports 25,465,587 /* user\'s "mail" */ tricky */')).toContainEqual({ kind: 'comment', text: 'user\'s "mail" */ tricky' });
  });

  it('keeps rate limits, sets, marks, recent and connlimit as stateful', () => {
    for (const [text, module] of [
      ['limit: avg 3/min burst 5', 'limit'], ['limit: up to 10/sec burst 20 mode srcip', 'hashlimit'],
      ['match-set blacklist dst', 'set'], ['mark match 0x1', 'mark'], ['recent: CHECK seconds: 60 hit_count: 4 name: badguys side: source', 'recent'],
      ['#conn src/32 > 20', 'connlimit'],
    ] as const) {
      expect(ext(text), text).toEqual([expect.objectContaining({ kind: 'stateful', module, text })]);
    }
  });

  it('reads icmp and icmpv6 types in every printed form', () => {
    const icmp = (text: string, prot = 'icmp'): Match[] => matches(`    0     0 ACCEPT     ${prot.padEnd(4)} --  *      *       0.0.0.0/0            0.0.0.0/0            ${text}`).slice(1);
    expect(icmp('icmptype 8')).toEqual([{ kind: 'icmp', family: 4, negated: false, type: 8 }]);
    expect(icmp('icmp type 8')).toEqual([{ kind: 'icmp', family: 4, negated: false, type: 8 }]);
    expect(icmp('icmp !type 0')).toEqual([{ kind: 'icmp', family: 4, negated: true, type: 0 }]);
    expect(icmp('icmptype 3 code 4')).toEqual([{ kind: 'icmp', family: 4, negated: false, type: 3, codes: { from: 4, to: 4 } }]);
    expect(icmp('icmp echo-request')).toEqual([{ kind: 'icmp', family: 4, negated: false, type: 8 }]);
    expect(icmp('icmp any')).toEqual([{ kind: 'icmp', family: 4, negated: false, type: 'any' }]);
    expect(icmp('ipv6-icmptype 128', '58')).toEqual([{ kind: 'icmp', family: 6, negated: false, type: 128 }]);
    expect(icmp('ipv6-icmp type 135', '58')).toEqual([{ kind: 'icmp', family: 6, negated: false, type: 135 }]);
    expect(icmp('ipv6-icmp !port-unreachable', '58')).toEqual([{ kind: 'icmp', family: 6, negated: true, type: 1, codes: { from: 4, to: 4 } }]);
  });

  it('keeps MAC, string and any text it does not know, never dropping it', () => {
    expect(ext('MAC 00:11:22:AA:BB:CC')).toEqual([{ kind: 'unknown', module: 'mac', text: 'MAC 00:11:22:AA:BB:CC' }]);
    expect(ext('STRING match  "GET /admin LOG x" ALGO name bm')).toEqual([{ kind: 'unknown', module: 'string', text: 'STRING match  "GET /admin LOG x" ALGO name bm' }]);
    const { rule: odd, ruleset } = rule('    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            frobnicate 7 tcp dpt:25');
    expect(odd.matches.slice(1)).toEqual([{ kind: 'unknown', text: 'frobnicate 7' }, { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }] }]);
    const column = odd.loc.text.indexOf('frobnicate') + 1;
    expect(ruleset.diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-extension', severity: 'warning', loc: expect.objectContaining({ line: 3, column }) }));
  });
});

describe('targets', () => {
  const target = (name: string, text = ''): Rule =>
    rule(`    0     0 ${name.padEnd(10)} all  --  *      *       0.0.0.0/0            0.0.0.0/0           ${text ? ` ${text}` : ''}`).rule;

  it('reads verdicts, REJECT with its reason and LOG with its text', () => {
    expect(target('ACCEPT').target).toEqual({ kind: 'accept' });
    expect(target('REJECT', 'reject-with icmp-port-unreachable').target).toEqual({ kind: 'reject', with: 'icmp-port-unreachable' });
    const log = target('LOG', 'limit: avg 3/min burst 5 LOG flags 0 level 4 prefix "OUT DROP: "');
    expect(log.target).toEqual({ kind: 'non-terminal', name: 'LOG', text: 'LOG flags 0 level 4 prefix "OUT DROP: "' });
    expect(log.matches).toEqual([expect.objectContaining({ kind: 'stateful', module: 'limit' })]);
  });

  it('reads SNAT with an address range, keeping the text, and places it in the nat table', () => {
    const ruleset = parse(['Chain POSTROUTING (policy ACCEPT)', H_NV, '    0     0 SNAT       all  --  *      eth0    10.9.0.0/24          0.0.0.0/0            to:203.0.113.5-203.0.113.9 persistent'].join('\n'));
    expect(chain(ruleset, 'POSTROUTING', 'nat').rules[0]!.target).toEqual({ kind: 'nat', action: 'SNAT', text: 'to:203.0.113.5-203.0.113.9 persistent' });
  });

  it('treats unknown names as user chains and adds chains that were not listed', () => {
    const ruleset = parse([
      'Chain OUTPUT (policy DROP 0 packets, 0 bytes)', H_NV,
      ' 800K  826M LOCALOUTPUT  all  --  *      !lo     0.0.0.0/0            0.0.0.0/0           ',
      '    0     0 LOGDROPOUT  all  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] ',
      '', 'Chain LOGDROPOUT (1 references)', H_NV, '    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0',
    ].join('\n'));
    const [jump, go] = chain(ruleset, 'OUTPUT').rules;
    expect(jump!.target).toEqual({ kind: 'jump', chain: 'LOCALOUTPUT' });
    expect(go!.target).toEqual({ kind: 'goto', chain: 'LOGDROPOUT' });
    expect(chain(ruleset, 'LOCALOUTPUT')).toEqual({ name: 'LOCALOUTPUT', builtin: false, bodyKnown: false, rules: [] });
    expect(chain(ruleset, 'LOGDROPOUT').rules).toHaveLength(1);
  });
});

describe('pasted text', () => {
  it('keeps tool warnings as diagnostics', () => {
    const ruleset = parse(['# Warning: iptables-legacy tables present, use iptables-legacy to see them', 'Chain OUTPUT (policy ACCEPT)', H_N].join('\n'));
    expect(ruleset.diagnostics).toContainEqual(expect.objectContaining({ code: 'legacy-tables-present', severity: 'warning', loc: expect.objectContaining({ line: 1 }) }));
  });

  it('copes with tabs, CRLF and trailing spaces', () => {
    const ruleset = parse('Chain OUTPUT (policy ACCEPT)\r\ntarget\tprot opt source destination\r\nACCEPT\ttcp\t--\t0.0.0.0/0\t192.0.2.25\ttcp dpt:25 \r\n');
    expect(chain(ruleset, 'OUTPUT').rules[0]!.matches).toEqual([
      { kind: 'protocol', negated: false, protocol: 6, text: 'tcp' },
      { kind: 'address', dir: 'dst', negated: false, address: { type: 'cidr', family: 4, network: '192.0.2.25', prefix: 32 } },
      { kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }] },
      { kind: 'interface-unknown' },
    ]);
  });

  it('reads redactions and assigns a lone address by where it stands', () => {
    const header = 'num   pkts bytes target     prot opt in     out     source               destination';
    const asDestination = rule('1        0     0 ACCEPT     tcp  --  *      *            198.x.x.x      tcp dpt:25', header);
    expect(asDestination.rule.matches).toContainEqual({ kind: 'address', dir: 'dst', negated: false, address: { type: 'redacted', family: 4, network: '198.0.0.0', prefix: 8, text: '198.x.x.x' } });
    expect(codes(asDestination.ruleset)).toContain('column-lost');
    const asSource = rule('1        0     0 ACCEPT     tcp  --  *      *       198.51.100.7         tcp dpt:25', header);
    expect(asSource.rule.matches).toContainEqual(expect.objectContaining({ kind: 'address', dir: 'src' }));
  });

  it('keeps a mistyped line number at the real position, and follows numbers that skip', () => {
    const header = 'num  target     prot opt source               destination';
    const typo = parse(['Chain OUTPUT (policy ACCEPT)', header, '1    ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0', '29   ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0', '3    DROP       all  --  0.0.0.0/0            0.0.0.0/0'].join('\n'));
    expect(chain(typo, 'OUTPUT').rules.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(typo.diagnostics).toContainEqual(expect.objectContaining({ code: 'line-number-mismatch', loc: expect.objectContaining({ line: 4, column: 1 }) }));
    const gap = parse(['Chain OUTPUT (policy ACCEPT)', header, '1    ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0', '7    ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0', '8    DROP       all  --  0.0.0.0/0            0.0.0.0/0'].join('\n'));
    expect(chain(gap, 'OUTPUT').rules.map((r) => r.position)).toEqual([1, 7, 8]);
    expect(chain(gap, 'OUTPUT').truncated).toBe(true);
    expect(codes(gap)).toContain('line-numbers-gap');
  });

  it('keeps what is there of a listing cut off mid-rule, as uncertain', () => {
    const ruleset = parse([
      'Chain OUTPUT (policy DROP 0 packets, 0 bytes)', 'num   pkts bytes target     prot opt in     out     source               destination',
      '16   797K  826M ACCEPT     all  --  *      !lo     0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED',
      '17      0     0 ACCEPT',
    ].join('\n'));
    const output = chain(ruleset, 'OUTPUT');
    expect(output.truncated).toBe(true);
    expect(output.rules[1]).toMatchObject({ target: { kind: 'accept' }, matches: [{ kind: 'unknown' }] });
    expect(ruleset.diagnostics).toContainEqual(expect.objectContaining({ code: 'listing-truncated', loc: expect.objectContaining({ line: 4 }) }));
  });

  it('names every line it does not use in a diagnostic and never throws', () => {
    const text = ['Here is my firewall:', '```', 'Chain OUTPUT (policy ACCEPT)', H_N, 'ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:25', 'and more words', '```'].join('\n');
    const ruleset = parse(text);
    expect(ruleset.diagnostics.map((d) => [d.code, d.loc?.line])).toEqual(expect.arrayContaining([['unrecognised-line', 1], ['markup-ignored', 2], ['possible-continuation', 6], ['markup-ignored', 7]]));
    // the line after a rule might be its wrapped tail: the rule becomes uncertain
    expect(chain(ruleset, 'OUTPUT').rules[0]!.matches).toContainEqual({ kind: 'unknown', text: 'and more words' });
    expect(parse('').diagnostics.map((d) => d.code)).toEqual(['empty-listing']);
    expect(parse('hello world').diagnostics.map((d) => d.code)).toContain('not-a-listing');
  });
});

describe('prompt lines', () => {
  it('reads the flags people type, bundled or long, and notices pipes', async () => {
    const { parseListingCommand } = await import('../../../src/firewall/parse/listing-prompt.js');
    expect(parseListingCommand('[root@mx ~]# iptables -nvL OUTPUT --line-numbers')).toMatchObject({ tool: 'iptables', family: 4, chain: 'OUTPUT', verbose: true, numeric: true, lineNumbers: true, piped: false });
    expect(parseListingCommand('$ sudo ip6tables-legacy -Lnv INPUT')).toMatchObject({ tool: 'ip6tables-legacy', family: 6, chain: 'INPUT', verbose: true });
    expect(parseListingCommand('# iptables --table=mangle --list --numeric')).toMatchObject({ table: 'mangle', list: true, numeric: true, verbose: false });
    expect(parseListingCommand('iptables -L OUTPUT 3 -tnat')).toMatchObject({ table: 'nat', chain: 'OUTPUT', ruleNumber: 3 });
    expect(parseListingCommand('root@h:~# iptables -L -n | grep 25')).toMatchObject({ piped: true });
    expect(parseListingCommand('Chain OUTPUT (policy ACCEPT)')).toBeUndefined();
    const filtered = parse(['$ iptables -L -n -v | grep 25', 'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)', H_NV].join('\n'));
    expect(codes(filtered)).toContain('listing-filtered');
  });
});
