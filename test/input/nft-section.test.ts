// nft rulesets as input: --nft FILE (declared) and a pasted `nft list ruleset` recognised in a mix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDeclaredFiles } from '../../src/input/files.js';
import { classifyLine } from '../../src/input/detect-section.js';
import { splitPaste } from '../../src/input/split-paste.js';
import { suppliedKinds } from '../../src/input/supplied.js';

const RULESET = readFileSync('fixtures/nft-ipv6-leak/ruleset.nft', 'utf8');
const JSON_RULESET = '{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "filter", "handle": 1}}]}\n';

describe('--nft FILE', () => {
  it('makes one nft-ruleset section per file, without a family (its tables name theirs); - reads stdin', async () => {
    const files: Record<string, string> = { 'a.nft': RULESET };
    const read = await readDeclaredFiles({ nft: ['a.nft', '-'] }, async (p) => files[p]!, async () => JSON_RULESET);
    expect(read.sections.map((s) => [s.kind, s.origin, s.family, s.detectedBy])).toEqual([
      ['nft-ruleset', 'a.nft', undefined, 'declared by --nft; nft list ruleset text'],
      ['nft-ruleset', 'stdin', undefined, 'declared by --nft; nft -j JSON'],
    ]);
    expect(read.problems).toEqual([]);
  });

  it('an empty file is an empty ruleset, not a problem', async () => {
    const read = await readDeclaredFiles({ nft: ['empty.nft'] }, async () => '', async () => '');
    expect(read.sections[0]).toMatchObject({ kind: 'nft-ruleset', detectedBy: 'declared by --nft; empty: no nft table loaded' });
    expect(read.problems).toEqual([]);
  });

  it('replaces live nft collection, not iptables collection', () => {
    expect(suppliedKinds([{ kind: 'nft-ruleset', origin: 'a', firstLine: 1, text: RULESET, detectedBy: '' }])).toEqual({ nft: true });
  });
});

describe('a pasted nft list ruleset', () => {
  it('is recognised by its table line, flush ruleset or the JSON object', () => {
    expect(classifyLine('table inet filter {')).toMatchObject({ strength: 'strong', kind: 'nft-ruleset' });
    expect(classifyLine('table ip6 nat { # handle 3')).toMatchObject({ strength: 'strong', kind: 'nft-ruleset' });
    expect(classifyLine('flush ruleset')).toMatchObject({ strength: 'strong', kind: 'nft-ruleset' });
    expect(classifyLine(JSON_RULESET.trim())).toMatchObject({ strength: 'strong', kind: 'nft-ruleset' });
  });

  it('stays one section across the blank lines between chains and tables, beside a zone after it', () => {
    const zone = readFileSync('fixtures/demo/gmail.com.zone', 'utf8').split('\n').filter((l) => !l.startsWith(';')).join('\n');
    const table2 = 'table ip nat {\n\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n\t}\n}\n';
    const paste = `root@mail:~# nft list ruleset\n${RULESET}\n${table2}root@mail:~# cat gmail.com.zone\n${zone}`;
    const split = splitPaste(paste, { origin: 'stdin' });
    const kinds = split.sections.map((s) => s.kind);
    expect(kinds).toEqual(['nft-ruleset', 'dns-records']);
    const nft = split.sections[0]!;
    expect(nft.firstLine).toBe(2);
    expect(nft.text).toContain('table ip nat {');
    expect(nft.family).toBeUndefined();
  });
});
