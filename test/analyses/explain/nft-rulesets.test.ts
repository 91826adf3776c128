// --nft sections in explain: an nft ruleset is split per family (ip → IPv4, ip6 → IPv6, inet →
// both) and its base chains meet the packets beside the iptables rules of the same family.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { parseFirewalls, rulesetsOf } from '../../../src/analyses/explain/rulesets.js';
import type { CollectedInputs, InputSection } from '../../../src/input/collected.js';

const ZONE = readFileSync('fixtures/demo/gmail.com.zone', 'utf8');
const LEAK = readFileSync('fixtures/nft-ipv6-leak/ruleset.nft', 'utf8');

function nft(text: string, origin = 'ruleset.nft', firstLine = 1): InputSection {
  return { kind: 'nft-ruleset', origin, firstLine, text, detectedBy: 'declared by --nft' };
}
function inputs(...sections: InputSection[]): CollectedInputs {
  return { sections: [...sections, { kind: 'dns-records', origin: 'gmail.com.zone', firstLine: 1, text: ZONE, detectedBy: 'declared by --dns' }], problems: [], mode: 'files' };
}

const MIXED = `table ip v4only {
  chain out {
    type filter hook output priority 0; policy accept;
    tcp dport 25 drop
  }
}
table ip6 v6only {
  chain out {
    type filter hook output priority 0; policy drop;
  }
}
table inet both {
  chain out {
    type filter hook output priority 10; policy accept;
    counter
  }
}
`;

describe('nft sections per family', () => {
  it('puts ip tables in IPv4, ip6 in IPv6 and inet in both; the summary counts each table once', () => {
    const section = nft(MIXED);
    const parsed = parseFirewalls([section]);
    expect(parsed.rulesets[4]!.tables.map((t) => t.name)).toEqual(['ip v4only', 'inet both']);
    expect(parsed.rulesets[6]!.tables.map((t) => t.name)).toEqual(['ip6 v6only', 'inet both']);
    expect(parsed.native).toEqual({});
    expect(parsed.summaries.get(section)).toBe('nft ruleset: 2 rules in 3 chains (tables ip v4only, ip6 v6only, inet both)');
  });

  it('keeps nft tables beside iptables rules of the same family (native), lines shifted to the origin', () => {
    const save = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp --dport 25 -j ACCEPT\nCOMMIT\n';
    const parsed = parseFirewalls([{ kind: 'iptables-save', family: 4, origin: 'v4.save', firstLine: 1, text: save, detectedBy: 'test' }, nft(MIXED, 'stdin', 11)]);
    expect(parsed.rulesets[4]!.format).toBe('save');
    expect(parsed.native[4]!.tables.map((t) => t.name)).toEqual(['ip v4only', 'inet both']);
    expect(parsed.rulesets[6]!.format).toBe('nft');
    expect(rulesetsOf(parsed, 4)).toHaveLength(2);
    expect(parsed.native[4]!.tables[0]!.chains[0]!.rules[0]!.loc.line).toBe(14);
  });
});

describe('explain with --nft', () => {
  it('an ip daddr rule in an inet table leaves IPv6 open: the leak names the inet base chain', async () => {
    const report = await analyse(inputs(nft(LEAK)), 'gmail.com');
    expect(report.verdict).toBe('leaks');
    const first = report.attempts[0]!;
    expect(first).toMatchObject({ family: 6, verdict: 'ACCEPT', decidedBy: { table: 'inet filter', chain: 'output', policy: true, line: 12 } });
    expect(report.attempts.find((a) => a.family === 4)).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet filter', chain: 'output', rule: 3, line: 16 } });
    expect(report.answer).toContain('IPv6');
    // the inet table is in both families' rulesets: a finding about one of its rules is said once
    expect(report.findings.filter((f) => f.code === 'established-not-new')).toHaveLength(1);
    expect(report.findings.find((f) => f.code === 'ipv6-unfiltered')?.args).toMatchObject({ seen: 'attempts', chain: 'inet filter output', accepted: 5 });
  });

  it('a drop in an iptables chain is final even when the native table accepts', async () => {
    const save = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp --dport 25 -j DROP\nCOMMIT\n';
    const accepting = 'table inet filter {\n  chain output {\n    type filter hook output priority filter; policy accept;\n    tcp dport 25 accept\n  }\n}\n';
    const v4 = { kind: 'iptables-save' as const, family: 4 as const, origin: 'v4.save', firstLine: 1, text: save, detectedBy: 'test' };
    const v6 = { ...v4, family: 6 as const, origin: 'v6.save' };
    const report = await analyse(inputs(v4, v6, nft(accepting)), 'gmail.com');
    for (const attempt of report.attempts) expect(attempt).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'filter', chain: 'OUTPUT', rule: 1 } });
  });

  it('a drop in the native table decides beside an accepting iptables OUTPUT', async () => {
    const save = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
    const dropping = 'table ip6 mail {\n  chain output {\n    type filter hook output priority 0; policy accept;\n    tcp dport 25 reject with tcp reset\n  }\n}\n';
    const v6 = { kind: 'iptables-save' as const, family: 6 as const, origin: 'v6.save', firstLine: 1, text: save, detectedBy: 'test' };
    const report = await analyse(inputs(v6, nft(dropping)), 'gmail.com');
    const ipv6 = report.attempts.filter((a) => a.family === 6);
    expect(ipv6.length).toBeGreaterThan(0);
    for (const attempt of ipv6) expect(attempt).toMatchObject({ verdict: 'REJECT', decidedBy: { table: 'ip6 mail', chain: 'output', rule: 1 } });
  });
});
