// The rule shapes that make up nearly every line of a large save file (deny lists of CSF, fail2ban,
// ipset-less scripts) read directly into the model, without the general option machinery:
//   -A CHAIN [-s ADDR] [-d ADDR] [-i IF] [-o IF] [-p tcp|udp [-m tcp|udp] [--sport N] [--dport N]]
//            [-m comment --comment "…"] -j TARGET
// in the order iptables-save prints them, no negation, no counters. The matches and target are
// exactly those the general path (parseInvocation + parseRuleSpec) builds for the same line —
// test/firewall/parse/save-common-rule.test.ts compares both on generated lines; anything else
// (another option, a quote inside a word, a value that looks like an option) is left to the
// general path. 100k-rule files, BENCHMARKS.md §2 and §4.
import { parseCidr } from '../address.js';
import type { Family, Match, Target } from '../model.js';
import { buildTarget } from './rule-spec-targets.js';

export interface CommonRule {
  chain: string;
  matches: Match[];
  target: Target;
  /** the family the rule's addresses show, as the general path hints it */
  familyHint?: Family;
}

/** A cursor over the blank-separated words of one line; a word may be one whole `"…"`. */
interface Words {
  line: string;
  at: number;
  quoted: boolean;
}

/** The next word, or undefined at the end; null when the line needs the full tokenizer. */
function nextWord(w: Words): string | undefined | null {
  const { line } = w;
  const n = line.length;
  let i = w.at;
  let c = 0;
  while (i < n && ((c = line.charCodeAt(i)) === 32 || c === 9)) i++;
  if (i >= n) { w.at = i; return undefined; }
  if (c === 34) {
    const end = line.indexOf('"', i + 1);
    // `"a b"c` or an unterminated quote: the full tokenizer joins or reports it
    if (end < 0 || (end + 1 < n && (c = line.charCodeAt(end + 1)) !== 32 && c !== 9)) return null;
    w.at = end + 1;
    w.quoted = true;
    return line.slice(i + 1, end);
  }
  let j = i + 1;
  while (j < n && (c = line.charCodeAt(j)) !== 32 && c !== 9) {
    if (c === 34 || c === 92) return null;
    j++;
  }
  w.at = j;
  w.quoted = false;
  return knownWord(line, i, j) ?? line.slice(i, j);
}

/** The words every rule of a deny list repeats, returned as these constants instead of a new string each. */
const KNOWN_WORDS = ['-A', '-s', '-d', '-i', '-o', '-p', '-m', '-j', 'tcp', 'udp', 'comment', '--comment', '--sport', '--dport', 'DROP', 'ACCEPT', 'REJECT', 'RETURN'];

function knownWord(line: string, i: number, j: number): string | undefined {
  const len = j - i;
  for (const k of KNOWN_WORDS) if (k.length === len && line.startsWith(k, i)) return k;
  return undefined;
}

/** A value word: quoted, or not looking like an option or a negation (else the general path). */
function isPlainValue(text: string | undefined | null, quoted: boolean): text is string {
  if (text === undefined || text === null) return false;
  return quoted || (text !== '' && text.charCodeAt(0) !== 45 && text !== '!');
}

function isPortNumber(text: string): boolean {
  if (text.length === 0 || text.length > 5) return false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return Number(text) <= 65535;
}

const STAGES = ['-s', '-d', '-i', '-o', '-p', '-m', '--sport', '--dport', '-m comment', '-j'] as const;

/**
 * The rule of a save line (already trimmed) in one of the common shapes, or undefined when the
 * line needs the general parser. `family` is the family the text is read as, when known.
 */
export function readCommonRule(line: string, family: Family | undefined): CommonRule | undefined {
  // a backslash or `{{` anywhere (even inside quotes) is for the full tokenizer
  if (line.charCodeAt(0) !== 45 || line.charCodeAt(1) !== 65 || line.includes('{{') || line.includes('\\')) return undefined;
  const w: Words = { line, at: 0, quoted: false };
  if (nextWord(w) !== '-A') return undefined;
  const chain = nextWord(w);
  if (!isPlainValue(chain, w.quoted) || w.quoted) return undefined;
  const matches: Match[] = [];
  let familyHint: Family | undefined;
  let protocol: string | undefined;
  let stage = 0;
  for (;;) {
    const option = nextWord(w);
    if (option === null || option === undefined || w.quoted) return undefined;
    const value = nextWord(w);
    // every value of these shapes is a plain word, except the comment's text (read below)
    if (!isPlainValue(value, w.quoted) || w.quoted) return undefined;
    const at = option === '-m' && value === 'comment' ? STAGES.indexOf('-m comment') : STAGES.indexOf(option as (typeof STAGES)[number]);
    if (at < stage) return undefined;
    stage = at + 1;
    switch (STAGES[at]) {
      case '-s':
      case '-d': {
        const spec = parseCidr(value);
        if (!spec || spec.type === 'hostname' || (family !== undefined && spec.family !== family)) return undefined;
        familyHint ??= spec.family;
        // iptables stores 0.0.0.0/0 as "no restriction" (the general path drops it the same way)
        if (!(spec.type === 'cidr' && spec.prefix === 0)) matches.push({ kind: 'address', dir: option === '-s' ? 'src' : 'dst', negated: false, address: spec });
        break;
      }
      case '-i':
      case '-o':
        matches.push({ kind: 'interface', dir: option === '-i' ? 'in' : 'out', negated: false, name: value });
        break;
      case '-p':
        if (value !== 'tcp' && value !== 'udp') return undefined;
        protocol = value;
        matches.push({ kind: 'protocol', negated: false, protocol: value === 'tcp' ? 6 : 17, text: value });
        break;
      case '-m':
        // `-m tcp` after `-p tcp`: the module -p loads anyway
        if (value !== protocol) return undefined;
        break;
      case '--sport':
      case '--dport':
        if (protocol === undefined || !isPortNumber(value)) return undefined;
        matches.push({ kind: 'port', dir: option === '--sport' ? 'src' : 'dst', negated: false, ranges: [{ from: Number(value), to: Number(value) }] });
        break;
      case '-m comment': {
        if (nextWord(w) !== '--comment' || w.quoted) return undefined;
        const text = nextWord(w);
        if (!isPlainValue(text, w.quoted)) return undefined;
        matches.push({ kind: 'comment', text });
        break;
      }
      case '-j': {
        if (nextWord(w) !== undefined) return undefined;
        const target = buildTarget({ name: value, goto: false, options: [] });
        // the NAT targets are refused outside the nat table, which the general path reports
        if (target.kind === 'nat' || target.kind === 'unknown') return undefined;
        return familyHint === undefined ? { chain, matches: matches.slice(), target } : { chain, matches: matches.slice(), target, familyHint };
      }
      case undefined:
        return undefined;
    }
  }
}
