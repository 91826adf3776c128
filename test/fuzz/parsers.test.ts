// Property tests for every text parser: random bytes, random Unicode, and real listings, saves,
// scripts, Exim configurations, exim -bt output and zone files from ../shared, mutated the way
// pastes get broken. Nothing may throw, no parser may have to swallow an error of its own, and
// the listing parser must name every line it did not use.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { splitPaste } from '../../src/input/split-paste.js';
import { parseZoneText } from '../../src/mail/dns/zone-parse.js';
import { readBtOutput } from '../../src/mail/exim/bt-output.js';
import { readEximBpConfig, readEximConfigFile } from '../../src/mail/exim/read-config.js';
import { countInput, params, summary, timeoutFor } from './lib/budget.js';
import { checkFirewallParsers, checkTrace, pipelineText, probePackets } from './lib/invariants.js';
import { applyMutations, mutations, randomBytesText, randomText } from './lib/mutate.js';
import { loadSeeds, seedsUnavailable } from './lib/seeds.js';

const missing = seedsUnavailable();
if (missing) console.warn(`fuzz parsers: skipped: ${missing}`);

const ZONES = ['fixtures/demo/gmail.com.zone', 'fixtures/demo/domain.com.zone'].map((p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8'));

/** Every reader that takes free text; none may throw. */
function readAllWays(text: string): void {
  checkFirewallParsers(text);
  const split = splitPaste(text, { origin: 'stdin' });
  for (const s of split.sections) expect(s.firstLine).toBeGreaterThanOrEqual(1);
  parseZoneText(text, 'fuzz');
  readBtOutput(text, 'fuzz');
  readEximConfigFile(text, 'fuzz', { readFile: () => undefined });
  readEximBpConfig(text, 'fuzz');
}

describe.skipIf(missing !== null)('every parser on hostile text', () => {
  afterAll(() => console.log(summary('parsers')));

  it('random bytes: no parser throws', () => {
    fc.assert(fc.property(randomBytesText, (text) => {
      countInput('random-bytes');
      readAllWays(text);
    }), params(20_000));
  }, timeoutFor(20_000, 1));

  it('random Unicode: no parser throws', () => {
    fc.assert(fc.property(randomText, (text) => {
      countInput('random-unicode');
      readAllWays(text);
    }), params(20_000));
  }, timeoutFor(20_000, 1));

  it('mutated real rulesets: parsers never throw, the listing parser names every line, the simulator answers', async () => {
    const seeds = loadSeeds().firewall.filter((seed) => seed.text.length <= 16 * 1024);
    // asynchronous so that the worker answers vitest between runs: tens of seconds of synchronous
    // work on a busy machine make vitest's own calls time out ("Timeout calling onTaskUpdate")
    await fc.assert(fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), mutations(), async (n, ms) => {
      await new Promise((resolve) => setImmediate(resolve));
      countInput('mutated-ruleset');
      const text = pipelineText(applyMutations(seeds[n]!.text, ms));
      const r = checkFirewallParsers(text, { accountListing: true });
      for (const p of probePackets(r, text).slice(0, 3)) checkTrace(r, p);
    }), params(8_000));
  }, timeoutFor(8_000, 5));

  it('mutated real pastes (cases): the splitter and each section parser cope', () => {
    const seeds = loadSeeds().cases;
    fc.assert(fc.property(fc.nat({ max: seeds.length - 1 }), mutations(), (n, ms) => {
      countInput('mutated-paste');
      const text = applyMutations(seeds[n]!.text, ms);
      const split = splitPaste(text, { origin: 'stdin' });
      for (const s of split.sections) {
        switch (s.kind) {
          case 'iptables-listing':
          case 'iptables-save':
          case 'iptables-rules':
          case 'iptables-script':
            checkFirewallParsers(s.text);
            break;
          case 'exim-config':
            readEximConfigFile(s.text, 'fuzz');
            break;
          case 'exim-bp-config':
            readEximBpConfig(s.text, 'fuzz');
            break;
          case 'exim-bt':
            readBtOutput(s.text, 'fuzz');
            break;
          case 'dns-records':
            parseZoneText(s.text, 'fuzz');
            break;
          case 'passwd':
          case 'ip-route':
          case 'unknown':
            break;
        }
      }
    }), params(3_000));
  }, timeoutFor(3_000, 5));

  it('mutated Exim configurations, -bP and -bt output: the readers never throw', () => {
    const seeds = loadSeeds().exim;
    fc.assert(fc.property(fc.nat({ max: seeds.length - 1 }), mutations(), (n, ms) => {
      countInput('mutated-exim');
      const text = applyMutations(seeds[n]!.text, ms);
      const config = readEximConfigFile(text, 'fuzz', { readFile: () => undefined });
      for (const d of config.diagnostics) if (d.loc) expect(d.loc.line).toBeGreaterThanOrEqual(1);
      readEximBpConfig(text, 'fuzz');
      readBtOutput(text, 'fuzz');
    }), params(20_000));
  }, timeoutFor(20_000, 2));

  it('mutated zone files: the zone reader never throws and names the line of every problem', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), mutations(), (zone, ms) => {
      countInput('mutated-zone');
      const text = applyMutations(zone, ms);
      const result = parseZoneText(text, 'fuzz');
      for (const d of result.diagnostics) if (d.loc) expect(d.loc.line).toBeGreaterThanOrEqual(1);
    }), params(32_000));
  }, timeoutFor(32_000, 1));
});
