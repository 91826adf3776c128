// A CSF deny list of 100,000 `-d ADDR/32 -j DROP` rules (issue 13, point 4): `trace` prints a
// screenful and a small JSON object, with the same verdict and deciding rule as `--full`,
// which still lists every rule.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import { createPalette } from '../../src/report/color.js';
import { buildTraceJson } from '../../src/report/trace-json.js';
import { renderTraceText } from '../../src/report/trace-text.js';
import { buildCli, removeCli, ROOT } from '../golden/bundle.js';
import { buildDenyListSave, denyListAddress } from '../support/deny-list.js';
import * as b from '../firewall/simulate/build.js';

const RULES = 100_000;
const MAX_TEXT_LINES = 200;
const MAX_JSON_BYTES = 1_000_000;
/** each test runs the CLI over 100,000 rules (a few seconds each; more on a busy machine) */
const SLOW = 120_000;

let dir = '';
let bundle = '';
let saveFile = '';
let saveText = '';

/**
 * Runs the built CLI (`--full` on 100,000 rules prints about 30 MB). Asynchronously: a worker
 * blocked in spawnSync for a minute on a busy machine cannot answer vitest's own calls, which
 * then time out ("Timeout calling onTaskUpdate") and fail the run.
 */
function mailleak(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 }));
  });
}

const trace = (args: string[]) => mailleak(['trace', ...args]);

interface PathEntry {
  kind?: string;
  chain: string;
  rule?: number | null;
  from?: number;
  to?: number;
  count?: number;
  result: string;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailleak-long-chain-'));
  saveText = buildDenyListSave(RULES);
  saveFile = join(dir, 'csf-deny.save');
  writeFileSync(saveFile, saveText);
  bundle = await buildCli();
});
afterAll(async () => {
  await removeCli();
  rmSync(dir, { recursive: true, force: true });
});

