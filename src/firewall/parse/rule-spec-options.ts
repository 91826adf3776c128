// Long options (`--dst`, `--dport`, `--uid-owner`, `--to` …): which of iptables' own options, or
// which loaded match or target, takes each one, as getopt_long would resolve it over everything
// loaded so far (getopt.ts), including the unambiguous prefixes people write (`-m multiport
// --dport 25,465` is --dports).
import type { OptionTable } from './getopt.js';
import { IPTABLES_LONG_OPTIONS, mainOptionNames, resolveLongOption } from './getopt.js';
import { handleMain, MAIN_OPTIONS } from './rule-spec-main.js';
import type { ModuleUse, OptionUse } from './rule-spec-modules.js';
import { KNOWN_MODULE_OPTIONS } from './rule-spec-modules.js';
import type { TargetUse } from './rule-spec-targets.js';
import { KNOWN_TARGET_OPTIONS } from './rule-spec-targets.js';
import type { Walk } from './rule-spec-walk.js';
import { takeArgs, unknownMatch, warn } from './rule-spec-walk.js';
import type { ShellWord } from './shell-words.js';
import { quoteWord } from './shell-words.js';

/** The match a protocol loads implicitly (iptables(8) `-p`: "a match extension … is loaded"). */
const PROTOCOL_MODULES: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmp6', 132: 'sctp', 33: 'dccp' };

type Loaded = ModuleUse | TargetUse;
type Owner = 'main' | Loaded;

type Resolved =
  | { kind: 'main'; option: string }
  | { kind: 'extension'; use: Loaded; option: string; arity: number | 'any' }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'none' };

/** The options of a loaded match or target, when we know them. */
function optionsOf(u: Loaded): Record<string, number> | undefined {
  return 'explicit' in u ? KNOWN_MODULE_OPTIONS[u.name] : KNOWN_TARGET_OPTIONS[u.name];
}

/** getopt's table: iptables' own options, then each loaded match or target, newest first. */
function tablesOf(w: Walk, loaded: readonly Loaded[]): OptionTable<Owner>[] {
  const tables: OptionTable<Owner>[] = [{ owner: 'main', names: mainOptionNames(w.ctx.family) }];
  for (let k = loaded.length - 1; k >= 0; k--) {
    const options = optionsOf(loaded[k]!);
    if (options) tables.push({ owner: loaded[k]!, names: Object.keys(options) });
  }
  return tables;
}

function describe(owner: Owner, option: string): string {
  return owner === 'main' ? `--${option}` : `--${option} (${owner.name})`;
}

function toResolved(r: ReturnType<typeof resolveLongOption<Owner>>): Resolved {
  switch (r.kind) {
    case 'found':
      return r.owner === 'main' ? { kind: 'main', option: r.option } : { kind: 'extension', use: r.owner, option: r.option, arity: optionsOf(r.owner)![r.option]! };
    case 'ambiguous':
      return { kind: 'ambiguous', candidates: r.candidates.map((c) => describe(c.owner, c.option)) };
    case 'none':
      return r;
  }
}

/**
 * Who takes `--name`. As iptables: a full name in getopt's table, else an unambiguous prefix;
 * only when nothing loaded knows it is the protocol's match loaded (xshared.c command_default,
 * load_proto) and the table searched again. A loaded match or target whose options we do not
 * know takes a name nothing we know has in full: it is most likely its own option.
 */
function resolveOwner(w: Walk, name: string): Resolved {
  const implicitName = typeof w.protocol === 'number' ? PROTOCOL_MODULES[w.protocol] : undefined;
  const implicit: ModuleUse | undefined = implicitName && !w.modules.some((u) => u.name === implicitName) ? { name: implicitName, explicit: false, options: [] } : undefined;
  const load = (u: ModuleUse): void => {
    w.modules.push(u);
    w.loaded.push(u);
    w.items.push({ kind: 'module', use: u });
  };
  const tables = tablesOf(w, w.loaded);
  const first = resolveLongOption(name, tables);
  if (first.kind === 'found' && first.exact) return toResolved(first);
  const opaque = [...w.loaded].reverse().find((u) => !optionsOf(u));
  if (opaque) {
    // a prefix of an option of a match loaded after the opaque one is that option
    if (first.kind === 'found' && first.owner !== 'main' && w.loaded.indexOf(first.owner) > w.loaded.indexOf(opaque)) return toResolved(first);
    if (implicit && KNOWN_MODULE_OPTIONS[implicit.name]?.[name] !== undefined) {
      load(implicit);
      return { kind: 'extension', use: implicit, option: name, arity: KNOWN_MODULE_OPTIONS[implicit.name]![name]! };
    }
    return { kind: 'extension', use: opaque, option: name, arity: 'any' };
  }
  if (first.kind !== 'none' || !implicit) return toResolved(first);
  const again = resolveLongOption(name, tablesOf(w, [...w.loaded, implicit]));
  if (again.kind === 'found') load(implicit);
  return toResolved(again);
}

/** An option word that is not one of iptables' short options: `--dport 25`, `--dst=192.0.2.1`. */
export function handleOption(w: Walk, word: ShellWord, negated: boolean): void {
  // `--opt=value`: split at the first '=' (no regular expressions: called for every option word)
  const eq = word.text.indexOf('=');
  const raw = eq < 0 ? word.text : word.text.slice(0, eq);
  const inline = eq < 0 ? undefined : word.text.slice(eq + 1);
  const owner = resolveOwner(w, raw.startsWith('--') ? raw.slice(2) : raw.startsWith('-') ? raw.slice(1) : raw);
  const inlineWord = inline === undefined ? undefined : { ...word, text: inline };
  if (owner.kind === 'main') {
    const kind = MAIN_OPTIONS[IPTABLES_LONG_OPTIONS[owner.option]!];
    // iptables' commands and output flags were taken by parseInvocation before the rule was read
    if (kind) handleMain(w, kind, word, negated, inlineWord);
    return;
  }
  const neg = { value: negated };
  const args = inlineWord ? [inlineWord] : takeArgs(w, owner.kind === 'extension' ? owner.arity : 'any', neg);
  const text = [neg.value ? '!' : '', raw, ...args.map((a) => quoteWord(a.text))].filter((s) => s).join(' ');
  if (owner.kind === 'ambiguous') {
    // getopt_long answers '?' for an ambiguous prefix and iptables stops: the rule is never added
    warn(w, 'ambiguous-option', { option: raw, candidates: owner.candidates }, word);
    unknownMatch(w, text);
    return;
  }
  if (owner.kind === 'none') {
    warn(w, 'unknown-option', { option: raw }, word);
    unknownMatch(w, text);
    return;
  }
  if (typeof owner.arity === 'number' && args.length < owner.arity) warn(w, 'missing-value', { option: raw, count: owner.arity }, word);
  const unresolved = args.find((a) => a.unresolved);
  if ((unresolved || (typeof owner.arity === 'number' && args.length < owner.arity)) && 'explicit' in owner.use) {
    if (unresolved) warn(w, 'unresolved-value', { what: 'value', text: unresolved.unresolved! }, unresolved);
    unknownMatch(w, text, owner.use.name);
    return;
  }
  const use: OptionUse = { option: owner.option, negated: neg.value, args, word };
  owner.use.options.push(use);
}
