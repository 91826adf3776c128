// A pasted mix → sections. One paste may hold an `iptables -L` listing, an ip6tables listing,
// `exim -bt` output and a dig answer, with or without the prompt lines that ran them. Each
// section is a run of consecutive ORIGINAL lines (colour codes and CR removed, nothing else), so
// a parser's line N of `text` is line N + firstLine - 1 of the paste; prompt lines, code fences
// and blank lines between sections belong to no section.
import type { Family } from '../firewall/model.js';
import type { CollectionProblem, InputSection, SectionKind } from './collected.js';
import { classifyLine, continuesAfterBlank, isFirewallKind, takesWeakLine, type LineSignal } from './detect-section.js';
import { detectFamily } from './family.js';
import { continuesWith, onlyNotes, record, retypes, type Open, type Prompt } from './paste-section.js';
import { isEmptyPrompt, parseCommandLine } from './prompt.js';
import { looksBinary, normalizeText, splitLines } from './text.js';

// code fences and BBCode wrappers from forum posts; sudo's password prompt
const FENCE = /^\s*(?:```|~~~|\[\/?(?:code|quote|pre|font|size|color|b|i)\b[^\]]*\]\s*)+\S*\s*$/i;
const SUDO_PASSWORD = /^\s*\[sudo\] password for \S+:?\s*$|^\s*Password:\s*$/;

export interface SplitOptions {
  origin: string;
  /** --family: the family of firewall sections that carry no evidence of their own */
  family?: Family;
}

export interface SplitResult {
  sections: InputSection[];
  problems: CollectionProblem[];
}

function describeOpen(signal: LineSignal, index: number): { kind: SectionKind; reason: string; tentative: boolean } {
  switch (signal.strength) {
    case 'strong':
      return { kind: signal.kind, reason: `${signal.reason} at line ${index + 1}`, tentative: false };
    case 'hint':
      return { kind: signal.kind, reason: `${signal.reason} at line ${index + 1}`, tentative: true };
    case 'note':
      return { kind: 'unknown', reason: `an iptables warning at line ${index + 1} and nothing that says which format follows`, tentative: true };
    case 'comment':
    case 'none':
      return { kind: 'unknown', reason: 'not recognised as any input mailleak reads', tentative: true };
  }
}

/**
 * When a strong line of another kind ends the open section, the hint lines just before it are
 * its start (the address line above `  router = …`): they move to the new section. Returns the
 * index where the new section starts and shortens the open one.
 */
function reclaimHints(open: Open, kind: SectionKind, lines: string[], index: number): number {
  let from = index;
  for (let i = open.end - 1; i > open.start; i -= 1) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const signal = classifyLine(line);
    if (signal.strength !== 'hint' || signal.kind !== kind) break;
    from = i;
  }
  if (from === index) return index;
  let end = from;
  while (end > open.start && (lines[end - 1] ?? '').trim() === '') end -= 1;
  open.end = end;
  return from;
}

/** Splits pasted text into sections; never throws. */
export function splitPaste(rawText: string, options: SplitOptions): SplitResult {
  const text = normalizeText(rawText);
  const lines = splitLines(text);
  const sections: InputSection[] = [];
  const problems: CollectionProblem[] = [];
  if (looksBinary(text)) problems.push({ what: options.origin, message: 'contains binary data (NUL bytes); such lines are read as unknown' });

  let open: Open | undefined;
  let pending: Prompt | undefined;
  let sawBlank = false;

  const close = (): void => {
    if (!open) return;
    const body = lines.slice(open.start, open.end).join('\n');
    const fam = detectFamily(open.kind, body, open.prompt?.family, open.prompt?.tool, options.family);
    const how = open.prompt ? `command line ${open.prompt.index + 1} '${open.prompt.command}'${open.prompt.kind === open.kind ? '' : `; ${open.reason}`}` : open.reason;
    const section: InputSection = { kind: open.kind, origin: options.origin, firstLine: open.start + 1, text: body, detectedBy: fam.reason ? `${how}; ${fam.family ? `IPv${fam.family}: ` : ''}${fam.reason}` : how };
    if (fam.family !== undefined) section.family = fam.family;
    if (open.prompt) section.command = open.prompt.command;
    sections.push(section);
    open = undefined;
  };
  const dropPending = (): void => {
    if (pending) problems.push({ what: `${options.origin} line ${pending.index + 1}`, message: `'${pending.command}' is followed by no output` });
    pending = undefined;
  };
  const start = (index: number, signal: LineSignal): void => {
    const described = describeOpen(signal, index);
    const fromPrompt = pending?.kind;
    // the content wins over the command when it clearly says otherwise (a user may paste another file)
    const kind = signal.strength === 'strong' || fromPrompt === undefined ? described.kind : fromPrompt;
    open = {
      kind: kind === 'unknown' && fromPrompt ? fromPrompt : kind,
      start: index,
      end: index + 1,
      reason: described.reason,
      claimed: fromPrompt !== undefined,
      tentative: described.tentative && fromPrompt === undefined,
      chains: new Set(),
      policies: new Set(),
      tables: new Set(),
      inTable: false,
    };
    if (pending) open.prompt = pending;
    pending = undefined;
    sawBlank = false;
    record(open, signal);
  };

  lines.forEach((line, index) => {
    if (line.trim() === '') {
      sawBlank = true;
      return;
    }
    if (FENCE.test(line) || SUDO_PASSWORD.test(line)) {
      if (!SUDO_PASSWORD.test(line)) close();
      return;
    }
    if (isEmptyPrompt(line)) {
      close();
      dropPending();
      return;
    }
    const command = parseCommandLine(line);
    if (command && command.kind !== 'iptables-script') {
      close();
      dropPending();
      pending = { ...command, index };
      return;
    }
    const signal: LineSignal = command ? { strength: 'strong', kind: 'iptables-script', reason: 'iptables/ip6tables command lines' } : classifyLine(line);
    if (!open) return start(index, signal);
    const current: Open = open;
    let takes: boolean;
    switch (signal.strength) {
      case 'strong':
        takes = continuesWith(current, signal, lines, index);
        break;
      case 'note':
        // a warning joins firewall text; anywhere else it heads the firewall text that follows
        takes = isFirewallKind(current.kind) || (current.tentative && current.kind === 'unknown' && onlyNotes(current, lines));
        break;
      case 'hint':
      case 'comment':
      case 'none': {
        const sameKindHint = signal.strength === 'hint' && signal.kind === current.kind;
        if (signal.strength === 'hint' && current.tentative && !sameKindHint) takes = retypes(current, signal, lines, index);
        else if (current.kind === 'iptables-save' && !current.inTable && current.tables.size > 0) takes = signal.strength === 'comment';
        else if (current.claimed || sameKindHint) takes = true;
        else takes = sawBlank ? continuesAfterBlank(current.kind, line) : takesWeakLine(current.kind, line);
        break;
      }
    }
    if (!takes) {
      const from = signal.strength === 'strong' ? reclaimHints(current, signal.kind, lines, index) : index;
      close();
      if (from === index) return start(index, signal);
      // the reclaimed hint lines open the section; the strong line names its kind
      start(from, signal);
      open!.end = index + 1;
      return;
    }
    current.end = index + 1;
    sawBlank = false;
    record(current, signal);
  });
  close();
  dropPending();
  return { sections, problems };
}