describe(`trace over a deny list of ${RULES} rules`, () => {
  // 203.0.113.0/24 is in no deny rule: the packet walks all of DENYOUT, then OUTPUT accepts SMTP
  const probe = ['--to', '203.0.113.25', '--port', '25', '--iptables'];

  it(`prints at most ${MAX_TEXT_LINES} lines: the run as one line, the jump and the deciding rule as they are`, async () => {
    const r = await trace([...probe, saveFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(MAX_TEXT_LINES);
    expect(lines).toContain(`·   filter:DENYOUT:rules:1–${RULES}: no match  (${RULES} rules, lines 11–${RULES + 10}; --full lists each)`);
    expect(lines).toContain('✓ filter:OUTPUT:rule:2 → DENYOUT');
    expect(lines).toContain('verdict: ACCEPT');
    expect(lines).toContain('  decided by filter:OUTPUT:rule:4 (' + saveFile + ':10)');
  }, SLOW);

  it(`prints at most ${MAX_JSON_BYTES} bytes of JSON, with the verdict and deciding rule of --full`, async () => {
    const r = await trace([...probe, saveFile, '--json']);
    expect(r.code).toBe(0);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(MAX_JSON_BYTES);
    const json = JSON.parse(r.stdout) as { verdict: string; decidedBy: unknown; path: PathEntry[] };
    const full = JSON.parse((await trace([...probe, saveFile, '--json', '--full'])).stdout) as { verdict: string; decidedBy: unknown; path: PathEntry[] };
    expect(json.verdict).toBe('ACCEPT');
    expect({ verdict: json.verdict, decidedBy: json.decidedBy }).toEqual({ verdict: full.verdict, decidedBy: full.decidedBy });
    expect(json.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 4 });
    expect(json.path).toContainEqual({ kind: 'no-match-run', table: 'filter', chain: 'DENYOUT', from: 1, to: RULES, count: RULES, result: 'no-match', firstLine: 11, lastLine: RULES + 10, depth: 1 });
    // --full: every rule, as before the collapse; the runs account for exactly the rules left out
    expect(full.path.every((s) => s.kind === undefined)).toBe(true);
    expect(full.path.filter((s) => s.chain === 'DENYOUT')).toHaveLength(RULES);
    expect(json.path.reduce((n, s) => n + (s.kind === 'no-match-run' ? s.count! : 1), 0)).toBe(full.path.length);
  }, SLOW);
});

describe(`explain over a deny list of ${RULES} rules`, () => {
  // gmail.com's demo zone: its IPv4 MX addresses are in 203.0.113.0/24, in no deny rule
  const args = () => ['explain', 'gmail.com', '--iptables', saveFile, '--dns', join(ROOT, 'fixtures/demo/gmail.com.zone')];

  it('draws the packet path with the deny list as one line', async () => {
    const r = await mailleak(args());
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.length).toBeLessThanOrEqual(MAX_TEXT_LINES);
    const tree = lines.slice(lines.findIndex((l) => l.startsWith('Packet path of attempt')));
    expect(tree.slice(1, 6)).toEqual([
      'filter OUTPUT',
      '├── ✗ line 7: -A OUTPUT -o lo -j ACCEPT',
      '├── ✓ line 8: -A OUTPUT -j DENYOUT',
      `│   └── ✗ rules 1–${RULES} of DENYOUT: no match (${RULES} rules, lines 11–${RULES + 10})`,
      '├── ✗ line 9: -A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
  }, SLOW);

  it('gives each attempt\'s path in JSON with the run collapsed', async () => {
    const r = await mailleak([...args(), '--json']);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(MAX_JSON_BYTES);
    const json = JSON.parse(r.stdout) as { attempts: { family: number; verdict: string; decidedBy: { rule?: number } | null; path: PathEntry[] }[] };
    const v4 = json.attempts.filter((a) => a.family === 4);
    expect(v4.length).toBeGreaterThan(0);
    for (const a of v4) {
      expect(a.verdict).toBe('ACCEPT');
      expect(a.decidedBy).toMatchObject({ table: 'filter', chain: 'OUTPUT', rule: 4 });
      expect(a.path.filter((s) => s.kind === 'no-match-run')).toEqual([{ kind: 'no-match-run', table: 'filter', chain: 'DENYOUT', from: 1, to: RULES, count: RULES, result: 'no-match', firstLine: 11, lastLine: RULES + 10, depth: 1 }]);
    }
  }, SLOW);
});

describe('a probe the deny list drops, through the same renderers', () => {
  it('names the same deciding rule in collapsed and full text', () => {
    const ruleset = parseFirewallText(saveText, { origin: 'csf-deny.save', family: 4 });
    // the first deny rule for the address decides (it comes back every 512 rules); the rules
    // before it collapse into one run
    const address = denyListAddress(264);
    expect(address).toBe('198.51.100.7');
    const packet = b.packet({ to: address, port: 25 });
    const result = tracePacket(ruleset, packet);
    expect(result.decidedBy).toEqual({ table: 'filter', chain: 'DENYOUT', rule: 264 });
    const palette = createPalette(false);
    const text = renderTraceText({ result, packet, ruleset, diagnostics: [], palette });
    const full = renderTraceText({ result, packet, ruleset, diagnostics: [], palette, full: true });
    expect(text).toContain('·   filter:DENYOUT:rules:1–263: no match  (263 rules, lines 11–273; --full lists each)\n✓   filter:DENYOUT:rule:264 → DROP\n');
    expect(full.split('\n')).toHaveLength(text.split('\n').length + 262);
    const tail = (s: string) => s.slice(s.indexOf('verdict:'));
    expect(tail(text)).toBe(tail(full));
    expect(tail(text)).toMatch(/^verdict: DROP\n {2}decided by filter:DENYOUT:rule:264 \(csf-deny\.save:274\)/);
    const json = buildTraceJson({ result, packet, diagnostics: [] }) as { path: PathEntry[] };
    expect(json.path.map((s) => s.kind ?? `${s.chain}:${s.rule}`)).toEqual(['OUTPUT:1', 'OUTPUT:2', 'no-match-run', 'DENYOUT:264']);
  }, SLOW);
});
