// The live resolver against a real DNS server (dnsmasq on loopback), and the same zone read
// by the records resolver: both must give the delivery planner the same mail hosts.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDnsServer, createLiveResolver } from '../../../src/mail/dns/live-resolver.js';
import { resolveMailHosts, type MailHosts } from '../../../src/mail/dns/mail-hosts.js';
import { createRecordsResolver } from '../../../src/mail/dns/records-resolver.js';
import type { Resolver } from '../../../src/mail/dns/resolver.js';
import { parseZoneText } from '../../../src/mail/dns/zone-parse.js';
import { dnsmasqAvailable, startDnsmasq, type DnsmasqServer } from '../../support/dnsmasq.js';

const unavailable = dnsmasqAvailable();
if (unavailable) console.warn(`skipping live DNS tests: ${unavailable}`);

const ZONE = `
$ORIGIN example.test.
@        SOA   ns1 hostmaster 1 7200 3600 1209600 300
@        MX    20 mx2
@        MX    10 mx1
mx1      A     192.0.2.25
         AAAA  2001:db8::25
mx2      A     198.51.100.25
bare     A     203.0.113.1
nomail   MX    0 .
aliased  MX    10 mail
mail     CNAME mx2
`;
const GMAIL = readFileSync(new URL('../../../fixtures/demo/gmail.com.zone', import.meta.url), 'utf8');

describe.skipIf(unavailable !== null)('createLiveResolver against dnsmasq', () => {
  let server: DnsmasqServer;
  let live: Resolver;
  beforeAll(async () => {
    server = await startDnsmasq({ records: ZONE + GMAIL });
    live = createLiveResolver({ server: server.server, timeoutMs: 1000, tries: 1 });
  });
  afterAll(() => server?.stop());

  it('reads MX, A and AAAA records', async () => {
    expect(live.description).toBe(`live DNS (server ${server.server})`);
    const mx = await live.resolveMx('example.test');
    expect(mx.status === 'ok' && [...mx.records].sort((a, b) => a.preference - b.preference)).toEqual([
      { preference: 10, exchange: 'mx1.example.test' },
      { preference: 20, exchange: 'mx2.example.test' },
    ]);
    expect(await live.resolveA('mx1.example.test')).toEqual({ status: 'ok', records: ['192.0.2.25'], notes: [] });
    expect(await live.resolveAaaa('mx1.example.test')).toEqual({ status: 'ok', records: ['2001:db8::25'], notes: [] });
  });

  it('maps NODATA, NXDOMAIN, SERVFAIL and REFUSED', async () => {
    expect((await live.resolveAaaa('mx2.example.test')).status).toBe('nodata');
    expect((await live.resolveA('nothere.example.test')).status).toBe('nxdomain');
    expect((await live.resolveMx('anything.nx.test')).status).toBe('nxdomain');
    expect((await live.resolveMx('anything.fail.test')).status).toBe('servfail');
    const refused = await live.resolveMx('not-served.example');
    expect(refused.status).toBe('unknown');
    expect(refused.status !== 'ok' && refused.message).toMatch(/REFUSED/);
  });

  it('gives the planner implicit MX, null MX, CNAME notes and "unknown" for SERVFAIL', async () => {
    expect((await resolveMailHosts('bare.example.test', live)).kind).toBe('implicit-mx');
    expect((await resolveMailHosts('nomail.example.test', live)).kind).toBe('null-mx');
    const aliased = await resolveMailHosts('aliased.example.test', live);
    expect(aliased.kind === 'mx' && aliased.hosts[0]!.notes).toContain('followed CNAME mail.example.test → mx2.example.test');
    expect((await resolveMailHosts('x.nx.test', live)).kind).toBe('nxdomain');
    const failed = await resolveMailHosts('x.fail.test', live);
    expect(failed.kind === 'unknown' && failed.reason).toMatch(/SERVFAIL/);
  });

  it('the demo gmail.com zone gives the same mail hosts served live as read from the file', async () => {
    const fromFile = createRecordsResolver(parseZoneText(GMAIL, 'gmail.com.zone').records, 'gmail.com.zone');
    const summary = (hosts: MailHosts) =>
      hosts.kind === 'mx'
        ? hosts.hosts.map((h) => [h.name, h.preference, h.a.status === 'ok' ? h.a.records : h.a.status, h.aaaa.status === 'ok' ? h.aaaa.records : h.aaaa.status])
        : hosts.kind;
    const viaFile = summary(await resolveMailHosts('gmail.com', fromFile));
    expect(viaFile).toHaveLength(5);
    expect(summary(await resolveMailHosts('gmail.com', live))).toEqual(viaFile);
  });
});

describe('createLiveResolver without a server', () => {
  it('times out against a server that never answers, within the configured time', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    try {
      const resolver = createLiveResolver({ server: `127.0.0.1:${silent.address().port}`, timeoutMs: 300, tries: 1 });
      const started = Date.now();
      const lookup = await resolver.resolveMx('example.test');
      expect(lookup.status).toBe('timeout');
      // a hang would be a bug; c-ares may add a little on top of the 300 ms
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('reports a closed port as unknown, and rejects a malformed server address', async () => {
    const closed = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', () => resolve()));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const lookup = await createLiveResolver({ server: `127.0.0.1:${port}`, timeoutMs: 500, tries: 1 }).resolveA('example.test');
    expect(['unknown', 'timeout']).toContain(lookup.status);
    expect(checkDnsServer('[2001:db8::53]:5353')).toBeUndefined();
    expect(checkDnsServer('2001:db8::53')).toBeUndefined();
    expect(checkDnsServer('192.0.2.53:53')).toBeUndefined();
    expect(checkDnsServer('dns.example')).toMatch(/not ADDRESS/);
    expect(checkDnsServer('192.0.2.53:70000')).toMatch(/out of range/);
    expect(() => createLiveResolver({ server: 'nonsense' })).toThrow(/invalid DNS server/);
  });
});
