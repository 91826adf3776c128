// The detectors that read only iptables tables before issue 17 read native nft tables too:
// policy-accept, custom-chain-accepts, ipv6-unfiltered (and their fixes in nft terms),
// firewalld's nftables backend and ufw on an nft backend.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingFix, findingMessage } from '../../../../src/analyses/explain/findings/wording.js';
import { iptablesNft, nft, run, table } from './support.js';

describe('detectors over native tables', () => {
  it('policy-accept names the native base chain once for both families, fixed with nft', async () => {
    const r = await run([nft(table('inet filter', ['oifname "lo" accept']))]);
    const f = r.find('policy-accept')!;
    expect(f.args).toEqual({ family: 'both', decided: 7, nft: { table: 'inet filter', chain: 'output' } });
    expect(findingFix(f)?.lines[0]).toBe('nft add rule inet filter output oifname != "lo" tcp dport { 25, 465, 587 } reject with tcp reset');
  });

  it('custom-chain-accepts: an accept in a native base chain is not a user-defined chain; one in a chain it jumps to is', async () => {
    const base = await run([nft(table('inet filter', ['tcp dport 25 accept'], 'type filter hook output priority filter; policy drop;'))]);
    expect(base.codes).not.toContain('custom-chain-accepts');
    const jumped = 'table inet filter {\n\tchain output {\n\t\ttype filter hook output priority filter; policy drop;\n\t\ttcp dport 25 jump smtp\n\t}\n\tchain smtp {\n\t\taccept\n\t}\n}\n';
    const r = await run([nft(jumped)]);
    const found = r.report.findings.filter((f) => f.code === 'custom-chain-accepts');
    // one inet chain: said once, not once per family
    expect(found).toHaveLength(1);
    expect(found[0]!.args).toMatchObject({ chain: 'smtp', rule: 1, table: 'inet filter', base: 'output' });
    expect(findingFix(found[0]!)?.lines).toEqual(['nft -a list chain inet filter smtp']);
  });

  it('ipv6-unfiltered fixes a native chain in nft terms, with the MTA\'s uid', async () => {
    const r = await run([nft(readFileSync('fixtures/nft-ipv6-leak/ruleset.nft', 'utf8'))], 'gmail.com', { uid: 104 });
    const f = r.find('ipv6-unfiltered')!;
    expect(f.args.nft).toEqual({ table: 'inet filter', chain: 'output' });
    expect(findingFix(f)?.lines.slice(0, 2)).toEqual([
      'nft insert rule inet filter output meta nfproto ipv6 oifname != "lo" tcp dport { 25, 465, 587 } reject with tcp reset',
      'nft insert rule inet filter output meta skuid 104 ip6 daddr MX_IPV6_ADDRESS tcp dport { 25, 465, 587 } accept',
    ]);
  });

  it('firewalld\'s nftables backend: no egress policy, a direct rule in iptables-nft; advice with firewall-cmd, never nft', async () => {
    const r = await run([nft(readFileSync('fixtures/nft-firewalld/ruleset.nft', 'utf8'))]);
    const f = r.find('framework-firewalld')!;
    expect(f.args).toMatchObject({ nftables: { egressPolicies: [], outputDecides: false }, direct: ['ip filter OUTPUT_direct'] });
    expect(findingMessage(f)).toContain('zones filter incoming traffic only');
    const lines = r.report.fixes.flatMap((x) => x.lines);
    expect(lines).toContain('firewall-cmd --permanent --policy smtp-out --add-ingress-zone HOST');
    expect(lines.some((l) => l.startsWith('nft '))).toBe(false);
    expect(findingFix(r.find('ipv6-unfiltered')!)?.lines.every((l) => l.startsWith('firewall-cmd'))).toBe(true);
  });

  it('firewalld with an egress policy that rejects: named, and an allowed domain opened in that policy', async () => {
    const text = readFileSync('fixtures/nft-firewalld/ruleset.nft', 'utf8')
      .replace('\tchain filter_OUTPUT_dispatch {\n\t}', '\tchain filter_OUTPUT_dispatch {\n\t\tjump filter_OUT_policy_smtp-block\n\t}\n\n\tchain filter_OUT_policy_smtp-block {\n\t\tjump filter_OUT_policy_smtp-block_deny\n\t}\n\n\tchain filter_OUT_policy_smtp-block_deny {\n\t\ttcp dport 25 reject with icmpx admin-prohibited\n\t}');
    const r = await run([nft(text)], 'gmail.com', { allow: ['domain.com'] });
    expect(r.find('framework-firewalld')?.args.nftables).toEqual({ egressPolicies: ['smtp-block'], outputDecides: true });
    // the policy rejects what the (empty) direct chains would accept: a direct ACCEPT does not override firewalld
    expect(r.codes).not.toContain('accept-not-final');
    expect(r.report.fixes.flatMap((x) => x.lines)).toContain('firewall-cmd --permanent --policy smtp-block --add-rich-rule=\'rule family="ipv6" priority="-1" destination address="2001:db8:25::1" port port="25" protocol="tcp" accept\'');
  });

  it('ufw on an nft backend: its chains in iptables-nft\'s table, a native table beside them', async () => {
    const ufw = 'table ip filter {\n\tchain OUTPUT {\n\t\ttype filter hook output priority filter; policy accept;\n\t\tjump ufw-before-output\n\t}\n\tchain ufw-before-output {\n\t}\n\tchain ufw-user-output {\n\t}\n}\n';
    const r = await run([nft(ufw + table('inet extra', ['tcp dport 25 drop']))]);
    expect(r.find('framework-ufw')?.args.nft).toEqual({ tables: ['ip filter'], others: ['inet extra'] });
    expect(findingMessage(r.find('framework-ufw')!)).toContain('not ufw\'s');
  });
});
