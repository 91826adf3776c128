// The section being built while a paste is split, and the rules for whether a line continues it,
// starts a second dump of the same kind (a chain listed twice), or names the kind of a block
// that began with comments or hints (retyping).
import type { SectionKind } from './collected.js';
import { classifyLine, continuesAfterBlank, isFirewallKind, type LineSignal } from './detect-section.js';
import type { CommandLine } from './prompt.js';

export interface Prompt extends CommandLine {
  /** 0-based index of the prompt line */
  index: number;
}

export interface Open {
  kind: SectionKind;
  start: number;
  /** exclusive end: one past the last non-blank line taken */
  end: number;
  reason: string;
  prompt?: Prompt;
  /** a command line fixed the kind: weak lines up to the next command line belong here */
  claimed: boolean;
  /** opened by a hint or by unrecognised lines: a later strong line may still name the kind */
  tentative: boolean;
  chains: Set<string>;
  policies: Set<string>;
  tables: Set<string>;
  generator?: string;
  inTable: boolean;
}

/** Longer unrecognised blocks are prose, not a header; the bound also keeps splitting linear. */
const RETYPE_LIMIT = 200;

/** A line that could sit in an unrecognised block that turns out to be `kind` (comments, hints). */
export function fitsRetype(kind: SectionKind, line: string): boolean {
  const signal = classifyLine(line);
  switch (signal.strength) {
    case 'comment':
      return true;
    case 'note':
      return isFirewallKind(kind);
    case 'hint':
      return signal.kind === kind || (kind === 'iptables-script' && continuesAfterBlank('iptables-script', line));
    case 'none':
      // shell lines above iptables commands; Exim booleans (`no_disable_ipv6`) above options
      return (kind === 'iptables-script' && continuesAfterBlank('iptables-script', line)) || (kind === 'exim-config' && /^\s*[a-z][a-z0-9_]*\s*$/.test(line));
    case 'strong':
      return signal.kind === kind;
  }
}

/** A run of iptables warnings (and comments) so far: more warnings join it. */
export function onlyNotes(open: Open, lines: string[]): boolean {
  return open.end - open.start <= RETYPE_LIMIT && lines.slice(open.start, open.end).every((l) => {
    const strength = classifyLine(l).strength;
    return l.trim() === '' || strength === 'note' || strength === 'comment';
  });
}

/** Whether a strong line of the open section's kind starts a second dump rather than continuing. */
export function restarts(open: Open, signal: Extract<LineSignal, { strength: 'strong' }>): boolean {
  const key = signal.key;
  if (!key) return false;
  switch (key.type) {
    case 'chain-header':
      return open.chains.has(key.chain);
    case 'policy':
      return open.policies.has(key.chain);
    case 'generated':
      return open.generator !== undefined && open.generator !== key.generator;
    case 'table':
      return open.tables.has(key.table);
    case 'commit':
      return false;
  }
}

export function record(open: Open, signal: LineSignal): void {
  if (signal.strength !== 'strong' || !signal.key) return;
  const key = signal.key;
  switch (key.type) {
    case 'chain-header':
      open.chains.add(key.chain);
      return;
    case 'policy':
      open.policies.add(key.chain);
      return;
    case 'generated':
      open.generator = key.generator;
      return;
    case 'table':
      open.tables.add(key.table);
      open.inTable = true;
      return;
    case 'commit':
      open.inTable = false;
      return;
  }
}

/** Whether a strong line continues the open section (possibly naming its kind more precisely). */
export function continuesWith(open: Open, signal: Extract<LineSignal, { strength: 'strong' }>, lines: string[], index: number): boolean {
  if (signal.kind === open.kind) return !restarts(open, signal);
  if (open.kind === 'iptables-save' && signal.kind === 'iptables-rules') return open.inTable;
  if (open.kind === 'exim-bp-config' && signal.kind === 'exim-config') return true;
  if (open.kind === 'exim-config' && signal.kind === 'exim-bp-config') {
    open.kind = 'exim-bp-config';
    return true;
  }
  return retypes(open, signal, lines, index);
}

/** A tentative section (comments, hints) whose lines all fit the kind this line names becomes that kind. */
export function retypes(open: Open, signal: Extract<LineSignal, { strength: 'strong' | 'hint' }>, lines: string[], index: number): boolean {
  if (!open.tentative || open.claimed || open.end - open.start > RETYPE_LIMIT) return false;
  if (!lines.slice(open.start, open.end).every((l) => l.trim() === '' || fitsRetype(signal.kind, l))) return false;
  open.kind = signal.kind;
  open.reason = `${signal.reason} at line ${index + 1}`;
  open.tentative = signal.strength === 'hint';
  return true;
}

