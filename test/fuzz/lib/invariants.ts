// What must hold for any input, however broken: no exception escapes a parser, no parser had
// to swallow one of its own (internal-error / line-not-parsed), every line a parser claims to
// account for is used or named in a diagnostic, and the simulator always ends with an answer.
import { expect } from 'vitest';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseIp } from '../../../src/firewall/address.js';
import { detectFirewallFormat, parseFirewallText, parseRuleCommandsByFamily } from '../../../src/firewall/parse/index.js';
import { parseListing } from '../../../src/firewall/parse/listing.js';
import { parseColumnHeader } from '../../../src/firewall/parse/listing-header.js';
import { parseSave } from '../../../src/firewall/parse/save.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type Packet, type TraceResult } from '../../../src/firewall/simulate/types.js';
import { normalizeText } from '../../../src/input/text.js';
import { diagnosticMessage } from '../../../src/report/diagnostic-text.js';

/** Diagnostic codes that mean a parser caught an exception of its own: a bug, even if contained. */
const SWALLOWED = new Set(['internal-error', 'line-not-parsed']);

export function expectNoSwallowedError(r: Ruleset): void {
  const bugs = r.diagnostics.filter((d) => SWALLOWED.has(d.code));
  expect(bugs.map((d) => `${d.code}: ${diagnosticMessage(d)} @${d.loc?.line}`)).toEqual([]);
}

/** Lines of `text` that no chain, rule or diagnostic of `r` names (listing or save text). */
export function unaccountedLines(text: string, r: Ruleset): string[] {
  const used = new Set<number>();
  for (const table of r.tables) for (const chain of table.chains) {
    if (chain.loc) used.add(chain.loc.line);
    for (const rule of chain.rules) used.add(rule.loc.line);
  }
  for (const d of r.diagnostics) if (d.loc) used.add(d.loc.line);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  return lines.filter((line, i) => {
    const t = line.trim();
    if (t === '' || used.has(i + 1)) return false;
    // structure every format has and nobody needs named: column headers, save framing, comments
    if (r.format === 'listing' && parseColumnHeader(line)) return false;
    if (r.format === 'save' && (/^\*\S+$/.test(t) || /^COMMIT$/.test(t) || t.startsWith('#'))) return false;
    return true;
  });
}

function checkModel(r: Ruleset): void {
  for (const table of r.tables) for (const chain of table.chains) {
    // positions are as --line-numbers printed them: increasing, and a gap means rules are missing
    chain.rules.forEach((rule, i) => {
      // (a line number past 2^53 is kept as printed: known gap, see docs/robustness.md)
      if (i > 0 && Number.isSafeInteger(rule.position)) expect(rule.position).toBeGreaterThan(chain.rules[i - 1]!.position);
      if (rule.position !== i + 1) expect(chain.truncated, `chain ${chain.name}: rule ${i + 1} printed as ${rule.position} but the chain is not marked cut off`).toBe(true);
    });
    for (const rule of chain.rules) expect(rule.loc.line).toBeGreaterThanOrEqual(1);
  }
  for (const d of r.diagnostics) if (d.loc) expect(d.loc.line).toBeGreaterThanOrEqual(1);
}

/** Every firewall parser on `text`; returns the ruleset the pipeline would use. */
export function checkFirewallParsers(text: string, options: { accountListing?: boolean } = {}): Ruleset {
  const format = detectFirewallFormat(text);
  expect(['listing', 'save', 'rules', 'script']).toContain(format);
  const listing = parseListing(text, { origin: 'fuzz' });
  const save = parseSave(text, { origin: 'fuzz' });
  const byFamily = parseRuleCommandsByFamily(text, { origin: 'fuzz' });
  for (const r of [listing, save, ...Object.values(byFamily)]) {
    expectNoSwallowedError(r);
    checkModel(r);
  }
  if (options.accountListing) expect(unaccountedLines(text, listing)).toEqual([]);
  return parseFirewallText(text, { origin: 'fuzz' });
}

const V4_DST = ['198.51.100.25', '203.0.113.5', '192.0.2.1'];
const V6_DST = ['2001:db8::25', '2001:db8:1::5'];

/** The packets asked about: SMTP-ish TCP to a few destinations, with and without a uid. */
export function probePackets(r: Ruleset, text: string): Packet[] {
  const family = r.family ?? (/ip6tables|::\/0/.test(text) ? 6 : 4);
  const fromText = [...text.matchAll(family === 6 ? /\b2001:db8:[0-9a-f:]*[0-9a-f]/gi : /\b(?:\d{1,3}\.){3}\d{1,3}\b/g)].map((m) => m[0]).slice(0, 2);
  const dsts = [...(family === 6 ? V6_DST : V4_DST), ...fromText].map((t) => parseIp(t)).filter((a) => a !== undefined && a.family === family);
  const packets: Packet[] = [];
  for (const dst of dsts.slice(0, 4)) {
    for (const dport of [25, 587]) {
      packets.push({ family, protocol: 6, dst: dst!, dport, sport: EPHEMERAL_PORTS, state: 'NEW' });
    }
  }
  const first = packets[0];
  if (first) packets.push({ ...first, uid: 0, oif: 'eth0', state: 'ESTABLISHED' });
  return packets;
}

/** The simulator always answers: a verdict, what it could be, and why when it cannot say. */
export function checkTrace(r: Ruleset, packet: Packet): TraceResult {
  const result = tracePacket(r, packet, { maxSteps: 2_000 });
  expect(['ACCEPT', 'DROP', 'REJECT', 'UNKNOWN']).toContain(result.verdict);
  if (result.verdict === 'UNKNOWN') {
    expect(result.decidedBy).toBeNull();
    // the user is told why (possible may be [] for an empty ruleset: reported to the simulator's owner)
    expect(result.uncertain.length).toBeGreaterThan(0);
  } else {
    expect(result.possible).toEqual([result.verdict]);
  }
  return result;
}

/** What the pipeline does before a parser sees pasted text. */
export function pipelineText(text: string): string {
  return normalizeText(text);
}
