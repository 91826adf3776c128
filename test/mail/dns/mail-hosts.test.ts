import { describe, expect, it } from 'vitest';
import { resolveMailHosts } from '../../../src/mail/dns/mail-hosts.js';
import { createOfflineResolver } from '../../../src/mail/dns/offline-resolver.js';
import { createRecordsResolver } from '../../../src/mail/dns/records-resolver.js';
import { parseZoneText } from '../../../src/mail/dns/zone-parse.js';

const ZONES = `
$ORIGIN example.test.
@          SOA  ns1 hostmaster 1 7200 3600 1209600 300
; MX preferences out of order, with a tie and a duplicate
many       MX   30 mx-c
           MX   10 mx-b
           MX   10 mx-a
           MX   20 mx-c
mx-a       A    192.0.2.1
mx-b       A    192.0.2.2
           AAAA 2001:db8::2
mx-c       AAAA 2001:db8::3
; no MX: implicit MX
bare       A    198.51.100.1
           AAAA 2001:db8::100:1
; RFC 7505 null MX
nomail     MX   0 .
           A    198.51.100.2
; MX target is an alias
aliased    MX   10 mail
mail       CNAME real
real       A    203.0.113.5
; odd but real-world MX records
literal    MX   10 192.0.2.99.
self       MX   10 self
self       A    203.0.113.6
nothing    TXT  "no mail here"
`;

const resolver = createRecordsResolver(parseZoneText(ZONES, 'zones').records, 'test zones');
const addresses = (l: { status: string; records?: string[] }) => (l.status === 'ok' ? l.records : l.status);

describe('resolveMailHosts', () => {
  it('sorts MX hosts by preference, keeps ties in answer order, keeps the lowest of duplicates', async () => {
    const hosts = await resolveMailHosts('many.example.test', resolver);
    if (hosts.kind !== 'mx') throw new Error(hosts.kind);
    expect(hosts.hosts.map((h) => [h.name, h.preference])).toEqual([
      ['mx-b.example.test', 10],
      ['mx-a.example.test', 10],
      ['mx-c.example.test', 20],
    ]);
    expect(hosts.notes.join('\n')).toMatch(/random order/);
    expect(hosts.notes.join('\n')).toMatch(/mx-c.example.test is listed twice/);
  });

  it('always asks both A and AAAA of every host', async () => {
    const hosts = await resolveMailHosts('many.example.test', resolver);
    if (hosts.kind !== 'mx') throw new Error(hosts.kind);
    expect(hosts.hosts.map((h) => [addresses(h.a), addresses(h.aaaa)])).toEqual([
      [['192.0.2.2'], ['2001:db8::2']],
      [['192.0.2.1'], 'nodata'],
      ['nodata', ['2001:db8::3']],
    ]);
  });

  it('uses the domain itself when there is no MX (implicit MX)', async () => {
    const hosts = await resolveMailHosts('bare.example.test', resolver);
    if (hosts.kind !== 'implicit-mx') throw new Error(hosts.kind);
    expect([hosts.host.name, hosts.host.preference, addresses(hosts.host.a), addresses(hosts.host.aaaa)]).toEqual([
      'bare.example.test', 0, ['198.51.100.1'], ['2001:db8::100:1'],
    ]);
  });

  it('recognises a null MX even though the domain has an address', async () => {
    expect(await resolveMailHosts('nomail.example.test', resolver)).toEqual({ kind: 'null-mx', domain: 'nomail.example.test', notes: [] });
  });

  it('follows an MX target that is a CNAME and says so', async () => {
    const hosts = await resolveMailHosts('aliased.example.test', resolver);
    if (hosts.kind !== 'mx') throw new Error(hosts.kind);
    expect(addresses(hosts.hosts[0]!.a)).toEqual(['203.0.113.5']);
    expect(hosts.hosts[0]!.notes).toContain('followed CNAME mail.example.test → real.example.test');
  });

  it('handles an MX that is an address literal or the domain itself without crashing', async () => {
    const literal = await resolveMailHosts('literal.example.test', resolver);
    if (literal.kind !== 'mx') throw new Error(literal.kind);
    expect(literal.hosts[0]).toMatchObject({ name: '192.0.2.99', addressLiteral: true });
    expect(addresses(literal.hosts[0]!.a)).toEqual(['192.0.2.99']);
    expect(literal.hosts[0]!.notes.join()).toMatch(/allow_mx_to_ip/);
    const self = await resolveMailHosts('self.example.test', resolver);
    if (self.kind !== 'mx') throw new Error(self.kind);
    expect(addresses(self.hosts[0]!.a)).toEqual(['203.0.113.6']);
    expect(self.hosts[0]!.notes).toContain('the MX of self.example.test is the domain itself');
  });

  it('NXDOMAIN for a name absent from a zone; a domain with neither MX nor address is an implicit MX without addresses', async () => {
    expect((await resolveMailHosts('gone.example.test', resolver)).kind).toBe('nxdomain');
    const nothing = await resolveMailHosts('nothing.example.test', resolver);
    if (nothing.kind !== 'implicit-mx') throw new Error(nothing.kind);
    expect([nothing.host.a.status, nothing.host.aaaa.status]).toEqual(['nodata', 'nodata']);
    expect(nothing.notes.join()).toMatch(/no usable address records/);
  });

  it('is unknown when DNS cannot say (offline, records silent)', async () => {
    const offline = await resolveMailHosts('gmail.com', createOfflineResolver());
    expect(offline).toEqual({ kind: 'unknown', domain: 'gmail.com', reason: 'MX lookup for gmail.com: offline: DNS not consulted for gmail.com' });
    expect((await resolveMailHosts('elsewhere.example', resolver)).kind).toBe('unknown');
  });
});
