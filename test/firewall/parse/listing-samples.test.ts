// The -L parser against real captures (shared/reference/listing-samples: iptables 1.4.7 → 1.8.11,
// legacy and nft), real pastes (shared/cases) and real dumps (shared/corpus/net-network).
// Files are read from /work/shared, never copied into the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChain, findTable, type Ruleset, type TableName } from '../../../src/firewall/model.js';
import { parseListing } from '../../../src/firewall/parse/listing.js';
import { diagnosticMessage } from '../../../src/report/diagnostic-text.js';

const SHARED = '/work/shared';
const SAMPLES = join(SHARED, 'reference/listing-samples');
const available = existsSync(SAMPLES);
if (!available) console.warn(`skipping listing sample tests: ${SAMPLES} is not available`);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `-L` captures: file names with an L flag set (L-n-v, L_t-nat, ext-v4-L-t-filter, …). */
function isListingCapture(path: string): boolean {
  const name = basename(path);
  if (!/\.(txt|combined|tty|stdout)$/.test(name) || name === 'COMMANDS.txt') return false;
  return /(^|[-_])L([-_.]|$)/.test(name) && !path.includes('/rulesets/');
}

/** Exit codes from COMMANDS.txt: a capture whose command failed is incomplete by itself. */
function exitCode(path: string): number {
  const commands = join(dirname(path), 'COMMANDS.txt');
  if (!existsSync(commands)) return 0;
  const line = readFileSync(commands, 'utf8').split('\n').find((l) => l.startsWith(`${basename(path)}:`));
  const rc = line ? /\(rc=(\d+)\)/.exec(line)?.[1] : undefined;
  return rc === undefined ? 0 : Number(rc);
}

/** The save (or -S) capture of the same ruleset in the same folder, and the table it holds. */
function matchingSave(path: string): { file: string; table: TableName } | undefined {
  const dir = dirname(path);
  const name = basename(path);
  const table = (/t-(filter|nat|mangle|raw)\.txt$/.exec(name)?.[1] ?? 'filter') as TableName;
  const candidates = [
    /_t-\w+\.txt$/.test(name) ? `save_t-${table}.txt` : undefined,
    /^server-v[46]-/.test(name) ? `${name.slice(0, 10)}save.txt` : undefined,
    /^ext-v[46]-/.test(name) ? `${name.slice(0, 7)}S-t-${table}.txt` : undefined,
    dir.includes('/server/') ? 'save.txt' : undefined,
  ].filter((c): c is string => c !== undefined);
  const file = candidates.map((c) => join(dir, c)).find((f) => existsSync(f));
  return file ? { file, table } : undefined;
}

/** Rules per chain in save / -S text: a regex count of `-A CHAIN` lines. */
function countSaveRules(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^(?:\[\d+:\d+\] )?-A (\S+)/gm)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

