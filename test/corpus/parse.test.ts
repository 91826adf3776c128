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
    it(`${file} parses without throwing`, () => {
      const text = readFileSync(join(CORPUS_ROOT, file), 'utf8');
      const ruleset = parseFirewallText(text, { origin: file, family: familyOf(file) });
      expect(Array.isArray(ruleset.tables)).toBe(true);
      expect(Array.isArray(ruleset.diagnostics)).toBe(true);
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
