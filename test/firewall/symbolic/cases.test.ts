// The egress map on rulesets whose answer a reader can work out by hand: goto/RETURN to the
// policy, negation, a nat OUTPUT DNAT, owner rules per principal, redacted listings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from '../../../src/firewall/address.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import { compareEgress, computeEgress, rangeToCidrs, type EgressMap, type EgressRow } from '../../../src/firewall/symbolic/index.js';
import { formatDecider } from './sample.js';

const SMTP = [25, 465, 587].map((p) => ({ from: p, to: p }));

const MAIL_SAVE = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -d 203.0.113.0/24 -p tcp --dport 25 -j DNAT --to-destination 198.51.100.25:587
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT DROP [0:0]
:MAIL - [0:0]
-A OUTPUT -o lo -j ACCEPT
-A OUTPUT -p tcp -m multiport --dports 25,465,587 -g MAIL
-A OUTPUT -j ACCEPT
-A MAIL -d 198.51.100.25/32 -j ACCEPT
-A MAIL ! -d 192.0.2.0/24 -j RETURN
-A MAIL -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

/** The row holding one destination. */
function rowAt(map: EgressMap, address: string, port: number): EgressRow {
  const a = parseIp(address)!.value;
  const row = map.rows.find((r) => r.addresses.from.value <= a && a <= r.addresses.to.value && r.ports.some((p) => p.from <= port && port <= p.to));
  if (!row) throw new Error(`no row for ${address}:${port}`);
  return row;
}

describe('egress map', () => {
  const ruleset = parseFirewallText(MAIL_SAVE, { origin: 'mail.save', family: 4 });
  const map = computeEgress(ruleset, { family: 4, ports: SMTP, uid: 101, gid: 101, oif: 'eth0' });

  it('accepts the one allowed MX host, by the rule in the goto chain', () => {
    const row = rowAt(map, '198.51.100.25', 25);
    expect(row.verdict).toBe('ACCEPT');
    expect(formatDecider(row.decidedBy)).toBe('filter MAIL #1');
    expect(formatIp(row.addresses.from)).toBe('198.51.100.25');
    expect(formatIp(row.addresses.to)).toBe('198.51.100.25');
  });

  it('sends a RETURN from a goto chain to the OUTPUT policy (iptables(8) --goto)', () => {
    for (const address of ['198.51.100.24', '198.51.100.26', '203.0.113.200', '192.0.0.1']) {
      const row = rowAt(map, address, 465);
      expect(row.verdict).toBe('DROP');
      expect(formatDecider(row.decidedBy)).toBe('filter OUTPUT policy');
    }
  });

  it('rejects the negated range, and only on the mail ports asked about', () => {
    const row = rowAt(map, '192.0.2.77', 587);
    expect(row.verdict).toBe('REJECT');
    expect(rangeToCidrs(4, row.addresses.from.value, row.addresses.to.value)).toEqual(['192.0.2.0/24']);
    expect(row.ports).toEqual(SMTP);
  });

  it('follows the nat OUTPUT DNAT: port 25 to 203.0.113.0/24 is accepted as 198.51.100.25:587', () => {
    const row = rowAt(map, '203.0.113.9', 25);
    expect(row.verdict).toBe('ACCEPT');
    expect(formatDecider(row.decidedBy)).toBe('filter MAIL #1');
    expect(row.rewrittenTo?.address && formatIp(row.rewrittenTo.address)).toBe('198.51.100.25');
    expect(row.rewrittenTo?.port).toBe(587);
    expect(formatDecider(row.rewrittenTo?.byRule)).toBe('nat OUTPUT #1');
    // the same range on 465 is not rewritten: the policy drops it
    expect(rowAt(map, '203.0.113.9', 465).verdict).toBe('DROP');
  });

  it('is a partition: rows do not overlap and cover every address and port asked about', () => {
    let covered = 0n;
    for (const r of map.rows) covered += (r.addresses.to.value - r.addresses.from.value + 1n) * BigInt(r.ports.reduce((n, p) => n + p.to - p.from + 1, 0));
    expect(covered).toBe(2n ** 32n * 3n);
  });

  it('side by side per principal when owner rules decide', () => {
    const text = readFileSync('fixtures/owner-allows-mta/iptables.save', 'utf8');
    const owner = parseFirewallText(text, { origin: 'owner', family: 4 });
    const base = { family: 4 as const, ports: SMTP, oif: 'eth0' };
    const { rows } = compareEgress(owner, [{ ...base, uid: 0, gid: 0 }, { ...base, uid: 101, gid: 12 }, { ...base, uid: 1000, gid: 1000 }]);
    const outside = rows.find((r) => r.addresses.from.value <= parseIp('198.51.100.25')!.value && parseIp('198.51.100.25')!.value <= r.addresses.to.value)!;
    expect(outside.answers.map((a) => a.verdict)).toEqual(['ACCEPT', 'ACCEPT', 'REJECT']);
    expect(outside.answers.map((a) => formatDecider(a.decidedBy))).toEqual(['filter OUTPUT #1', 'filter OUTPUT #2', 'filter OUTPUT #4']);
  });

  it('says UNKNOWN for a redacted destination, naming the rule, and decides the rest', () => {
    const listing = parseFirewallText(readFileSync('fixtures/demo/serverfault-930157.txt', 'utf8'), { origin: 'sf', family: 4 });
    const sf = computeEgress(listing, { family: 4, ports: SMTP, uid: 101, gid: 101 });
    // rule 6 of the paste: ACCEPT tcp dpt:25 to 216.x.x.x
    const redacted = sf.rows.find((r) => r.unknownBecause?.rule === 6)!;
    expect(redacted.verdict).toBe('UNKNOWN');
    expect(redacted.ports).toEqual([{ from: 25, to: 25 }]);
    expect(redacted.unknownBecause?.cause).toEqual({ code: 'rule-undecided', matches: [{ why: 'redacted', dir: 'dst', text: '216.x.x.x' }] });
    expect(rangeToCidrs(4, redacted.addresses.from.value, redacted.addresses.to.value)).toEqual(['216.0.0.0/8']);
    expect(rowAt(sf, '127.0.0.1', 25).verdict).toBe('ACCEPT');
  });
});

describe('rangeToCidrs', () => {
  it('covers a range exactly with the fewest blocks', () => {
    expect(rangeToCidrs(4, 0n, parseIp('126.255.255.255')!.value)).toEqual(['0.0.0.0/2', '64.0.0.0/3', '96.0.0.0/4', '112.0.0.0/5', '120.0.0.0/6', '124.0.0.0/7', '126.0.0.0/8']);
    expect(rangeToCidrs(6, 0n, 2n ** 128n - 1n)).toEqual(['::/0']);
    expect(rangeToCidrs(4, parseIp('192.0.2.1')!.value, parseIp('192.0.2.6')!.value)).toEqual(['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/31', '192.0.2.6/32']);
  });
});