function errors(ruleset: Ruleset): string[] {
  return ruleset.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc?.line}: ${d.code} ${diagnosticMessage(d)}`);
}

/** Non-blank lines that are neither a rule, a chain, a column header nor named in a diagnostic. */
function unaccountedLines(text: string, ruleset: Ruleset): string[] {
  const used = new Set<number>();
  for (const chain of ruleset.tables.flatMap((t) => t.chains)) {
    if (chain.loc) used.add(chain.loc.line);
    for (const rule of chain.rules) used.add(rule.loc.line);
  }
  for (const d of ruleset.diagnostics) if (d.loc) used.add(d.loc.line);
  return text.split(/\r?\n/).filter((line, i) => line.trim() !== '' && !/^\s*(num\s+)?(pkts\s+bytes\s+)?target\s/.test(line) && !used.has(i + 1));
}

function caseBody(file: string): string {
  const text = readFileSync(join(SHARED, 'cases', file), 'utf8');
  const marker = text.indexOf('#### END-HEADER ####');
  return text.slice(text.indexOf('\n', marker) + 1);
}

describe.skipIf(!available)('listing samples', () => {
  const files = available ? walk(SAMPLES).filter(isListingCapture).sort() : [];

  it('finds the captures', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it.each(files.map((f) => [f.slice(SAMPLES.length + 1), f]))('%s parses without errors and matches its save capture', (_name, file) => {
    const ruleset = parseListing(readFileSync(file, 'utf8'), { origin: file });
    expect(errors(ruleset)).toEqual([]);
    expect(unaccountedLines(readFileSync(file, 'utf8'), ruleset)).toEqual([]);
    const save = matchingSave(file);
    // `-L INPUT 4` prints one rule and no chain; failed commands printed part of the listing
    if (!save || /L-INPUT-4-/.test(basename(file)) || exitCode(file) !== 0 || exitCode(save.file) !== 0) return;
    const expected = countSaveRules(readFileSync(save.file, 'utf8'));
    const table = findTable(ruleset, save.table);
    expect(table, `table ${save.table}`).toBeDefined();
    const listed = table!.chains.filter((c) => c.bodyKnown);
    expect(listed.length).toBeGreaterThan(0);
    for (const chain of listed) expect([chain.name, chain.rules.length]).toEqual([chain.name, expected.get(chain.name) ?? 0]);
    // a full listing has every chain that has rules
    if (!/(^|-)L-[A-Z]+-/.test(basename(file))) {
      for (const [name, count] of expected) expect([name, findChain(table, name)?.rules.length]).toEqual([name, count]);
    }
  });

  it('keeps positions 1..n in every chain of a --line-numbers listing', () => {
    const file = join(SAMPLES, 'server/iptables-legacy/L-n-v-line-numbers.txt');
    const ruleset = parseListing(readFileSync(file, 'utf8'), { origin: file });
    for (const chain of findTable(ruleset, 'filter')!.chains) {
      expect(chain.rules.map((r) => r.position)).toEqual(chain.rules.map((_r, i) => i + 1));
    }
    expect(ruleset.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('keeps the legacy-tables warning that iptables-nft prints', () => {
    const file = join(SAMPLES, 'warnings/iptables-nft_L-n-v.combined');
    const ruleset = parseListing(readFileSync(file, 'utf8'), { origin: file });
    expect(ruleset.diagnostics.map((d) => d.code)).toContain('legacy-tables-present');
  });
});

describe.skipIf(!existsSync(join(SHARED, 'cases')))('real pastes', () => {
  it('case 01: the ServerFault OUTPUT listing with lost columns and a typo', () => {
    const ruleset = parseListing(caseBody('01-sf930157-csf-localoutput-tcpout.txt'), { origin: 'case01' });
    expect(errors(ruleset)).toEqual([]);
    expect(ruleset.family).toBe(4);
    expect(ruleset.tool).toBe('iptables');
    expect(ruleset.listedChains).toEqual(['OUTPUT']);
    const filter = findTable(ruleset, 'filter');
    const output = findChain(filter, 'OUTPUT')!;
    expect(output.policy).toBe('DROP');
    expect(output.policyCounters).toMatchObject({ packets: 0, bytes: 0, approx: false });
    expect(output.rules).toHaveLength(21);
    expect(output.rules.map((r) => r.position)).toEqual(Array.from({ length: 21 }, (_v, i) => i + 1));

    const rule9 = output.rules[8]!;
    expect(rule9.target).toEqual({ kind: 'jump', chain: 'LOCALOUTPUT' });
    expect(rule9.counters).toMatchObject({ packets: 800_000, bytes: 826_000_000, approx: true, text: '800K 826M' });
    expect(findChain(filter, 'LOCALOUTPUT')).toMatchObject({ bodyKnown: false, rules: [] });
    expect(rule9.matches).toContainEqual({ kind: 'interface', dir: 'out', negated: true, name: 'lo' });

    for (const rule of [output.rules[11]!, output.rules[12]!]) {
      expect(rule.matches).toContainEqual({ kind: 'port', dir: 'src', negated: false, ranges: [{ from: 53, to: 53 }] });
    }
    expect(output.rules[15]!.matches).toContainEqual({ kind: 'state', module: 'state', negated: false, states: ['RELATED', 'ESTABLISHED'] });

    // rules 6-8 allow mail to the redacted domain.com servers: the lone address is the destination
    const rule6 = output.rules[5]!;
    expect(rule6.matches).toContainEqual({ kind: 'address', dir: 'dst', negated: false, address: expect.objectContaining({ type: 'redacted', text: '216.x.x.x' }) });
    expect(rule6.matches).toContainEqual({ kind: 'port', dir: 'dst', negated: false, ranges: [{ from: 25, to: 25 }] });
    expect(rule6.matches).toContainEqual({ kind: 'comment', text: 'allow mails to domain.com' });

    const lost = ruleset.diagnostics.filter((d) => d.code === 'column-lost');
    expect(lost.length).toBeGreaterThanOrEqual(8);
    expect(lost.every((d) => d.severity === 'warning' && d.loc?.line !== undefined)).toBe(true);
    const typo = ruleset.diagnostics.find((d) => d.code === 'line-number-mismatch');
    expect(typo?.loc?.text).toMatch(/^\s+29\s/);
    expect(output.rules[18]!.loc.text).toBe(typo?.loc?.text);
  });

  it('case 15: a listing without -v leaves interfaces unknown', () => {
    const ruleset = parseListing(caseBody('15-mailcow817-ufw-docker-list-without-v.txt'), { origin: 'case15' });
    expect(errors(ruleset)).toEqual([]);
    expect(ruleset.interfacesKnown).toBe(false);
    expect(ruleset.diagnostics.filter((d) => d.code === 'interfaces-unknown')).toHaveLength(1);
    const input = findChain(findTable(ruleset, 'filter'), 'INPUT')!;
    expect(input.policy).toBe('DROP');
    expect(input.rules).toHaveLength(6);
    expect(input.rules.every((r) => r.matches.some((m) => m.kind === 'interface-unknown'))).toBe(true);
    expect(input.rules[0]!.target).toEqual({ kind: 'jump', chain: 'ufw-before-logging-input' });
    // the stored copy has a gap and ends inside a column header
    expect(findChain(findTable(ruleset, 'filter'), 'FORWARD')!.truncated).toBe(true);
    expect(ruleset.diagnostics.map((d) => d.code)).toContain('listing-truncated');
  });
});

const CORPUS = join(SHARED, 'corpus/net-network');
describe.skipIf(!existsSync(CORPUS))('net-network corpus', () => {
  const files = existsSync(CORPUS) ? walk(CORPUS).filter((f) => /(^|[-_.])(Ln|Lnv|Lv|L-n)/.test(basename(f))) : [];

  it('finds the -L dumps', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [f.slice(CORPUS.length + 1), f]))('%s parses', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const ruleset = parseListing(text, { origin: file });
    expect(errors(ruleset)).toEqual([]);
    expect(ruleset.tables.flatMap((t) => t.chains).some((c) => c.rules.length > 0)).toBe(true);
    expect(unaccountedLines(text, ruleset)).toEqual([]);
  });
});
