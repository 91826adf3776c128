// `nft list ruleset` text (also -a, -n, -y, -s, and /etc/nftables.conf files with `flush
// ruleset`, `define`, comments) → tables, chains, sets and rules as statements (ir.ts). Never
// throws: what it cannot read is a diagnostic, and a rule it cannot read stays a rule.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { HookName, NftFamily } from '../model.js';
import { HOOK_NAMES } from '../hooks.js';
import type { NftChainIr, NftSetIr, NftTableIr, Statement } from './ir.js';
import { parsePriority } from './priority.js';
import { parseRuleTokens, parseValueTokens, parseVmapEntries } from './text-rule.js';
import type { Token } from './tokens.js';
import { NL, tokenize } from './tokens.js';

interface Cursor {
  tokens: Token[];
  i: number;
  lines: string[];
  origin: string;
  diagnostics: Diagnostic[];
}

const FAMILIES: readonly string[] = ['ip', 'ip6', 'inet'];

function locOf(c: Cursor, t: Token | undefined): SourceLoc {
  const line = t?.line ?? c.lines.length;
  return { origin: c.origin, line, column: t?.column, text: c.lines[line - 1] ?? '' };
}

/** The tokens of one statement: up to a line end or `;` outside braces (consumed), or a `}` closing the block (not consumed). */
function statement(c: Cursor, heads = true): Token[] {
  const out: Token[] = [];
  let depth = 0;
  while (c.i < c.tokens.length) {
    const t = c.tokens[c.i]!;
    if (!t.quoted && depth === 0 && (t.text === NL || t.text === ';')) {
      c.i++;
      break;
    }
    if (!t.quoted && t.text === '}' && depth === 0) break;
    if (!t.quoted && t.text === '{' && depth === 0 && heads && isBlockHead(out)) {
      out.push(t);
      c.i++;
      break;
    }
    if (!t.quoted && t.text === '{') depth++;
    if (!t.quoted && t.text === '}') depth--;
    if (!(t.text === NL && !t.quoted)) out.push(t);
    c.i++;
  }
  return out;
}

const BLOCKS = new Set(['table', 'chain', 'set', 'map', 'flowtable', 'counter', 'quota', 'limit', 'ct', 'secmark', 'synproxy']);

/** `table inet filter`, `chain output`, `set smarthosts` …: a `{` after these opens a block, not a set. */
function isBlockHead(words: Token[]): boolean {
  return words.length >= 2 && words.length <= 4 && !words[0]!.quoted && BLOCKS.has(words[0]!.text);
}

/** Consumes a `}` closing the current block; false at the end of the text. */
function closeBlock(c: Cursor): boolean {
  if (c.tokens[c.i]?.text === '}') {
    c.i++;
    return true;
  }
  return false;
}

function opensBlock(words: Token[]): boolean {
  return words[words.length - 1]?.text === '{' && !words[words.length - 1]!.quoted;
}

/** Skips the rest of a block whose `{` was consumed (a flowtable, a table of another family). */
function skipBlock(c: Cursor): void {
  let depth = 1;
  while (c.i < c.tokens.length && depth > 0) {
    const t = c.tokens[c.i++]!;
    if (t.quoted) continue;
    if (t.text === '{') depth++;
    if (t.text === '}') depth--;
  }
}

export interface NftTextParse {
  tables: NftTableIr[];
  diagnostics: Diagnostic[];
}

export function parseNftTextIr(text: string, origin: string): NftTextParse {
  const { tokens, undefinedVariables } = tokenize(text);
  const c: Cursor = { tokens, i: 0, lines: text.split('\n'), origin, diagnostics: [] };
  for (const t of undefinedVariables) c.diagnostics.push(diagnostic('nft-variable-undefined', { name: t.text.slice(1) }, locOf(c, t)));
  const tables: NftTableIr[] = [];
  while (c.i < c.tokens.length) {
    if (closeBlock(c)) continue;
    const words = statement(c);
    if (words.length === 0) continue;
    const first = words[0]!;
    if (first.text === 'table' && opensBlock(words)) {
      const family = words.length === 4 ? words[1]!.text : 'ip';
      const name = words[words.length - 2]!.text;
      if (!FAMILIES.includes(family)) {
        c.diagnostics.push(diagnostic('nft-command-ignored', { command: `table ${family} ${name}` }, locOf(c, first)));
        skipBlock(c);
        continue;
      }
      const table: NftTableIr = { family: family as NftFamily, name, chains: [], sets: [], loc: locOf(c, first) };
      readTable(c, table);
      const same = tables.find((t) => t.family === table.family && t.name === table.name);
      if (same) same.chains.push(...table.chains), same.sets.push(...table.sets);
      else tables.push(table);
    } else if (first.text === 'include') {
      c.diagnostics.push(diagnostic('nft-include', { path: words[1]?.text ?? '' }, locOf(c, first)));
    } else if (first.text === 'flush' || first.text === 'list') {
      // `flush ruleset` at the top of nftables.conf: what follows is the whole ruleset
    } else {
      c.diagnostics.push(diagnostic('nft-command-ignored', { command: words.map((w) => w.text).join(' ') }, locOf(c, first)));
      if (opensBlock(words)) skipBlock(c);
    }
  }
  for (const table of tables) if (table.chains.some((ch) => ch.rules.some((r) => r.statements.some(isXt)))) table.managedBy = 'iptables-nft';
  for (const m of text.matchAll(MANAGED)) {
    const table = tables.find((t) => t.family === m[1] && t.name === m[2]);
    if (table) table.managedBy = 'iptables-nft';
  }
  return { tables, diagnostics: c.diagnostics };
}

