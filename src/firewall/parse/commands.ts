// Parser for `iptables -S [-v]` output and for scripts of iptables/ip6tables commands. The
// commands are applied in order (-A, -I, -D, -F, -X, -N, -P …) to build the ruleset they
// leave behind. A Ruleset has one family: ip6tables commands go to a separate IPv6 ruleset.
import type { Diagnostic } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { Family, Ruleset, IptablesTable as TableName } from '../model.js';
import { BUILTIN_CHAINS } from '../model.js';
import { parseInvocation } from './commands-argv.js';
import type { CommandRef } from './commands-script.js';
import { readCommands } from './commands-script.js';
import type { ParseOptions } from './options.js';
import { applyCommand } from './ruleset-apply.js';
import type { Draft } from './ruleset-draft.js';
import { createDraft, finishDraft, isTableName } from './ruleset-draft.js';

interface Bucket {
  draft: Draft;
  commands: number;
  /** some command named its program (a script) rather than being a bare -S line */
  program?: string;
  listedChains?: string[];
}

/** What the last listing command (`iptables -t nat -S OUTPUT`) said the bare lines below are. */
interface ListingContext {
  table: TableName;
  family?: Family;
  program?: string;
  chain?: string;
}

type BucketKey = Family | 'unknown';

function bucketFor(buckets: Map<BucketKey, Bucket>, key: BucketKey): Bucket {
  let b = buckets.get(key);
  if (!b) {
    b = { draft: createDraft(), commands: 0 };
    buckets.set(key, b);
  }
  return b;
}

function applyRef(buckets: Map<BucketKey, Bucket>, ref: CommandRef, context: ListingContext, defaultFamily: Family | undefined, shared: Diagnostic[]): ListingContext {
  const inv = parseInvocation(ref.args, ref.loc, ref.family);
  const command = inv.command;
  if (ref.commented && command?.op !== 'list') return context;
  const tableName = inv.table ?? (ref.program ? 'filter' : context.table);
  const changes = command !== undefined && command.op !== 'list' && isTableName(tableName);
  const family = ref.family ?? context.family ?? defaultFamily;
  // a command's own diagnostics go with the ruleset of its family, once; the rest is shared
  const bucket = changes ? bucketFor(buckets, family ?? 'unknown') : undefined;
  const own = bucket ? bucket.draft.diagnostics : shared;
  // a loop, not push(...): one line of 300,000 words gives too many diagnostics to pass as arguments
  for (const d of inv.diagnostics) own.push(d);
  if (!command) {
    shared.push(diagnostic('no-command', {}, ref.loc));
    return context;
  }
  if (!isTableName(tableName)) {
    shared.push(diagnostic('unknown-table', { context: 'command', table: tableName }, ref.loc));
    return context;
  }
  if (command.op === 'list' || !bucket) {
    return { table: tableName, ...(ref.family ? { family: ref.family } : {}), ...(ref.program ? { program: ref.program } : {}), ...(command.op === 'list' && command.chain ? { chain: command.chain } : {}) };
  }
  bucket.commands++;
  if (ref.program) bucket.program ??= ref.program;
  if (!ref.program && context.chain) bucket.listedChains = [...new Set([...(bucket.listedChains ?? []), context.chain])];
  if (ref.inBlock) bucket.draft.diagnostics.push(diagnostic('command-in-shell-block', {}, ref.loc));
  try {
    applyCommand(bucket.draft, tableName, command, inv.spec, { loc: ref.loc, declaredChainsOnly: false, ...(family ? { family } : {}) });
  } catch (err) {
    bucket.draft.diagnostics.push(diagnostic('internal-error', { stage: 'command', error: (err as Error).message }, ref.loc));
  }
  return context;
}

/**
 * The table of bare `-S` lines that no command names: `-P PREROUTING …` cannot be the filter
 * table, and the set of built-in chains with a policy tells nat, mangle or raw apart.
 */
function inferTable(refs: readonly CommandRef[], diagnostics: Diagnostic[]): TableName {
  const firstProgram = refs.findIndex((r) => r.program);
  const bare = (firstProgram < 0 ? refs : refs.slice(0, firstProgram)).filter((r) => r.args[0]?.text === '-P');
  const policies = bare.map((r) => r.args[1]?.text ?? '');
  if (policies.every((c) => BUILTIN_CHAINS.filter.includes(c))) return 'filter';
  const table: TableName = policies.includes('FORWARD') ? 'mangle' : policies.includes('INPUT') || policies.includes('POSTROUTING') ? 'nat' : 'raw';
  diagnostics.push(diagnostic('table-inferred', { from: 'commands', table }, bare[0]?.loc));
  return table;
}

