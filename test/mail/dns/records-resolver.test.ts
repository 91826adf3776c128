import { describe, expect, it } from 'vitest';
import { createOfflineResolver } from '../../../src/mail/dns/offline-resolver.js';
import { createRecordsResolver } from '../../../src/mail/dns/records-resolver.js';
import { parseZoneText } from '../../../src/mail/dns/zone-parse.js';

const ZONE = `
$ORIGIN example.test.
@        SOA  ns1 hostmaster 1 7200 3600 1209600 300
@        MX   10 mx1
mx1      A    192.0.2.25
         AAAA 2001:db8::25
alias    CNAME mx1
hop1     CNAME hop2
hop2     CNAME alias
loop1    CNAME loop2
loop2    CNAME loop1
outside  CNAME mx.elsewhere.example.
`;

const PASTED = `
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0
;; QUESTION SECTION:
;partial.test.			IN	MX

;; ANSWER SECTION:
partial.test.		300	IN	MX	10 mx.partial.test.
mx.partial.test.	300	IN	A	198.51.100.7
`;

function resolverFor(...texts: string[]) {
  const records = texts.flatMap((text, i) => parseZoneText(text, `file${i}`).records);
  return createRecordsResolver(records, 'records from test');
}

describe('createRecordsResolver', () => {
  const resolver = resolverFor(ZONE, PASTED);

  it('answers from the records', async () => {
    expect(resolver.description).toBe('records from test');
    expect(await resolver.resolveMx('Example.Test.')).toEqual({ status: 'ok', records: [{ preference: 10, exchange: 'mx1.example.test' }], notes: [] });
    expect(await resolver.resolveA('mx1.example.test')).toEqual({ status: 'ok', records: ['192.0.2.25'], notes: [] });
    expect(await resolver.resolveAaaa('mx1.example.test')).toEqual({ status: 'ok', records: ['2001:db8::25'], notes: [] });
  });

  it('inside a zone with an SOA: other types are NODATA, absent names NXDOMAIN', async () => {
    expect((await resolver.resolveMx('mx1.example.test')).status).toBe('nodata');
    expect((await resolver.resolveA('example.test')).status).toBe('nodata');
    expect((await resolver.resolveA('nothere.example.test')).status).toBe('nxdomain');
  });

  it('outside any SOA zone: a name the records do not mention is unknown, not NXDOMAIN', async () => {
    const lookup = await resolver.resolveMx('gmail.example');
    expect(lookup).toEqual({ status: 'unknown', message: 'the records file says nothing about gmail.example' });
  });

  it('without a zone, a missing type of a known name stays unknown (pasted answers are partial)', async () => {
    const aaaa = await resolver.resolveAaaa('mx.partial.test');
    expect(aaaa.status).toBe('unknown');
    expect(aaaa.status !== 'ok' && aaaa.message).toContain('say nothing about its AAAA');
  });

  it("believes dig's own empty answers", async () => {
    const nodata = resolverFor(`;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 2
;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 0
;; QUESTION SECTION:
;mx.partial.test.		IN	AAAA
`, PASTED);
    expect((await nodata.resolveAaaa('mx.partial.test')).status).toBe('nodata');
    expect((await nodata.resolveA('mx.partial.test')).status).toBe('ok');
  });

  it('follows CNAME chains with a note per hop', async () => {
    expect(await resolver.resolveA('hop1.example.test')).toEqual({
      status: 'ok',
      records: ['192.0.2.25'],
      notes: ['followed CNAME hop1.example.test → hop2.example.test', 'followed CNAME hop2.example.test → alias.example.test', 'followed CNAME alias.example.test → mx1.example.test'],
    });
  });

  it('reports a CNAME loop as unknown and a CNAME out of the records as unknown', async () => {
    const loop = await resolver.resolveA('loop1.example.test');
    expect(loop).toEqual({ status: 'unknown', message: 'CNAME loop: loop1.example.test → loop2.example.test → loop1.example.test' });
    const outside = await resolver.resolveA('outside.example.test');
    expect(outside.status).toBe('unknown');
    expect(outside.status !== 'ok' && outside.message).toContain('mx.elsewhere.example');
  });
});

describe('createOfflineResolver', () => {
  it('says plainly that DNS was not consulted', async () => {
    const offline = createOfflineResolver();
    expect(offline.description).toBe('offline');
    for (const lookup of [await offline.resolveMx('gmail.com'), await offline.resolveA('x.test'), await offline.resolveAaaa('x.test')]) {
      expect(lookup.status).toBe('unknown');
      expect(lookup.status !== 'ok' && lookup.message).toContain('offline: DNS not consulted');
    }
  });
});
