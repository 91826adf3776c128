// Regression tests for what the fuzzing found, plus hostile structures: each was a crash
// (RangeError from push(...) with 300,000 arguments) or a hang (quadratic regexes and loops
// on one long line) before the fix. The vitest timeout is the hang detector here.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/firewall/address.js';
import { detectFirewallFormat, parseFirewallText, parseRuleCommandsByFamily } from '../../src/firewall/parse/index.js';
import { parseListing } from '../../src/firewall/parse/listing.js';
import { parseSave } from '../../src/firewall/parse/save.js';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS } from '../../src/firewall/simulate/types.js';
import { parseZoneText } from '../../src/mail/dns/zone-parse.js';
import { readBtOutput } from '../../src/mail/exim/bt-output.js';
import { readEximConfigFile } from '../../src/mail/exim/read-config.js';

const READERS: [string, (t: string) => unknown][] = [
  ['detect', (t) => detectFirewallFormat(t)], ['listing', (t) => parseListing(t, { origin: 'x' })], ['save', (t) => parseSave(t, { origin: 'x' })],
  ['commands', (t) => parseRuleCommandsByFamily(t, { origin: 'x' })], ['zone', (t) => parseZoneText(t, 'x')], ['exim -bt', (t) => readBtOutput(t, 'x')],
  ['exim config', (t) => readEximConfigFile(t, 'x')],
];

describe('one very long line (640,000 characters) never crashes or hangs a reader', () => {
  const cases: [string, string][] = [
    ['words "-A " (stack overflow in commands.ts)', '-A OUTPUT ' + '-A '.repeat(213_000)],
    ['spaces then x (quadratic /\\s+$/)', ' '.repeat(640_000) + 'x'],
    ['exim -bt router line of spaces', `user@example.test\n  router = dnslookup, transport = ${' '.repeat(640_000)}x`],
    ['exim -bt host line of spaces', `user@example.test\n  host mx.example.test [192.0.2.1]${' '.repeat(640_000)}x`],
    ['zone record with 300,000 TTL-like tokens (shift loop)', `$ORIGIN example.\n@ ${'0 '.repeat(320_000)}MX 10 mx`],
    ['35,000 -m tcp modules in one rule', `-A OUTPUT ${'-m tcp --dport 25 '.repeat(35_000)}-j ACCEPT`],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      for (const [, read] of READERS) expect(() => read(text)).not.toThrow();
    }, 60_000);
  }
  it('a rule longer than iptables-restore allows is kept as unknown, with a diagnostic', () => {
    const r = parseFirewallText(`*filter\n:OUTPUT DROP [0:0]\n-A OUTPUT ${'-m tcp --dport 25 '.repeat(2_000)}-j ACCEPT\nCOMMIT\n`, { origin: 'x' });
    expect(r.diagnostics.map((d) => d.code)).toContain('rule-too-large');
    const v = tracePacket(r, { family: 4, protocol: 6, dst: parseIp('198.51.100.25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' });
    expect(v.verdict).toBe('UNKNOWN');
  });
  it('-s × -d lists of 1,000,000 combinations are not expanded (memory), and the answer is uncertain', () => {
    const list = Array.from({ length: 1000 }, (_, i) => `198.51.${100 + (i >> 8)}.${i & 255}`).join(',');
    const r = parseFirewallText(`*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -s ${list} -d ${list} -j DROP\nCOMMIT\n`, { origin: 'x' });
    expect(r.diagnostics.map((d) => d.code)).toContain('rule-too-large');
    const v = tracePacket(r, { family: 4, protocol: 6, dst: parseIp('198.51.100.25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' });
    expect(v.verdict).toBe('UNKNOWN');
  });
  it('-I with 100,000 addresses inserts them in iptables order, without quadratic splicing', () => {
    const list = Array.from({ length: 100_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).join(',');
    const r = parseRuleCommandsByFamily(`iptables -A OUTPUT -j ACCEPT\niptables -I OUTPUT 1 -d ${list} -j DROP\n`, { origin: 'x' }).v4!;
    const rules = r.tables.find((t) => t.name === 'filter')!.chains.find((c) => c.name === 'OUTPUT')!.rules;
    expect(rules.length).toBe(100_001);
    expect(rules[rules.length - 1]!.target.kind).toBe('accept');
  }, 60_000);
});

function save(chains: string[], rules: string[]): string {
  return `*filter\n:OUTPUT ACCEPT [0:0]\n${chains.map((c) => `:${c} - [0:0]`).join('\n')}\n${rules.join('\n')}\nCOMMIT\n`;
}
const SMTP = { family: 4 as const, protocol: 6, dst: parseIp('198.51.100.25')!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' as const };

describe('hostile chain structures', () => {
  it('a self-jump and a jump loop are reported as uncertain, not followed forever', () => {
    const self = parseFirewallText(save(['A'], ['-A OUTPUT -j A', '-A A -j A', '-A A -j DROP']), { origin: 'x' });
    const loop = parseFirewallText(save(['A', 'B'], ['-A OUTPUT -j A', '-A A -j B', '-A B -j A']), { origin: 'x' });
    for (const r of [self, loop]) {
      const v = tracePacket(r, SMTP);
      expect(v.verdict).toBe('UNKNOWN');
      expect(v.uncertain.map((u) => u.cause.code)).toContain('jump-loop');
    }
  });
  it('10,000 chains and chains nested 1,000 deep', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `C${i}`);
    const wide = parseFirewallText(save(many, [...many.map((c) => `-A OUTPUT -d 203.0.113.9 -j ${c}`), '-A OUTPUT -j DROP']), { origin: 'x' });
    expect(tracePacket(wide, SMTP).verdict).toBe('DROP');
    const deep = Array.from({ length: 1_200 }, (_, i) => `D${i}`);
    const nested = parseFirewallText(save(deep, ['-A OUTPUT -j D0', ...deep.slice(0, -1).map((c, i) => `-A ${c} -j D${i + 1}`), `-A D1199 -j DROP`]), { origin: 'x' });
    const v = tracePacket(nested, SMTP);
    expect(v.verdict).toBe('UNKNOWN');
    expect(v.uncertain.map((u) => u.cause.code)).toContain('chains-too-deep');
  });
  it('empty and binary input give a model with no rules, never an exception', () => {
    for (const text of ['', '\u0000\u0001\u00ff'.repeat(1000), Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919) % 256)).toString('utf8')]) {
      const r = parseFirewallText(text, { origin: 'x' });
      expect(tracePacket(r, SMTP).verdict).toBe('UNKNOWN');
    }
  });
});

