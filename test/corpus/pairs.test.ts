// Save and listing of the same moment must give the same answers: the same verdict and the
// same deciding rule (table, chain, position) for a grid of OUTPUT SYNs. The listing shows only
// the filter table, so the save is compared on the tables the listing has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../../src/firewall/model.js';
import { findChain, findTable } from '../../src/firewall/model.js';
import { formatIp } from '../../src/firewall/address.js';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import type { DecidedBy, Packet, TraceResult } from '../../src/firewall/simulate/types.js';
import { CORPUS_ROOT, PAIRS, corpusAvailable, type CorpusPair } from './lib/corpus.js';
import { buildGrid } from './lib/grid.js';

const corpus = corpusAvailable();
if (!corpus.ok) console.warn(`corpus pair tests skipped: ${corpus.reason}`);

function read(pair: CorpusPair, which: 'save' | 'listing'): { text: string; ruleset: Ruleset } {
  const file = pair[which];
  const text = readFileSync(join(CORPUS_ROOT, file), 'utf8');
  return { text, ruleset: parseFirewallText(text, { origin: file, family: pair.family }) };
}

const decider = (d: DecidedBy | null): string => (!d ? '-' : 'policy' in d ? `${d.table} ${d.chain} policy` : `${d.table} ${d.chain} #${d.rule}`);
const answer = (t: TraceResult): string => `${t.verdict} by ${decider(t.decidedBy)}${t.verdict === 'UNKNOWN' ? ` (possible ${[...t.possible].sort().join('/')})` : ''}`;
const describePacket = (p: Packet): string => `${formatIp(p.dst)}:${p.dport} uid ${p.uid} oif ${p.oif}`;

/** Why the two answers are incompatible, or undefined when they agree. */
function compare(kind: CorpusPair['listingKind'], save: TraceResult, listing: TraceResult): string | undefined {
  if (kind === 'exact' || listing.verdict !== 'UNKNOWN') {
    return answer(save) === answer(listing) ? undefined : `save: ${answer(save)}; listing: ${answer(listing)}`;
  }
  // a lossy listing may leave the answer open, but the save's answer must be among its possibilities
  if (save.verdict === 'UNKNOWN') return save.possible.every((v) => listing.possible.includes(v)) ? undefined : `save: ${answer(save)}; listing: ${answer(listing)}`;
  return listing.possible.includes(save.verdict) ? undefined : `save: ${answer(save)}; listing: ${answer(listing)} excludes it`;
}

describe.skipIf(!corpus.ok)('corpus: save and listing of the same moment agree', () => {
  for (const pair of PAIRS) {
    it(`${pair.name}: ${pair.save} vs ${pair.listing}`, () => {
      const save = read(pair, 'save');
      const listing = read(pair, 'listing');
      const listedTables = new Set(listing.ruleset.tables.map((t) => t.name));
      // the comparison means nothing unless the listing really gave the chain we trace
      expect(findChain(findTable(listing.ruleset, 'filter'), 'OUTPUT'), 'listing has no filter OUTPUT').toBeDefined();
      const saveView: Ruleset = { ...save.ruleset, tables: save.ruleset.tables.filter((t) => listedTables.has(t.name)) };
      const grid = buildGrid(save.text, pair.family);
      expect(grid.length).toBeGreaterThan(100);
      const problems: string[] = [];
      let definite = 0;
      for (const packet of grid) {
        const fromSave = tracePacket(saveView, packet);
        if (fromSave.verdict !== 'UNKNOWN') definite++;
        const why = compare(pair.listingKind, fromSave, tracePacket(listing.ruleset, packet));
        if (why) problems.push(`${describePacket(packet)}: ${why}`);
      }
      console.log(`${pair.name}: ${grid.length} probes, ${definite} answered definitely from the save, ${grid.length - problems.length} agree`);
      // agreement between two "UNKNOWN"s would prove little: most answers must be definite
      expect(definite, 'answers definite from the save').toBeGreaterThanOrEqual(grid.length / 2);
      expect(problems.slice(0, 20), `${problems.length} of ${grid.length} probes differ`).toEqual([]);
    });
  }
});
