// ipv6-unfiltered beside native tables: an empty ip6tables-save says no ip6tables table is
// loaded, but a native inet or ip6 table still filters IPv6 (nft(8): every base chain on the
// hook runs), so the finding must follow the native table's verdict, not the empty save.
import { describe, expect, it } from 'vitest';
import { findingMessage } from '../../../../src/analyses/explain/findings/wording.js';
import { nft, run, save, table } from './support.js';

const EMPTY = '';
const V4_DROP = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp --dport 25 -j DROP\nCOMMIT\n';

describe('ipv6-unfiltered with an empty ip6tables-save and native tables', () => {
  for (const target of ['gmail.com', 'domain.com']) {
    it(`an inet output chain dropping tcp dport 25 blocks IPv6 (${target})`, async () => {
      const r = await run([save(V4_DROP), save(EMPTY, 6), nft(table('inet filter', ['tcp dport 25 drop']))], target);
      expect(r.codes).not.toContain('ipv6-unfiltered');
      for (const a of r.report.attempts.filter((x) => x.family === 6)) expect(a).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet filter', chain: 'output', rule: 1 } });
      for (const a of r.report.attempts) expect(a.cause?.code).not.toBe('no-table-loaded');
      expect(r.report.verdict).toBe('blocked');
      expect(r.report.answer).not.toContain('No ip6tables table is loaded');
    });

    it(`a native table that does not filter IPv6 leaves it open, and the finding names it (${target})`, async () => {
      const r = await run([save(V4_DROP), save(EMPTY, 6), nft(table('inet filter', ['ip daddr 192.0.2.0/24 tcp dport 25 drop']))], target);
      const f = r.find('ipv6-unfiltered');
      expect(f?.args).toMatchObject({ chain: 'inet filter output' });
      expect(findingMessage(f!)).not.toContain('No ip6tables table is loaded');
    });

    it(`an ip (IPv4-only) table does not filter IPv6: the empty save decides (${target})`, async () => {
      const r = await run([save(V4_DROP), save(EMPTY, 6), nft(table('ip filter4', ['tcp dport 25 drop']))], target);
      expect(r.find('ipv6-unfiltered')?.args).toMatchObject({ noTables: true });
    });
  }
});
