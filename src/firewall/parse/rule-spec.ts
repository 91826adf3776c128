// The rule specification of iptables(8) as save text, `iptables -S` and command lines write it:
// `[!] -s/-d/-i/-o/-p/-f`, `-m NAME [!] --opt args…`, `-c P B`, then `-j TARGET …` or `-g CHAIN`.
// Options may come in any order (getopt), a protocol loads its match implicitly (`-p tcp
// --dport 25`), and comma lists in -s/-d make one rule per source × destination as iptables does.
import type { Diagnostic, SourceLoc } from '../../diagnostics.js';
import { diagnostic } from '../../diagnostics.js';
import type { AddressSpec } from '../address.js';
import type { Counters, Family, Match, Target } from '../model.js';
import { handleMain, MAIN_OPTIONS } from './rule-spec-main.js';
import { buildModuleMatches } from './rule-spec-matches.js';
import type { ModuleUse } from './rule-spec-modules.js';
import { handleOption } from './rule-spec-options.js';
import { buildTarget } from './rule-spec-targets.js';
import type { RuleSpecContext, Walk } from './rule-spec-walk.js';
import { hint, isOptionWord, unknownMatch, warn } from './rule-spec-walk.js';
import type { ShellWord } from './shell-words.js';


export interface ParsedRuleSpec {
  /** the rule's matches; several when -s/-d held comma lists (one rule per combination) */
  variants: Match[][];
  target: Target;
  counters?: Counters;
  /** the family the rule itself shows (an address, icmp6, -6), when it shows one */
  familyHint?: Family;
  diagnostics: Diagnostic[];
}

/** Expands the address items into one match list per source × destination (iptables(8)). */
function expandVariants(w: Walk, build: (use: ModuleUse) => Match[]): Match[][] {
  const built = w.items.map((item) => (item.kind === 'module' ? build(item.use) : []));
  const lists = (dir: 'src' | 'dst'): (AddressSpec | undefined)[] => {
    const item = w.items.find((it) => it.kind === 'address' && it.dir === dir);
    return item?.kind === 'address' ? item.specs : [undefined];
  };
  const variants: Match[][] = [];
  const count = lists('src').length * lists('dst').length;
  if (count > MAX_VARIANTS) {
    // expanding would exhaust memory; the rule stays, unknown, so answers become uncertain
    warn(w, 'rule-too-large', { kind: 'variants', rules: count, max: MAX_VARIANTS }, undefined);
    const kept: Match[] = [{ kind: 'unknown', text: `-s/-d lists of ${count} combinations` }];
    w.items.forEach((item, idx) => {
      if (item.kind === 'match') kept.push(item.match);
      else if (item.kind === 'module') for (const m of built[idx]!) kept.push(m);
    });
    return [kept];
  }
  for (const s of lists('src')) for (const d of lists('dst')) {
    const matches: Match[] = [];
    w.items.forEach((item, idx) => {
      if (item.kind === 'match') matches.push(item.match);
      else if (item.kind === 'module') for (const m of built[idx]!) matches.push(m);
      else {
        const spec = item.dir === 'src' ? s : d;
        // iptables stores 0.0.0.0/0 as "no restriction"; only `! -s 0/0` is kept (save omits it too)
        if (spec && !(spec.type === 'cidr' && spec.prefix === 0 && !item.negated)) matches.push({ kind: 'address', dir: item.dir, negated: item.negated, address: spec });
      }
    });
    // a copy of exact length: an array grown by push keeps room for 17 (≈150 bytes a rule, BENCHMARKS.md §4)
    variants.push(matches.slice());
  }
  return variants;
}

/** iptables-restore refuses more than 255 words on a line (xshared.c MAX_ARGC); longer is not a real rule. */
export const MAX_RULE_WORDS = 1000;
/** iptables makes one rule per source × destination; beyond this many the rule is kept unexpanded. */
export const MAX_VARIANTS = 100_000;

export function parseRuleSpec(words: readonly ShellWord[], ctx: RuleSpecContext): ParsedRuleSpec {
  if (words.length > MAX_RULE_WORDS) {
    // reading it would take time quadratic in its options; it is kept as a rule we cannot read
    return {
      variants: [[{ kind: 'unknown', text: `(${words.length} words not read)` }]],
      target: { kind: 'unknown', name: '?', text: '' },
      diagnostics: [diagnostic('rule-too-large', { kind: 'words', words: words.length, max: MAX_RULE_WORDS }, ctx.loc)],
    };
  }
  const w: Walk = { words, i: 0, ctx, items: [], modules: [], loaded: [], diagnostics: [] };
  let negated = false;
  let bang: ShellWord | undefined;
  let stray: ShellWord | undefined;
  while (w.i < words.length) {
    const word = words[w.i++]!;
    if (!word.quoted && word.text === '!') { negated = !negated; bang = word; continue; }
    if (isOptionWord(word)) {
      // long options go through getopt's table (prefixes, then matches and targets)
      const main = word.text.startsWith('--') ? undefined : MAIN_OPTIONS[word.text];
      if (main) handleMain(w, main, word, negated);
      else handleOption(w, word, negated);
    } else {
      warn(w, 'unexpected-argument', { word: word.text }, word);
      unknownMatch(w, word.text);
      stray ??= word;
    }
    negated = false;
  }
  if (negated) warn(w, 'dangling-negation', {}, bang);
  const buildCtx = { loc: ctx.loc, diagnostics: w.diagnostics, ...(ctx.family ? { family: ctx.family } : {}) };
  const variants = expandVariants(w, (use) => buildModuleMatches(use, buildCtx));
  let target = buildTarget(w.target);
  // a stray word in a rule without -j/-g may be the damaged target itself (`-j` redacted or cut)
  if (target.kind === 'none' && stray) target = { kind: 'unknown', name: stray.text, text: stray.text };
  if (target.kind === 'reject' && target.with?.startsWith('icmp6')) hint(w, 6);
  return { variants, target, ...(w.counters ? { counters: w.counters } : {}), ...(w.familyHint ? { familyHint: w.familyHint } : {}), diagnostics: w.diagnostics };
}