interface Families {
  rulesets: { v4?: Ruleset; v6?: Ruleset };
  commands: { v4: number; v6: number };
  /**
   * what reading the text found (ignored lines …) and commands of no family said: given to one
   * ruleset only, so that each is reported once however many families the text fills
   */
  readDiagnostics: Diagnostic[];
  /** the family of the first command that changes rules */
  first?: Family;
}

function parseFamilies(text: string, options: ParseOptions): Families {
  const read = readCommands(text, options.origin);
  const defaultFamily = options.family ?? read.commands.find((c) => !c.commented && c.family)?.family;
  const buckets = new Map<BucketKey, Bucket>();
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  let context: ListingContext = { table: inferTable(read.commands, diagnostics) };
  let first: Family | undefined;
  for (const ref of read.commands) {
    const count = buckets.size;
    context = applyRef(buckets, ref, context, defaultFamily, diagnostics);
    if (first === undefined && buckets.size > count) {
      const key = [...buckets.keys()].pop();
      first = key === 'unknown' ? undefined : key;
    }
  }
  const out: Families = { rulesets: {}, commands: { v4: 0, v6: 0 }, readDiagnostics: diagnostics, ...(first ? { first } : {}) };
  for (const [key, bucket] of buckets) {
    const family = key === 'unknown' ? bucket.draft.familyHint : key;
    const slot = family === 6 ? 'v6' : 'v4';
    out.commands[slot] += bucket.commands;
    const existing = out.rulesets[slot];
    if (existing) {
      existing.diagnostics.push(diagnostic('family-unclear', { commands: bucket.commands }));
      continue;
    }
    const program = bucket.program ?? context.program;
    out.rulesets[slot] = finishDraft(bucket.draft, {
      format: bucket.program ? 'script' : 'rules', origin: options.origin, missingChainSeverity: 'info',
      ...(family ? { family } : {}),
      ...(program ? { tool: program } : {}), ...(bucket.listedChains ? { listedChains: bucket.listedChains } : {}),
    });
  }
  return out;
}

/**
 * The rulesets the text leaves behind, one per family. Bare `-S` lines whose family nothing
 * tells (no prompt, no --family, no address) land in `v4` with `family` unset.
 */
export function parseRuleCommandsByFamily(text: string, options: ParseOptions): { v4?: Ruleset; v6?: Ruleset } {
  const parsed = parseFamilies(text, options);
  const { v4, v6 } = parsed.rulesets;
  const owner = (parsed.first === 6 ? v6 : v4) ?? v4 ?? v6;
  if (owner) owner.diagnostics = [...parsed.readDiagnostics, ...owner.diagnostics];
  return parsed.rulesets;
}

function emptyRuleset(text: string, options: ParseOptions, family: Family | undefined, diagnostics: Diagnostic[]): Ruleset {
  const rules = /^\s*-[APN]\s/m.test(text) && !/(^|\s|\/)ip6?tables\s/m.test(text);
  return { ...(family ? { family } : {}), format: rules ? 'rules' : 'script', origin: options.origin, tables: [], interfacesKnown: true, diagnostics: [...diagnostics] };
}

/**
 * The ruleset of one family: options.family, else the family of the first command. Commands of
 * the other family are counted in an `other-family-ignored` diagnostic.
 */
export function parseRuleCommands(text: string, options: ParseOptions): Ruleset {
  const parsed = parseFamilies(text, options);
  const { v4, v6 } = parsed.rulesets;
  const wanted: Family = options.family ?? parsed.first ?? v4?.family ?? v6?.family ?? 4;
  const found = wanted === 6 ? v6 : v4;
  if (found) found.diagnostics = [...parsed.readDiagnostics, ...found.diagnostics];
  const chosen = found ?? emptyRuleset(text, options, wanted, parsed.readDiagnostics);
  const others = wanted === 6 ? parsed.commands.v4 : parsed.commands.v6;
  if (others > 0) {
    const tool = wanted === 6 ? 'iptables (IPv4)' : 'ip6tables (IPv6)';
    chosen.diagnostics.push(diagnostic('other-family-ignored', { commands: others, tool }));
  }
  return chosen;
}
