import { describe, expect, it } from 'vitest';
import { parseZoneText } from '../../../src/mail/dns/zone-parse.js';

const DIG_MX = `
; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> example.test MX
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 40310
;; flags: qr rd ra; QUERY: 1, ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 2

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: 5c1e0e3b0b6f2b1a0100000067459c2e8d7f1e0a34c1b9a2 (good)
;; QUESTION SECTION:
;example.test.			IN	MX

;; ANSWER SECTION:
example.test.		3600	IN	MX	5 mx-in.example.test.
example.test.		3600	IN	MX	10 ALT1.mx-in.example.test.
example.test.		3600	IN	MX	20 alt2.mx-in.example.test.

;; ADDITIONAL SECTION:
mx-in.example.test.	300	IN	A	192.0.2.26
mx-in.example.test.	300	IN	AAAA	2001:db8:0:0::1a

;; Query time: 16 msec
;; SERVER: 192.0.2.53#53(192.0.2.53) (UDP)
;; WHEN: Wed Nov 26 19:20:11 UTC 2026
;; MSG SIZE  rcvd: 170
`;

const DIG_NXDOMAIN = `
; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> no-such.example.test A
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 5120
;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1

;; QUESTION SECTION:
;no-such.example.test.		IN	A

;; AUTHORITY SECTION:
example.test.		1800	IN	SOA	ns1.example.test. hostmaster.example.test. 2026112601 900 900 1800 60

;; Query time: 20 msec
;; MSG SIZE  rcvd: 110
`;

const DIG_NODATA = `
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 777
;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1

;; QUESTION SECTION:
;mx-in.example.test.		IN	AAAA

;; AUTHORITY SECTION:
example.test.		1800	IN	SOA	ns1.example.test. hostmaster.example.test. 2026112601 900 900 1800 60
`;

describe('parseZoneText: dig output', () => {
  it('reads the ANSWER and ADDITIONAL sections and ignores the ;; lines', () => {
    const { records, diagnostics } = parseZoneText(DIG_MX, 'dig.txt');
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([
      { type: 'MX', name: 'example.test', ttl: 3600, preference: 5, exchange: 'mx-in.example.test' },
      { type: 'MX', name: 'example.test', ttl: 3600, preference: 10, exchange: 'alt1.mx-in.example.test' },
      { type: 'MX', name: 'example.test', ttl: 3600, preference: 20, exchange: 'alt2.mx-in.example.test' },
      { type: 'A', name: 'mx-in.example.test', ttl: 300, address: '192.0.2.26' },
      { type: 'AAAA', name: 'mx-in.example.test', ttl: 300, address: '2001:db8::1a' },
    ]);
  });

  it('turns an NXDOMAIN answer into "name does not exist" and skips the AUTHORITY SOA', () => {
    const { records } = parseZoneText(DIG_NXDOMAIN, 'dig.txt');
    expect(records).toEqual([{ type: 'absent', name: 'no-such.example.test', rrtype: 'A', nxdomain: true }]);
  });

  it('turns NOERROR with no answer into "no records of that type"', () => {
    const { records } = parseZoneText(DIG_NODATA, 'dig.txt');
    expect(records).toEqual([{ type: 'absent', name: 'mx-in.example.test', rrtype: 'AAAA', nxdomain: false }]);
  });

  it('warns that a SERVFAIL answer says nothing', () => {
    const text = DIG_NODATA.replace('status: NOERROR', 'status: SERVFAIL');
    const { records, diagnostics } = parseZoneText(text, 'dig.txt');
    expect(records).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([['dns-dig-status', 6]]);
  });

  it('reads several dig answers pasted one after another', () => {
    const { records } = parseZoneText(DIG_MX + DIG_NODATA, 'dig.txt');
    expect(records.filter((r) => r.type === 'MX')).toHaveLength(3);
    expect(records.at(-1)).toEqual({ type: 'absent', name: 'mx-in.example.test', rrtype: 'AAAA', nxdomain: false });
  });
});