describe('Exim configuration hostility: nothing is ever executed', () => {
  it('${run}, ${readsocket}, ${perl} and a command in an include name stay text (canary file never appears)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-canary-'));
    const canary = join(dir, 'CANARY');
    try {
      const config = [
        `X = \${run{/usr/bin/touch ${canary}}}`,
        `perl_startup = do '/dev/null'; system("touch ${canary}")`,
        `.include ${canary}\`touch ${canary}\``,
        `.include_if_exists $(touch ${canary})`,
        'begin routers',
        'r:',
        '  driver = manualroute',
        `  route_data = \${run{/usr/bin/touch ${canary}}{$value}}`,
        `  condition = \${readsocket{/tmp/nonexistent.sock}{x}}\${perl{touch}{${canary}}}`,
        '  route_list = * X',
      ].join('\n');
      const read: string[] = [];
      const result = readEximConfigFile(config, '/etc/exim4/exim4.conf', { readFile: (p) => { read.push(p); return undefined; } });
      expect(existsSync(canary)).toBe(false);
      expect(result.routers[0]?.name).toBe('r');
      // include paths are only ever handed to the reader as names, never to a shell
      expect(read.every((p) => p.startsWith('/'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('an include loop is reported once, with the chain of files', () => {
    const files: Record<string, string> = { '/c/a.conf': '.include /c/b.conf\n', '/c/b.conf': '.include /c/a.conf\n' };
    const result = readEximConfigFile('.include /c/a.conf\n', '/c/main.conf', { readFile: (p) => files[p] });
    expect(result.diagnostics.map((d) => d.code)).toContain('exim-include-loop');
  });
  it('macros that grow exponentially do not exhaust memory', () => {
    const names = Array.from({ length: 40 }, (_, i) => `M${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
    const defs = names.map((n, i) => `${n} = ${i + 1 < names.length ? `${names[i + 1]} ${names[i + 1]}` : 'x'}`);
    const result = readEximConfigFile([...defs, `primary_hostname = ${names[0]}`].join('\n'), 'x');
    expect(result.diagnostics.map((d) => d.code)).toContain('exim-macro-too-long');
  }, 30_000);
});

describe('a paste past the size limit', () => {
  it('is refused with exit 2 and a message naming the limit, without reading it all', async () => {
    const { spawnSync } = await import('node:child_process');
    const built = existsSync(new URL('../../dist/mailleak.js', import.meta.url));
    if (!built) { console.warn('size-limit CLI check skipped: dist/ not built (npm run build)'); return; }
    const big = Buffer.alloc(100 * 1024 * 1024, 'Chain OUTPUT (policy DROP)\n');
    const run = spawnSync(process.execPath, [new URL('../../bin/mailleak.js', import.meta.url).pathname, 'explain', 'user@gmail.com'], { input: big, encoding: 'utf8', maxBuffer: 1 << 20 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/larger than 64 MiB/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
