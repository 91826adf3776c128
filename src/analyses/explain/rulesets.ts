// Firewall sections → one ruleset per family. Sections of one family (a filter listing and
// `iptables -t nat -L`, or two files) are merged; a section's line N is line N + firstLine - 1
// of its origin, so evidence points at the line the user sees.
import type { Diagnostic } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { Family, Ruleset } from '../../firewall/model.js';
import { parseFirewallText, parseRuleCommandsByFamily } from '../../firewall/parse/index.js';
import { mergeRulesets } from '../../firewall/simulate/merge.js';
import { dropTablesSavedByIptables, type ReplacedTable } from '../../firewall/nft/iptables-nft.js';
import type { InputSection } from '../../input/collected.js';
import { backendOf } from '../../firewall/hooks.js';
import { shiftDiagnostic, shiftLoc } from './lines.js';
import { isFirewallSection, parseSection } from './parse-section.js';

export interface ParsedFirewalls {
  rulesets: Partial<Record<Family, Ruleset>>;
  /** native nft tables of each family when iptables rules of that family were given too (then
   *  `rulesets` holds the iptables ones): both are base chains on the same hooks. Without
   *  iptables rules, the nft tables are `rulesets[family]` itself. */
  native: Partial<Record<Family, Ruleset>>;
  /**
   * iptables-legacy tables of each family when iptables-nft tables were given too (live mode
   * reads both when iptables-nft warns of legacy tables): the kernel runs both, x_tables hooks
   * and nf_tables base chains, each at its table's priority, so they are not merged into one
   * table (a drop in either is final). Without nf_tables ones they are `rulesets` itself.
   */
  legacy: Partial<Record<Family, Ruleset>>;
  diagnostics: Diagnostic[];
  /** per section, how it was read: "21 rules in 1 chain (filter)" */
  summaries: Map<InputSection, string>;
  /** per section, the rules and listed chains of each ruleset read from it */
  counts: Map<InputSection, RuleCount[]>;
}

export interface RuleCount {
  rules: number;
  /** chains whose body is known (listed) */
  chains: number;
  /** an empty *-save: no table is loaded (read, not unreadable) */
  noTablesLoaded?: boolean;
}

// check and fleet analyse the same inputs once per domain: the rulesets are parsed once per
// list of sections (results are treated as read-only everywhere after parsing).
const parsedBySections = new WeakMap<readonly InputSection[], ParsedFirewalls>();

export function parseFirewalls(sections: InputSection[]): ParsedFirewalls {
  const cached = parsedBySections.get(sections);
  if (cached) return cached;
  const parsed = parseFirewallSections(sections);
  parsedBySections.set(sections, parsed);
  return parsed;
}

function parseFirewallSections(sections: InputSection[]): ParsedFirewalls {
  const byFamily: Record<Family, Ruleset[]> = { 4: [], 6: [] };
  const legacyByFamily: Record<Family, Ruleset[]> = { 4: [], 6: [] };
  const nftByFamily: Record<Family, Ruleset[]> = { 4: [], 6: [] };
  const diagnostics: Diagnostic[] = [];
  const summaries = new Map<InputSection, string>();
  const counts = new Map<InputSection, RuleCount[]>();
  const nftSections: { section: InputSection; parsed: Ruleset[] }[] = [];
  for (const section of sections) {
    if (!isFirewallSection(section)) continue;
    if (section.kind === 'nft-ruleset') {
      const parsed = parseSection(section, parseFirewallText, parseRuleCommandsByFamily).map((r) => shiftLines(r, section.firstLine - 1));
      for (const r of parsed) if (r.tables.length > 0) nftByFamily[r.family ?? 4].push(r);
      nftSections.push({ section, parsed });
      continue;
    }
    for (const parsed of parseSection(section, parseFirewallText, parseRuleCommandsByFamily)) {
      let family = parsed.family ?? section.family;
      if (family === undefined) {
        family = 4;
        diagnostics.push(diagnostic('family-assumed', { origin: section.origin }));
      }
      const shifted = shiftLines(parsed, section.firstLine - 1);
      (isLegacySection(section, parsed) ? legacyByFamily : byFamily)[family].push(shifted);
      const count = countRules(shifted);
      counts.set(section, [...(counts.get(section) ?? []), count]);
      summaries.set(section, [summaries.get(section), summarise(shifted, family, count)].filter(Boolean).join('; '));
    }
  }
  const rulesets: Partial<Record<Family, Ruleset>> = {};
  const native: Partial<Record<Family, Ruleset>> = {};
  const legacy: Partial<Record<Family, Ruleset>> = {};
  const replaced: ReplacedTable[] = [];
  for (const family of [4, 6] as const) {
    if (byFamily[family].length === 0) byFamily[family] = legacyByFamily[family];
    else if (legacyByFamily[family].length > 0) {
      const merged = mergeRulesets(legacyByFamily[family]);
      legacy[family] = { ...merged, family, backend: 'legacy' };
      for (const d of merged.diagnostics) diagnostics.push(d);
    }
    let nft = nftByFamily[family].length > 0 ? joinNft(nftByFamily[family], family) : undefined;
    if (nft) diagnostics.push(...nft.diagnostics);
    if (byFamily[family].length === 0) {
      if (nft) rulesets[family] = nft;
      continue;
    }
    const merged = mergeRulesets(byFamily[family]);
    rulesets[family] = merged.family === undefined ? { ...merged, family } : merged;
    for (const d of merged.diagnostics) diagnostics.push(d);
    if (nft) {
      // an iptables-nft table in both inputs is one kernel table: read once, from the save text
      const deduplicated = dropTablesSavedByIptables(nft, rulesets[family], family);
      replaced.push(...deduplicated.replaced);
      nft = deduplicated.native;
      if (nft.tables.length > 0) native[family] = nft;
    }
  }
  for (const { section, parsed } of nftSections) {
    const gone = replaced.filter((r) => parsed.some((p) => p.tables.some((t) => t.name === r.table && p.origin === section.origin)));
    const kept = uniqueTables(parsed).filter((t) => !gone.some((r) => r.table === t.name));
    const count = countRules({ ...parsed[0]!, tables: kept });
    counts.set(section, [...(counts.get(section) ?? []), count]);
    summaries.set(section, summariseNft(kept, count, gone));
  }
  return { rulesets, native, legacy, diagnostics, summaries, counts };
}

