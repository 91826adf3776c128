// The source text of a lookup table, as postmap(1) reads it ("key whitespace value", lines
// starting with whitespace continue, `#` comments, keys folded to lower case, the first of
// duplicate keys kept), and regexp_table(5)/pcre_table(5) pattern files, best effort.
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { readLogicalLines } from './logical-lines.js';

export interface IndexedEntry {
  value: string;
  line: number;
  text: string;
}

export interface PatternEntry {
  /** undefined: the pattern could not be evaluated here, so a match on it is unknown */
  regex?: RegExp;
  negated: boolean;
  value: string;
  line: number;
  text: string;
}

export function readIndexedSource(text: string, origin: string, map: string): { entries: Map<string, IndexedEntry>; diagnostics: Diagnostic[] } {
  const entries = new Map<string, IndexedEntry>();
  const diagnostics: Diagnostic[] = [];
  for (const l of readLogicalLines(text, 1, 'start').lines) {
    const m = /^(\S+)\s+(.*)$/.exec(l.joined);
    if (!m) diagnostics.push(diagnostic('postfix-map-syntax', { map }, { origin, line: l.line, text: l.text }));
    else {
      const key = m[1]!.toLowerCase();
      if (!entries.has(key)) entries.set(key, { value: m[2]!.trim(), line: l.line, text: l.text });
    }
  }
  return { entries, diagnostics };
}

/** `/pattern/flags result` and `!/pattern/ result`; `if`/`endif` blocks make their lines unknown. */
export function readPatternSource(text: string, origin: string, map: string): { patterns: PatternEntry[]; diagnostics: Diagnostic[] } {
  const patterns: PatternEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  let depth = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const loc = { origin, line: i + 1, text: line };
    if (line.trim() === '' || /^\s*#/.test(line)) return;
    if (/^\s*endif\b/.test(line)) {
      depth = Math.max(0, depth - 1);
      return;
    }
    const m = /^\s*(if\s+)?(!?)\/((?:\\.|[^/\\])*)\/([a-zA-Z]*)\s*(.*)$/.exec(line);
    if (!m) {
      diagnostics.push(diagnostic('postfix-map-syntax', { map }, loc));
      return;
    }
    if (m[1]) {
      if (depth === 0) diagnostics.push(diagnostic('postfix-regexp-unread', { map, reason: 'conditional' }, loc));
      depth++;
      return;
    }
    const entry: PatternEntry = { negated: m[2] === '!', value: m[5]!.trim(), line: i + 1, text: line };
    // patterns are case-insensitive unless the `i` flag toggles it (regexp_table(5))
    const insensitive = !m[4]!.includes('i');
    if (depth === 0) {
      try {
        entry.regex = new RegExp(m[3]!, insensitive ? 'i' : '');
      } catch {
        diagnostics.push(diagnostic('postfix-regexp-unread', { map, reason: 'syntax' }, loc));
      }
    }
    patterns.push(entry);
  });
  return { patterns, diagnostics };
}

/** `$1`, `${1}` in a pattern's result replaced by what the groups matched. */
export function substituteGroups(value: string, match: RegExpExecArray): string {
  return value.replace(/\$(?:\{(\d)\}|(\d))/g, (_, a?: string, b?: string) => match[Number(a ?? b)] ?? '');
}
