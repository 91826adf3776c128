// source-port-bypass and nat-redirect read native nft tables too: `udp sport 53 accept` in a
// chain the output hook reaches, `redirect`/`dnat` in a chain a `type nat hook output` base
// chain reaches; the fixes are in nft terms.
import { describe, expect, it } from 'vitest';
import { findingFix, findingMessage } from '../../../../src/analyses/explain/findings/wording.js';
import { nft, run, save, table } from './support.js';

const DNS_CHAIN = 'table inet filter {\n\tchain output {\n\t\ttype filter hook output priority filter; policy accept;\n\t\tjump dns\n\t\ttcp dport 25 drop\n\t}\n\tchain dns {\n\t\ttcp sport 53 accept\n\t}\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tudp sport 53 accept\n\t}\n}\n';

describe('source-port-bypass in native tables', () => {
  it('a sport accept in the output chain, said once for an inet table, fixed with nft and its handle', async () => {
    const r = await run([nft(table('inet filter', ['udp sport 53 accept # handle 7', 'tcp dport 25 drop # handle 8']))]);
    const found = r.report.findings.filter((f) => f.code === 'source-port-bypass');
    expect(found).toHaveLength(1);
    const f = r.find('source-port-bypass')!;
    expect(f.args).toEqual({ family: 4, rules: [{ chain: 'output', rule: 1, nft: { table: 'inet filter', chain: 'output', handle: 7 } }] });
    expect(findingMessage(f)).toContain('inet filter output rule 1 accepts by source port alone');
    const lines = findingFix(f)!.lines;
    expect(lines).toContain('nft insert rule inet filter output udp dport 53 accept');
    expect(lines).toContain('nft delete rule inet filter output handle 7   # the sport rule');
    expect(lines.some((l) => l.startsWith('iptables'))).toBe(false);
  });

  it('a user chain the output hook jumps to counts; an input chain does not', async () => {
    const r = await run([nft(DNS_CHAIN)]);
    expect(r.find('source-port-bypass')?.args.rules).toEqual([{ chain: 'dns', rule: 1, nft: { table: 'inet filter', chain: 'dns' } }]);
    expect(findingFix(r.find('source-port-bypass')!)!.lines).toContain('nft -a list chain inet filter dns   # then: nft delete rule inet filter dns handle N (the sport rule\'s handle)');
  });

  it('iptables rules keep their iptables wording and fix', async () => {
    const r = await run([save('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p udp --sport 53 -j ACCEPT\nCOMMIT\n')]);
    const f = r.find('source-port-bypass')!;
    expect(f.args).toEqual({ family: 4, rules: [{ chain: 'OUTPUT', rule: 1 }] });
    expect(findingFix(f)!.lines[0]).toBe('iptables -A OUTPUT -p udp --dport 53 -j ACCEPT');
  });
});

const NAT = 'table ip nat {\n\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n\t\tmeta skuid != 0 tcp dport 25 redirect to :2525\n\t\ttcp dport 587 dnat to 192.0.2.99\n\t}\n\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\ttcp dport 25 dnat to 192.0.2.98\n\t}\n}\n';

describe('nat-redirect in native tables', () => {
  it('redirect and dnat in a nat output chain, not prerouting; the fix lists the native chain', async () => {
    const r = await run([nft(NAT + table('inet filter', []))], 'gmail.com', { uid: 104 });
    const f = r.find('nat-redirect')!;
    expect(f.args.rules).toEqual([
      { chain: 'output', rule: 1, action: 'REDIRECT', nft: { table: 'ip nat', chain: 'output' } },
      { chain: 'output', rule: 2, action: 'DNAT', nft: { table: 'ip nat', chain: 'output' } },
    ]);
    expect(findingMessage(f)).toContain('ip nat output rule 1 REDIRECT');
    expect(findingFix(f)!.lines).toEqual(['nft -a list chain ip nat output']);
    // the MTA's own IPv4 connections to 25 are redirected to this host
    expect(f.args.rewritten.length).toBeGreaterThan(0);
    expect(f.args.staysLocal).toBe(true);
  });

  it('no nat output chain: no finding', async () => {
    const r = await run([nft(table('inet filter', ['tcp dport 25 drop']))]);
    expect(r.codes).not.toContain('nat-redirect');
  });
});