/** `iptables-legacy-save` prints the same header as a legacy-only iptables-save: the command tells. */
const LEGACY_COMMAND = /^(?:\S*\/)?ip6?tables-legacy(?:-save)?(?:\s|$)/;

function isLegacySection(section: InputSection, parsed: Ruleset): boolean {
  return LEGACY_COMMAND.test(section.command ?? section.origin) || backendOf(parsed) === 'legacy';
}

/** Several nft inputs of one family: every table of each (one Ruleset of format 'nft'). */
function joinNft(rulesets: readonly Ruleset[], family: Family): Ruleset {
  if (rulesets.length === 1) return rulesets[0]!;
  return { ...rulesets[0]!, family, origin: rulesets.map((r) => r.origin).join(', '), tables: rulesets.flatMap((r) => r.tables), diagnostics: rulesets.flatMap((r) => r.diagnostics) };
}

/** An inet table is in both families' rulesets: counted once. */
function uniqueTables(rulesets: readonly Ruleset[]): Ruleset['tables'] {
  const seen = new Map<string, Ruleset['tables'][number]>();
  for (const r of rulesets) for (const t of r.tables) if (!seen.has(t.name)) seen.set(t.name, t);
  // in the order the input lists them (the split put IPv4's first)
  return [...seen.values()].sort((a, b) => (a.chains[0]?.loc?.line ?? Infinity) - (b.chains[0]?.loc?.line ?? Infinity));
}

function summariseNft(tables: Ruleset['tables'], { rules, chains }: RuleCount, replaced: readonly ReplacedTable[]): string {
  const names = tables.map((t) => t.name).join(', ');
  const read = `nft ruleset: ${rules} rule${rules === 1 ? '' : 's'} in ${chains} chain${chains === 1 ? '' : 's'}${names ? ` (tables ${names})` : replaced.length > 0 ? ' (no other table)' : ' (no ip, ip6 or inet table)'}`;
  if (replaced.length === 0) return read;
  const byOrigin = new Map<string, string[]>();
  for (const r of replaced) byOrigin.set(r.origin, [...(byOrigin.get(r.origin) ?? []), r.table]);
  const from = [...byOrigin].map(([origin, t]) => `${t.join(', ')} from ${origin}`).join('; ');
  return `${read}; iptables-nft tables read from the save text instead (it carries every match's arguments): ${from}`;
}

/** The rulesets whose base chains a packet of this family meets: iptables and native nft tables. */
export function rulesetsOf(parsed: Pick<ParsedFirewalls, 'rulesets' | 'native' | 'legacy'>, family: Family): Ruleset[] {
  return [parsed.rulesets[family], parsed.native[family], parsed.legacy[family]].filter((r): r is Ruleset => r !== undefined);
}

function countRules(r: Ruleset): RuleCount {
  const chains = r.tables.flatMap((t) => t.chains.filter((c) => c.bodyKnown));
  const count: RuleCount = { rules: chains.reduce((n, c) => n + c.rules.length, 0), chains: chains.length };
  if (r.noTablesLoaded) count.noTablesLoaded = true;
  return count;
}

function summarise(r: Ruleset, family: Family, { rules, chains }: RuleCount): string {
  if (r.noTablesLoaded) return `IPv${family} ${r.format}: no tables loaded: every policy ACCEPT`;
  const tables = r.tables.map((t) => t.name).join(', ');
  return `IPv${family} ${r.format}: ${rules} rule${rules === 1 ? '' : 's'} in ${chains} chain${chains === 1 ? '' : 's'}${tables ? ` (${tables})` : ''}`;
}

/** Parsers number lines from the start of the text they were given. */
export function shiftLines(r: Ruleset, offset: number): Ruleset {
  if (offset === 0) return r;
  return {
    ...r,
    tables: r.tables.map((t) => ({
      ...t,
      chains: t.chains.map((c) => ({ ...c, loc: shiftLoc(c.loc, offset), rules: c.rules.map((rule) => ({ ...rule, loc: shiftLoc(rule.loc, offset) })) })),
    })),
    diagnostics: r.diagnostics.map((d) => shiftDiagnostic(d, offset)),
  };
}
