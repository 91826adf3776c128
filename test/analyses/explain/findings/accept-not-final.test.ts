// accept-not-final: an accept in one table's base chain does not override a drop in another's
// (nft(8) OVERALL EVALUATION OF THE RULESET), whichever runs first.
import { describe, expect, it } from 'vitest';
import { findingFix } from '../../../../src/analyses/explain/findings/wording.js';
import { iptablesNft, nft, run, save, table } from './support.js';

const MX = 'ip daddr { 198.51.100.25, 203.0.113.25 } tcp dport 25 accept';

describe('accept-not-final', () => {
  it('a native accept beside an iptables-nft drop: the drop decided, the accept ran first', async () => {
    const text = table('inet filter', [MX], 'type filter hook output priority filter - 10; policy drop;') + iptablesNft('ip', ['meta l4proto tcp tcp dport 25 counter packets 3 bytes 180 drop']);
    const r = await run([nft(text)], 'gmail.com', { allow: ['domain.com'] });
    const f = r.find('accept-not-final');
    expect(f?.args).toMatchObject({
      accepted: { table: 'inet filter', chain: 'output', rule: 1 },
      decided: { table: 'ip filter', chain: 'OUTPUT', rule: 1, verdict: 'DROP', iptablesNft: true },
      acceptFirst: true, connections: 2, domain: 'domain.com', family: 4,
    });
    // the allow rule covers the MX hosts: not a gap in the allow rules
    expect(r.codes).not.toContain('mx-not-covered');
    // opened where it is closed: iptables-nft's chain, with iptables
    expect(r.report.fixes.flatMap((x) => x.lines)).toContain('iptables -I OUTPUT 1 -p tcp -d 198.51.100.25 --dport 25 -j ACCEPT');
  });

  it('the reverse: iptables-nft accepts, a native chain that runs first drops (found with the dropping table left out)', async () => {
    const text = table('inet filter', ['tcp dport 25 reject with tcp reset'], 'type filter hook output priority filter - 10; policy accept;') + iptablesNft('ip', ['meta l4proto tcp ip daddr 198.51.100.25 tcp dport 25 accept']);
    const r = await run([nft(text)], 'gmail.com', { allow: ['domain.com'] });
    expect(r.find('accept-not-final')?.args).toMatchObject({
      accepted: { table: 'ip filter', chain: 'OUTPUT', rule: 1, iptablesNft: true },
      decided: { table: 'inet filter', chain: 'output', rule: 1, verdict: 'REJECT' },
      acceptFirst: false, connections: 1,
    });
    // the native chain stops it: opened there with nft
    expect(r.report.fixes.flatMap((x) => x.lines)).toContain('nft insert rule inet filter output ip daddr 198.51.100.25 tcp dport 25 accept');
  });

  it('an iptables-save drop beside a native accept (--iptables and --nft)', async () => {
    const v4 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp --dport 25 -j DROP\nCOMMIT\n';
    const r = await run([save(v4), nft(table('inet filter', [MX]))], 'gmail.com', { allow: ['domain.com'] });
    expect(r.find('accept-not-final')?.args.decided).toMatchObject({ table: 'filter', chain: 'OUTPUT', rule: 1 });
  });

  it('is not reported when every base chain accepts, or when nothing accepted explicitly', async () => {
    const both = table('inet filter', [MX]) + iptablesNft('ip', ['meta l4proto tcp tcp dport 25 accept']);
    expect((await run([nft(both)], 'domain.com', { allow: ['domain.com'] })).codes).not.toContain('accept-not-final');
    // the native chain's policy accepts; the iptables-nft drop decides: no explicit accept was overridden
    const policyOnly = table('inet filter', []) + iptablesNft('ip', ['meta l4proto tcp tcp dport 25 drop']);
    expect((await run([nft(policyOnly)], 'gmail.com', { allow: ['domain.com'] })).codes).not.toContain('accept-not-final');
  });
});

describe('accept-not-final with firewalld', () => {
  it('a direct ACCEPT in iptables does not override firewalld\'s egress policy: advice with firewall-cmd', async () => {
    const direct = 'table ip filter {\n\tchain OUTPUT {\n\t\ttype filter hook output priority filter; policy accept;\n\t\tjump OUTPUT_direct\n\t}\n\tchain OUTPUT_direct {\n\t\tmeta l4proto tcp ip daddr 198.51.100.25 tcp dport 25 accept\n\t}\n}\n';
    const firewalld = 'table inet firewalld {\n\tchain filter_OUTPUT {\n\t\ttype filter hook output priority filter + 10; policy accept;\n\t\tjump filter_OUT_policy_smtp-block\n\t}\n\tchain filter_OUT_policy_smtp-block {\n\t\ttcp dport 25 reject with icmpx admin-prohibited\n\t}\n}\n';
    const r = await run([nft(direct + firewalld)], 'gmail.com', { allow: ['domain.com'] });
    const f = r.find('accept-not-final')!;
    expect(f.args).toMatchObject({ accepted: { table: 'ip filter', chain: 'OUTPUT_direct', iptablesNft: true }, decided: { table: 'inet firewalld', chain: 'filter_OUT_policy_smtp-block', verdict: 'REJECT' }, acceptFirst: true });
    expect(findingFix(f)?.lines).toEqual(['firewall-cmd --list-all-policies']);
  });
});
