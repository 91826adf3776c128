import { describe, expect, it } from 'vitest';
import { readMainCf } from '../../../src/mail/postfix/main-cf.js';
import { readMasterCf, readPostconfP } from '../../../src/mail/postfix/master-cf.js';
import { expandParam } from '../../../src/mail/postfix/params.js';
import { lookupMaps, openMap } from '../../../src/mail/postfix/maps.js';
import { readNexthops } from '../../../src/mail/postfix/nexthop.js';
import { diagnosticMessage } from '../../../src/report/diagnostic-text.js';

describe('main.cf and postconf -n', () => {
  it('continuation lines, comments, later settings win, $name expansion', () => {
    const main = readMainCf('# comment\nmyhostname = mx.example\nmydestination = $myhostname,\n    localhost.$mydomain\n  # inside\n    localhost\nrelayhost = [a.example]\nrelayhost = [b.example]:587 # not a comment\n', 'main.cf');
    expect(main.params.get('mydestination')?.value).toBe('$myhostname, localhost.$mydomain localhost');
    expect(main.params.get('relayhost')?.value).toBe('[b.example]:587 # not a comment');
    expect(main.diagnostics.map((d) => `${d.code}@${d.loc?.line}`)).toEqual(['postfix-param-repeated@8']);
    expect(expandParam('mydestination', { main })).toEqual({ value: 'mx.example, localhost.example localhost', unknown: [] });
    expect(expandParam('smtp_fallback_relay', { main })).toEqual({ value: '', unknown: [] });
  });

  it('${name?x} and ${name:x}; an unknown myhostname stays unexpanded and is reported', () => {
    const main = readMainCf('a = yes\nb = ${a?on}${a:off}\nc = ${nothing:fallback}\n', 'main.cf');
    expect(expandParam('b', { main }).value).toBe('on');
    expect(expandParam('c', { main }).value).toBe('fallback');
    expect(expandParam('mydestination', { main })).toEqual({ value: '$myhostname, localhost.$mydomain, localhost', unknown: ['myhostname'] });
  });

  it('bad lines become diagnostics with line numbers, never exceptions', () => {
    const main = readMainCf('  leading continuation\nno equals here\nbad name = x\nok = 1\n', 'main.cf');
    expect(main.diagnostics.map((d) => `${d.code}@${d.loc?.line}:${(d.args as { problem: string }).problem}`)).toEqual(['postfix-line-syntax@1:continuation-first', 'postfix-line-syntax@2:no-equals', 'postfix-line-syntax@3:bad-name']);
    expect(main.params.get('ok')?.value).toBe('1');
    for (const d of main.diagnostics) expect(diagnosticMessage(d)).toMatch(/main\.cf/);
  });
});

describe('master.cf, postconf -M and -P', () => {
  it('services with -o overrides, both syntaxes, and continuation lines', () => {
    const master = readMasterCf('smtp unix - - y - - smtp\n  -o inet_protocols=ipv4\n  -o { smtp_bind_address = 192.0.2.5 }\nbroken unix - -\nodd weird - - y - - smtp\n', 'master.cf');
    expect(master.services).toHaveLength(1);
    expect([...master.services[0]!.overrides]).toEqual([['inet_protocols', 'ipv4'], ['smtp_bind_address', '192.0.2.5']]);
    expect(master.diagnostics.map((d) => `${d.code}@${d.loc?.line}`)).toEqual(['postfix-master-syntax@4', 'postfix-master-syntax@5']);
    readPostconfP('smtp/unix/smtp_bind_address6 = 2001:db8::10\nrelay/unix/syslog_name = postfix/$service_name\nnonsense\n', 'postconf -P', master);
    expect(master.services[0]!.overrides.get('smtp_bind_address6')).toBe('2001:db8::10');
    expect(master.services.map((s) => s.name)).toEqual(['smtp', 'relay']);
    expect(master.diagnostics.at(-1)?.loc?.line).toBe(3);
  });
});

describe('lookup tables', () => {
  it('hash: reads the source beside the db, keys folded, first duplicate kept', () => {
    const diagnostics: never[] = [];
    const map = openMap('hash:/etc/postfix/transport', (p) => (p === '/etc/postfix/transport' ? 'Example.TEST smtp:[a.test]\nexample.test smtp:[b.test]\n  # c\nlong\n  continued:value\n' : undefined), diagnostics);
    expect(lookupMaps([map], 'example.test', true)).toMatchObject({ kind: 'found', value: 'smtp:[a.test]', line: 1 });
    expect(lookupMaps([map], 'long', true)).toMatchObject({ value: 'continued:value' });
    expect(lookupMaps([openMap('hash:/nope', () => undefined, diagnostics)], 'x', true).kind).toBe('unknown');
    expect(lookupMaps([openMap('mysql:/etc/x.cf', () => '', diagnostics)], 'x', true).kind).toBe('unknown');
  });

  it('inline:{…}, static:, regexp with groups and case rules, pcre if-blocks unknown', () => {
    const d: never[] = [];
    expect(lookupMaps([openMap('inline:{ a.test=smtp:[x], { b.test = error:5.7.1 no way } }', () => undefined, d)], 'b.test', true)).toMatchObject({ value: 'error:5.7.1 no way' });
    expect(lookupMaps([openMap('static:{ smtp:[relay.test] }', () => undefined, d)], 'anything', true)).toMatchObject({ value: 'smtp:[relay.test]' });
    const re = openMap('regexp:/r', () => '/^(.*)@Dest\\.test$/ smtp:[$1.relay.test]\n', d);
    expect(lookupMaps([re], 'ann@dest.test', false)).toMatchObject({ value: 'smtp:[ann.relay.test]' });
    expect(lookupMaps([re], 'dest.test', true).kind).toBe('none');
    const diags: import('../../../src/diagnostics.js').Diagnostic[] = [];
    const pcre = openMap('pcre:/p', () => 'if /x/\n/y/ z\nendif\n/(/ bad\n', diags);
    expect(diags.map((x) => x.code)).toEqual(['postfix-regexp-unread', 'postfix-regexp-unread']);
    expect(lookupMaps([pcre], 'q', false).kind).toBe('unknown');
  });
});

describe('next hops', () => {
  it('[host]:port, host:service, [ipv6:…], lists', () => {
    expect(readNexthops('[relay.test]:587, smarthost.test:submission [ipv6:2001:db8::1] bad[', 25)).toEqual({
      destinations: [
        { host: 'relay.test', mx: false, port: 587, text: '[relay.test]:587' },
        { host: 'smarthost.test', mx: true, port: 587, service: 'submission', text: 'smarthost.test:submission' },
        { host: '2001:db8::1', mx: false, port: 25, text: '[ipv6:2001:db8::1]' },
      ],
      unknown: ['bad['],
    });
  });
});
