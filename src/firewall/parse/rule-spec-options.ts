// Extension options (`--dport`, `--uid-owner`, `--log-prefix` …): which loaded match or target
// takes each one, as getopt would resolve it across everything loaded so far.
import type { ModuleUse, OptionUse } from './rule-spec-modules.js';
import { KNOWN_MODULE_OPTIONS, resolveOptionName } from './rule-spec-modules.js';
import type { TargetUse } from './rule-spec-targets.js';
import type { Walk } from './rule-spec-walk.js';
import { takeArgs, unknownMatch, warn } from './rule-spec-walk.js';
import type { ShellWord } from './shell-words.js';
import { quoteWord } from './shell-words.js';

/** The match a protocol loads implicitly (iptables(8) `-p`: "a match extension … is loaded"). */
const PROTOCOL_MODULES: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmp6', 132: 'sctp', 33: 'dccp' };

function knownOption(u: ModuleUse, name: string, exact: boolean): string | undefined {
  const opts = KNOWN_MODULE_OPTIONS[u.name];
  if (!opts) return undefined;
  if (exact) return name in opts ? name : undefined;
  return resolveOptionName(opts, name);
}

/**
 * Which module (or the target) takes `--name`: an exact option of a loaded match, of the
 * protocol's implicit match, then the current -m/-j context, and only then an abbreviation
 * (getopt_long accepts unique prefixes such as `--to-port`).
 */
function ownerOf(w: Walk, name: string): { use: ModuleUse | TargetUse; option: string; arity: number | 'any' } | undefined {
  const ctxModule = w.context && 'explicit' in w.context ? w.context : undefined;
  const loaded = [...(ctxModule ? [ctxModule] : []), ...[...w.modules].reverse()];
  const implicitName = typeof w.protocol === 'number' ? PROTOCOL_MODULES[w.protocol] : undefined;
  const implicit: ModuleUse | undefined = implicitName && !w.modules.some((u) => u.name === implicitName) ? { name: implicitName, explicit: false, options: [] } : undefined;
  const found = (u: ModuleUse, option: string): { use: ModuleUse; option: string; arity: number } => {
    if (u === implicit) {
      w.modules.push(u);
      w.items.push({ kind: 'module', use: u });
    }
    return { use: u, option, arity: KNOWN_MODULE_OPTIONS[u.name]![option]! };
  };
  for (const exact of [true, false]) {
    for (const u of [...loaded, ...(implicit ? [implicit] : [])]) {
      const option = knownOption(u, name, exact);
      if (option) return found(u, option);
    }
    if (exact && w.context && !(ctxModule && KNOWN_MODULE_OPTIONS[ctxModule.name])) return { use: w.context, option: name, arity: 'any' };
  }
  return undefined;
}

export function handleExtensionOption(w: Walk, word: ShellWord, negated: boolean): void {
  const [raw = '', inline] = word.text.split(/=(.*)/s, 2);
  const name = raw.replace(/^--?/, '');
  const owner = ownerOf(w, name);
  const neg = { value: negated };
  const args = inline !== undefined ? [{ ...word, text: inline }] : takeArgs(w, owner?.arity ?? 'any', neg);
  const text = [neg.value ? '!' : '', raw, ...args.map((a) => quoteWord(a.text))].filter((s) => s).join(' ');
  if (!owner) {
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