describe('parseZoneText: zone files', () => {
  it('applies $ORIGIN, @, relative names, omitted owner, TTL and class, and a multi-line SOA', () => {
    const zone = [
      '$ORIGIN example.test.',
      '$TTL 1h',
      '@   IN SOA ns1 hostmaster (',
      '        2026112601 ; serial',
      '        7200 3600 1209600',
      '        300 )',
      '@       MX 10 mx1   ; primary',
      '        MX 20 mx2.example.test.',
      'mx1 IN 600 A 192.0.2.25',
      '    AAAA 2001:db8::25',
      'mx2 2h IN A 198.51.100.25',
      'www CNAME @',
      '$ORIGIN other.test.',
      'mail A 203.0.113.9',
    ].join('\n');
    const { records, diagnostics } = parseZoneText(zone, 'example.test.zone');
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([
      { type: 'SOA', name: 'example.test', data: 'ns1.example.test hostmaster.example.test 2026112601 7200 3600 1209600 300' },
      { type: 'MX', name: 'example.test', preference: 10, exchange: 'mx1.example.test' },
      { type: 'MX', name: 'example.test', preference: 20, exchange: 'mx2.example.test' },
      { type: 'A', name: 'mx1.example.test', ttl: 600, address: '192.0.2.25' },
      { type: 'AAAA', name: 'mx1.example.test', address: '2001:db8::25' },
      { type: 'A', name: 'mx2.example.test', ttl: 7200, address: '198.51.100.25' },
      { type: 'CNAME', name: 'www.example.test', target: 'example.test' },
      { type: 'A', name: 'mail.other.test', address: '203.0.113.9' },
    ]);
  });

  it('keeps other record types with an info, and reads a null MX', () => {
    const { records, diagnostics } = parseZoneText(
      'nomail.test. 300 IN MX 0 .\nnomail.test. 300 IN TXT "v=spf1 -all"\nnomail.test. NS ns1.example.test.',
      'z',
    );
    expect(records).toEqual([
      { type: 'MX', name: 'nomail.test', ttl: 300, preference: 0, exchange: '' },
      { type: 'other', name: 'nomail.test', ttl: 300, rrtype: 'TXT', data: 'v=spf1 -all' },
      { type: 'other', name: 'nomail.test', rrtype: 'NS', data: 'ns1.example.test.' },
    ]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.loc?.line])).toEqual([
      ['dns-zone-ignored', 'info', 2],
      ['dns-zone-ignored', 'info', 3],
    ]);
  });

  it('uses the zone origin given by the caller and says when a relative name has none', () => {
    expect(parseZoneText('mx A 192.0.2.1', 'z', { zoneOrigin: 'example.test.' }).records).toEqual([
      { type: 'A', name: 'mx.example.test', address: '192.0.2.1' },
    ]);
    const bare = parseZoneText('mx.example.test A 192.0.2.1', 'z');
    expect(bare.records).toEqual([{ type: 'A', name: 'mx.example.test', address: '192.0.2.1' }]);
    expect(bare.diagnostics.map((d) => d.code)).toEqual(['dns-zone-relative']);
  });

  it('reports each bad line with its number and text and keeps the good ones', () => {
    const text = [
      'ok.test. A 192.0.2.1',
      'bad1.test. A 999.0.2.1',
      'bad2.test. AAAA 192.0.2.1',
      'bad3.test. MX mx.test.',
      'bad4.test. 300 IN BOGUS x',
      '5 gmail-smtp-in.l.google.com.',
      '@ A 192.0.2.2',
      '$INCLUDE other.zone',
      'open.test. SOA ns hm ( 1 2 3',
      '',
    ].join('\n');
    const { records, diagnostics } = parseZoneText(text, 'mixed.zone');
    expect(records).toEqual([{ type: 'A', name: 'ok.test', address: '192.0.2.1' }]);
    expect(diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([
      ['dns-zone-rdata', 2],
      ['dns-zone-rdata', 3],
      ['dns-zone-rdata', 4],
      ['dns-zone-type', 5],
      ['dns-zone-relative', 6],
      ['dns-zone-type', 6],
      ['dns-zone-origin', 7],
      ['dns-zone-directive', 8],
      ['dns-zone-syntax', 9],
    ]);
    expect(diagnostics[0]!.loc).toEqual({ origin: 'mixed.zone', line: 2, text: 'bad1.test. A 999.0.2.1' });
  });

  it('never throws on arbitrary text', () => {
    for (const text of ['(', ')', '"', '$ORIGIN', '\t\tA 1.2.3.4', ';;', 'x'.repeat(1000), '\u0000 ( ; )\n)']) {
      expect(() => parseZoneText(text, 'junk')).not.toThrow();
    }
  });
});
