import { describe, expect, it } from 'vitest';
import { readBtOutput } from '../../../src/mail/exim/bt-output.js';
import { readSample, samplesAvailable } from './support/samples.js';

describe.skipIf(!samplesAvailable)('exim -bt output (Exim 4.96 captures)', () => {
  it('reads routed addresses with padded host lines, MX and ports', () => {
    const bt = readBtOutput(readSample('bt-manual.txt'), 'bt-manual.txt');
    expect(bt.diagnostics).toEqual([]);
    const ports = bt.blocks.find((b) => b.kind === 'routed' && b.address === 'u@ports.example');
    expect(ports).toMatchObject({ router: 'static_routes', transport: 'remote_smtp', hosts: [{ name: '203.0.113.10', address: '203.0.113.10', port: 2525 }, { name: '2001:db8::25', address: '2001:db8::25', port: 587 }] });
    expect(bt.blocks.filter((b) => b.kind === 'undeliverable').map((b) => b.kind === 'undeliverable' && b.message)).toEqual(['Unrouteable address', 'Unrouteable address']);
  });

  it('reads failures, deferrals, discards, parents and local deliveries', () => {
    const failed = readBtOutput(readSample('bt-x-fakedns.txt'), 'x');
    expect(failed.blocks.find((b) => b.kind === 'undeliverable')).toMatchObject({ address: 'user@gmail.com', message: 'outbound mail to gmail.com is blocked by local policy' });
    expect(readBtOutput(readSample('bt-leak-fail-without-allow_fail.txt'), 'x').blocks[0]).toMatchObject({ kind: 'deferred', address: 'user@gmail.com' });
    expect(readBtOutput(readSample('bt-leak-blackhole.txt'), 'x').blocks[0]).toMatchObject({ kind: 'discarded', address: 'user@gmail.com' });
    const unseen = readBtOutput(readSample('bt-leak-unseen.txt'), 'x');
    expect(unseen.blocks.map((b) => b.kind === 'routed' && [b.router, b.parents])).toEqual([['dnslookup', ['user@example.net']], ['archive_copy', ['user@example.net']]]);
    const local = readBtOutput(readSample('bt-debian-local-default.txt'), 'x');
    expect(local.diagnostics).toEqual([]);
    expect(local.blocks[1]).toMatchObject({ kind: 'local-item', address: 'root@localhost', target: '/var/mail/mail', transport: 'address_file' });
  });

  it('tolerates the stdin prompt, syntax errors and the debug R: lines', () => {
    const stdin = readBtOutput(readSample('bt-stdin.txt'), 'x');
    expect(stdin.diagnostics).toEqual([]);
    expect(stdin.blocks.map((b) => b.kind)).toEqual(['routed', 'undeliverable']);
    const syntax = readBtOutput(readSample('bt-unqualified-and-syntax.txt'), 'x');
    expect(syntax.blocks.map((b) => b.kind)).toEqual(['routed', 'syntax-error', 'routed']);
  });
});

describe('exim -bt output from a paste', () => {
  it('reports lines it does not recognise, with their line number', () => {
    const bt = readBtOutput('user@a.test\n  router = dnslookup, transport = remote_smtp\nsomething else entirely\n', 'paste');
    expect(bt.diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([['exim-bt-unrecognised', 3]]);
  });
});
