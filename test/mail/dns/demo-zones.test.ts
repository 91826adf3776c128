// The bundled demo zones: gmail.com's real MX layout, addresses only from documentation ranges.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addressIn, parseCidr, parseIp } from '../../../src/firewall/address.js';
import { resolveMailHosts } from '../../../src/mail/dns/mail-hosts.js';
import { createRecordsResolver } from '../../../src/mail/dns/records-resolver.js';
import { parseZoneText } from '../../../src/mail/dns/zone-parse.js';

const DOC_RANGES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((c) => parseCidr(c)!);
const read = (file: string) => parseZoneText(readFileSync(new URL(`../../../fixtures/demo/${file}`, import.meta.url), 'utf8'), file);

describe('demo zones', () => {
  const files = ['gmail.com.zone', 'domain.com.zone'];

  it.each(files)('%s parses without errors and uses documentation addresses only', (file) => {
    const { records, diagnostics } = read(file);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const addresses = records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.address] : []));
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) {
      expect(DOC_RANGES.some((range) => addressIn(parseIp(address)!, range) === 'match'), address).toBe(true);
    }
  });

  it('gmail.com has its five MX hosts in preference order, each with IPv4 and IPv6', async () => {
    const hosts = await resolveMailHosts('gmail.com', createRecordsResolver(read('gmail.com.zone').records, 'demo'));
    if (hosts.kind !== 'mx') throw new Error(hosts.kind);
    expect(hosts.hosts.map((h) => [h.name, h.preference])).toEqual([
      ['gmail-smtp-in.l.google.com', 5],
      ['alt1.gmail-smtp-in.l.google.com', 10],
      ['alt2.gmail-smtp-in.l.google.com', 20],
      ['alt3.gmail-smtp-in.l.google.com', 30],
      ['alt4.gmail-smtp-in.l.google.com', 40],
    ]);
    expect(hosts.hosts.every((h) => h.a.status === 'ok' && h.aaaa.status === 'ok')).toBe(true);
  });

  it("domain.com's mail hosts are not at domain.com's own address", async () => {
    const resolver = createRecordsResolver(read('domain.com.zone').records, 'demo');
    const own = await resolver.resolveA('domain.com');
    const hosts = await resolveMailHosts('domain.com', resolver);
    if (hosts.kind !== 'mx' || own.status !== 'ok') throw new Error('demo zone incomplete');
    const mxAddresses = hosts.hosts.flatMap((h) => (h.a.status === 'ok' ? h.a.records : []));
    expect(mxAddresses.length).toBe(2);
    expect(mxAddresses.filter((a) => own.records.includes(a))).toEqual([]);
  });
});