function isXt(s: Statement): boolean {
  return (s.kind === 'unknown' && s.text.startsWith('xt match')) || (s.kind === 'verdict' && s.verdict.kind === 'other' && s.verdict.name.startsWith('xt target'));
}

/** nft(8) since 1.0.? prints this comment before (or on stderr beside) each table iptables-nft created. */
const MANAGED = /^#\s*Warning: table (ip|ip6|inet) (\S+) is managed by iptables-nft, do not touch!/gm;

function readTable(c: Cursor, table: NftTableIr): void {
  while (c.i < c.tokens.length) {
    if (closeBlock(c)) return;
    const words = statement(c);
    if (words.length === 0) continue;
    const kind = words[0]!.text;
    if ((kind === 'chain' || kind === 'set' || kind === 'map') && opensBlock(words) && words.length === 3) {
      if (kind === 'chain') table.chains.push(readChain(c, words[1]!.text, locOf(c, words[0])));
      else table.sets.push(readSet(c, words[1]!.text));
    } else if (opensBlock(words)) {
      skipBlock(c); // flowtable, counter, quota, ct helper … objects
    }
    // `flags dormant`, `comment "…"`: nothing the verdict depends on
  }
}

function readChain(c: Cursor, name: string, loc: SourceLoc): NftChainIr {
  const chain: NftChainIr = { name, rules: [], loc };
  while (c.i < c.tokens.length) {
    if (closeBlock(c)) break;
    const words = statement(c, false);
    if (words.length === 0) continue;
    const first = words[0]!.text;
    if (first === 'type' && !words[0]!.quoted) readBaseChain(c, chain, words);
    else if (first === 'policy' && !words[0]!.quoted && chain.base) chain.base.policy = words[1]?.text === 'drop' ? 'drop' : 'accept';
    else if (first === 'comment' && words.length === 2) continue;
    else chain.rules.push({ statements: parseRuleTokens(words, (t) => unknownAt(c, t)), loc: locOf(c, words[0]) });
  }
  return chain;
}

function unknownAt(c: Cursor, t: Token): void {
  c.diagnostics.push(diagnostic('nft-expression-unknown', { text: t.text }, locOf(c, t)));
}

/** `type filter hook output priority filter + 10;` (the policy may follow on the same line, split by `;`). */
function readBaseChain(c: Cursor, chain: NftChainIr, words: Token[]): void {
  const text = words.map((w) => w.text);
  const type = text[1] === 'nat' ? 'nat' : text[1] === 'route' ? 'route' : 'filter';
  const hook = text[text.indexOf('hook') + 1] as HookName;
  const at = text.indexOf('priority');
  const priorityText = at < 0 ? '0' : text.slice(at + 1).join(' ');
  let priority = parsePriority(priorityText);
  if (priority === undefined) {
    c.diagnostics.push(diagnostic('nft-priority-unreadable', { text: priorityText }, locOf(c, words[at + 1])));
    priority = 0;
  }
  if (!HOOK_NAMES.includes(hook)) {
    c.diagnostics.push(diagnostic('nft-syntax', { expected: 'a hook (prerouting, input, forward, output, postrouting)', found: hook ?? '' }, locOf(c, words[0])));
    return;
  }
  chain.base = { type, hook, priority };
}

/** `set NAME { type …; flags interval; elements = { … } }`; a map keeps verdicts key by key. */
function readSet(c: Cursor, name: string): NftSetIr {
  const set: NftSetIr = { name, elems: [] };
  while (c.i < c.tokens.length) {
    if (closeBlock(c)) break;
    const words = statement(c, false);
    if (words[0]?.text !== 'elements' || words[1]?.text !== '=') continue;
    const body = words.slice(2);
    const verdicts = parseVmapEntries(body);
    if (verdicts) {
      set.verdicts = verdicts;
      set.elems = verdicts.map(([v]) => v);
    } else {
      const value = parseValueTokens(body);
      set.elems = value.kind === 'set' ? value.elems : [value];
    }
  }
  return set;
}
