// ipv4-only-match: an `ip daddr` match in an inet table (or a table of family ip) restricts IPv4
// only; IPv6 SMTP goes past it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingFix } from '../../../../src/analyses/explain/findings/wording.js';
import { nft, run, table } from './support.js';

const RELAY = 'ip daddr != 192.0.2.25 tcp dport { 25, 465, 587 } counter packets 4 bytes 240 drop comment "relay only" # handle 9';

describe('ipv4-only-match', () => {
  it('an ip daddr drop in an inet table while IPv6 mail gets out; the fix is its IPv6 counterpart right after it (by handle)', async () => {
    const r = await run([nft(table('inet filter', ['ct state established,related accept # handle 7', RELAY]))], 'gmail.com', { uid: 104 });
    const f = r.find('ipv4-only-match');
    expect(f?.args).toMatchObject({ place: { table: 'inet filter', chain: 'output', handle: 9 }, rule: 2, why: 'ip-match', verdict: 'drop', ports: [25, 465, 587], leaks: { host: 'gmail-smtp-in.l.google.com', address: '2001:db8:4860::1a' }, rest: 'tcp dport { 25, 465, 587 } drop', uid: 104 });
    expect(findingFix(f!)?.lines[0]).toBe('nft add rule inet filter output position 9 meta nfproto ipv6 tcp dport { 25, 465, 587 } drop');
  });

  it('without handles (plain nft list ruleset) the fix asks for the handle first', async () => {
    const r = await run([nft(readFileSync('fixtures/nft-ipv6-leak/ruleset.nft', 'utf8'))]);
    const lines = findingFix(r.find('ipv4-only-match')!)!.lines;
    expect(lines[0]).toBe('nft -a list chain inet filter output   # the rule\'s handle');
    expect(lines[1]).toContain('position HANDLE meta nfproto ipv6 tcp dport { 25, 465, 587 } drop');
  });

  it('the same from nft -j list ruleset: the handle from JSON, the counterpart from ports and verdict (JSON has no rule text)', async () => {
    const json = JSON.stringify({ nftables: [
      { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
      { table: { family: 'inet', name: 'filter', handle: 1 } },
      { chain: { family: 'inet', table: 'filter', name: 'output', handle: 2, type: 'filter', hook: 'output', prio: 0, policy: 'accept' } },
      { rule: { family: 'inet', table: 'filter', chain: 'output', handle: 9, expr: [
        { match: { op: '!=', left: { payload: { protocol: 'ip', field: 'daddr' } }, right: '192.0.2.25' } },
        { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: { set: [25, 465, 587] } } },
        { drop: null },
      ] } },
    ] });
    const f = (await run([nft(json, 'ruleset.json')])).find('ipv4-only-match');
    expect(f?.args).toMatchObject({ place: { table: 'inet filter', chain: 'output', handle: 9 }, rule: 1, why: 'ip-match', verdict: 'drop' });
    expect(f?.args.rest).toBeUndefined();
    expect(findingFix(f!)?.lines[0]).toBe('nft add rule inet filter output position 9 meta nfproto ipv6 tcp dport { 25, 465, 587 } drop');
  });

  it('a table of family ip restricts IPv4 only', async () => {
    const text = table('ip mail', ['tcp dport 25 reject with tcp reset']) + table('ip6 other', ['counter']);
    const r = await run([nft(text)]);
    expect(r.find('ipv4-only-match')?.args).toMatchObject({ why: 'ip-table', place: { table: 'ip6 mail', chain: 'output' }, verdict: 'reject' });
  });

  it('is not reported when an IPv6 counterpart stops IPv6 too, nor for an accept', async () => {
    const both = await run([nft(table('inet filter', [RELAY, 'meta nfproto ipv6 tcp dport { 25, 465, 587 } drop']))]);
    expect(both.codes).not.toContain('ipv4-only-match');
    expect(both.report.verdict).toBe('blocked');
    const accept = await run([nft(table('inet filter', ['ip daddr 192.0.2.25 tcp dport 25 accept'], 'type filter hook output priority filter; policy drop;'))]);
    expect(accept.codes).not.toContain('ipv4-only-match');
  });

  it('a rule on the input hook is not about outgoing mail', async () => {
    const input = table('inet filter', ['ip saddr != 192.0.2.0/24 tcp dport 25 drop'], 'type filter hook input priority filter; policy accept;', 'input');
    expect((await run([nft(input + table('inet out', []))])).codes).not.toContain('ipv4-only-match');
  });
});
