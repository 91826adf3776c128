// Every file of the real-world corpus parses without throwing, and each firewall dump yields
// a model with the filter OUTPUT chain a user asks about.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChain, findTable, type Family } from '../../src/firewall/model.js';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { CORPUS_ROOT, PAIRS, corpusAvailable, listCorpusFiles } from './lib/corpus.js';

const corpus = corpusAvailable();
if (!corpus.ok) console.warn(`corpus tests skipped: ${corpus.reason}`);

const familyOf = (file: string): Family | undefined => (/ip6tables/.test(file) ? 6 : undefined);

describe.skipIf(!corpus.ok)('corpus: every file parses', () => {
  const files = corpus.ok ? listCorpusFiles() : [];
  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const file of files) {
    it(`${file} parses without throwing, citing its own lines`, () => {
      const text = readFileSync(join(CORPUS_ROOT, file), 'utf8');
      const ruleset = parseFirewallText(text, { origin: file, family: familyOf(file) });
      // a file that yields no table must say why; every rule's evidence quotes its own line
      // (what a user checks when mailleak cites `file:line`)
      expect(ruleset.tables.length + ruleset.diagnostics.length, `${file}: no table and no diagnostic`).toBeGreaterThan(0);
      const lines = text.split(/\r?\n/);
      const misquoted = ruleset.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.filter((r) => r.loc.text.trim() !== lines[r.loc.line - 1]?.trim())));
      expect(misquoted.map((r) => `${r.loc.line}: ${r.loc.text}`)).toEqual([]);
      const outside = ruleset.diagnostics.filter((d) => d.loc && (d.loc.line < 1 || d.loc.line > lines.length));
      expect(outside.map((d) => `${d.loc?.line}: ${d.code}`)).toEqual([]);
    });
  }
  const dumps = [...new Set(PAIRS.flatMap((p) => [p.save, p.listing]))];
  for (const file of dumps) {
    it(`${file} gives a filter table with its OUTPUT chain`, () => {
      const text = readFileSync(join(CORPUS_ROOT, file), 'utf8');
      const ruleset = parseFirewallText(text, { origin: file, family: familyOf(file) });
      const output = findChain(findTable(ruleset, 'filter'), 'OUTPUT');
      expect(output, `no filter OUTPUT chain in ${file}`).toBeDefined();
      expect(output?.bodyKnown).toBe(true);
    });
  }
});
