// native-tables-present: iptables output that looks empty or permissive while native nft tables
// filter (iptables -L never shows them).
import { describe, expect, it } from 'vitest';
import { findingFix } from '../../../../src/analyses/explain/findings/wording.js';
import { iptablesNft, nft, run, save, table } from './support.js';

const NATIVE = table('inet filter', ['tcp dport { 25, 465, 587 } reject with tcp reset']);
const F2B = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:f2b-sshd - [0:0]\n-A INPUT -p tcp --dport 22 -j f2b-sshd\n-A f2b-sshd -s 203.0.113.77/32 -j REJECT\n-A f2b-sshd -j RETURN\nCOMMIT\n';

describe('native-tables-present', () => {
  it('a permissive iptables-save beside a native table that rejects the mail', async () => {
    const r = await run([save(F2B), nft(NATIVE)]);
    expect(r.report.verdict).toBe('blocked');
    expect(r.find('native-tables-present')?.args).toEqual({ tables: ['inet filter'], iptables: 'permissive', stops: 7, chains: ['inet filter output'] });
    expect(findingFix(r.find('native-tables-present')!)?.lines).toEqual(['nft list ruleset', 'nft -a list table inet filter']);
  });

  it('an empty iptables-save', async () => {
    const r = await run([save(''), nft(NATIVE)]);
    expect(r.find('native-tables-present')?.args.iptables).toBe('empty');
  });

  it('iptables-nft tables in the same nft ruleset that look empty', async () => {
    const r = await run([nft(iptablesNft('ip', []) + NATIVE)]);
    expect(r.find('native-tables-present')?.args).toMatchObject({ tables: ['inet filter'], iptables: 'empty' });
  });

  it('is not reported when iptables itself stops the mail, or when no iptables output was given', async () => {
    const drops = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp --dport 25 -j REJECT\nCOMMIT\n';
    expect((await run([save(drops), save(drops, 6), nft(NATIVE)])).codes).not.toContain('native-tables-present');
    expect((await run([nft(NATIVE)])).codes).not.toContain('native-tables-present');
  });
});
