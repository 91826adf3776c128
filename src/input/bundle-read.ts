// Reads a bundle (bundle-format.ts) into its header and records. Never throws and never runs
// anything: a truncated bundle, a section without its status, stray lines (a login banner on
// stdout) become problems with the line number; what is complete is kept.
import type { CollectionProblem } from './collected.js';
import { BUNDLE_HEADER, BUNDLE_VERSION, EXIT_WORDS, findHeaderLine, type BundleHeader, type BundleRecord, type ExitWord } from './bundle-format.js';

export interface ParsedBundle {
  /** undefined when the text is not a bundle at all */
  header?: BundleHeader;
  records: BundleRecord[];
  problems: CollectionProblem[];
  /** false when the end marker is missing: the bundle was cut off */
  complete: boolean;
}

const MARKER = /^### mailleak-(section|stderr|end|bundle-end) (\S+)(?: (.*))?$/;
const FIELD = /^# ([\w-]+): ?(.*)$/;
const STATUS = /^exit=(\d{1,3})(?: (\S+))?\s*$/;

type State = { at: 'outside' } | { at: 'stdout'; record: BundleRecord; from: number } | { at: 'stderr'; record: BundleRecord; from: number };

function startRecord(rest: string, line: number): BundleRecord | undefined {
  const m = /^(cmd|file) (.+)$/.exec(rest);
  if (!m) return undefined;
  return { type: m[1] as 'cmd' | 'file', name: m[2]!, stdout: '', stderr: '', line };
}

function readStatus(record: BundleRecord, rest: string): void {
  const m = STATUS.exec(rest);
  if (!m) return;
  record.exit = Number(m[1]);
  const word = m[2] as ExitWord | undefined;
  if (word !== undefined && EXIT_WORDS.includes(word)) record.word = word;
}

/** Splits a bundle into records; `origin` names it in problems ("stdin", a file path). */
export function parseBundle(raw: string, origin: string): ParsedBundle {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const out: ParsedBundle = { records: [], problems: [], complete: false };
  let pos = 0;
  let lineNo = 0;
  // the header; a login banner or profile output before it is skipped and said
  const headerAt = findHeaderLine(text);
  if (headerAt < 0) {
    const empty = text.trim() === '';
    out.problems.push({ what: origin, message: empty ? 'empty: no bundle was read' : "not a mailleak bundle: no '# mailleak-bundle v1 …' line at the start (written by `mailleak collect --script`)" });
    return out;
  }
  for (let i = 0; i <= headerAt; i += 1) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end === -1 ? text.length : end);
    lineNo += 1;
    pos = end === -1 ? text.length : end + 1;
    if (i < headerAt) {
      if (line.trim() !== '') out.problems.push({ what: `${origin} line ${lineNo}`, message: `not part of the bundle, ignored (a login banner?): ${JSON.stringify(line.slice(0, 120))}` });
      continue;
    }
    const m = BUNDLE_HEADER.exec(line)!;
    out.header = { version: Number(m[1]), fields: {} };
    if (m[2] !== undefined) out.header.boundary = m[2];
  }
  const header = out.header;
  if (!header) return out;
  if (header.version !== BUNDLE_VERSION) out.problems.push({ what: `${origin} line ${lineNo}`, message: `bundle format v${header.version}; this mailleak reads v${BUNDLE_VERSION} and reads it as such` });
  if (header.boundary === undefined) out.problems.push({ what: `${origin} line ${lineNo}`, message: 'the header names no boundary: markers with any boundary are accepted' });

  let state: State = { at: 'outside' };
  let stray: { line: number; text: string; count: number } | undefined;
  const close = (endAt: number): void => {
    if (state.at === 'stdout') {
      out.problems.push({ what: `${origin} line ${state.record.line}`, message: `'${state.record.name}': the bundle ends inside its output (truncated); not used` });
      out.records.push(state.record);
    } else if (state.at === 'stderr') {
      state.record.stderr = text.slice(state.from, endAt).replace(/\n+$/, '');
      out.records.push(state.record);
    }
    state = { at: 'outside' };
  };
  while (pos < text.length && !out.complete) {
    const lineStart = pos;
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end === -1 ? text.length : end);
    lineNo += 1;
    pos = end === -1 ? text.length : end + 1;
    const marker = line.startsWith('### mailleak-') ? MARKER.exec(line) : null;
    if (!marker || (header.boundary !== undefined && marker[2] !== header.boundary)) {
      if (state.at === 'outside') {
        const field = out.records.length === 0 ? FIELD.exec(line) : null;
        if (field) header.fields[field[1]!] = field[2]!;
        else if (line.trim() !== '') stray = stray ? { ...stray, count: stray.count + 1 } : { line: lineNo, text: line.slice(0, 120), count: 1 };
      }
      continue;
    }
    const kind = marker[1]!;
    const rest = marker[3] ?? '';
    switch (kind) {
      case 'section': {
        close(lineStart);
        const record = startRecord(rest, lineNo);
        if (record) state = { at: 'stdout', record, from: pos };
        else out.problems.push({ what: `${origin} line ${lineNo}`, message: `a section marker names neither a command nor a file: ${JSON.stringify(rest.slice(0, 120))}` });
        break;
      }
      case 'stderr':
        if (state.at === 'stdout') {
          // the script adds one newline before this marker so that it starts a line
          state.record.stdout = text.slice(state.from, Math.max(state.from, lineStart - 1));
          readStatus(state.record, rest);
          if (state.record.exit === undefined) out.problems.push({ what: `${origin} line ${lineNo}`, message: `'${state.record.name}': unreadable exit status ${JSON.stringify(rest)}` });
          state = { at: 'stderr', record: state.record, from: pos };
        }
        break;
      case 'end':
        close(lineStart);
        break;
      case 'bundle-end':
        close(lineStart);
        out.complete = true;
        break;
    }
  }
  if (!out.complete) {
    close(text.length);
    const last = out.records[out.records.length - 1];
    out.problems.push({ what: origin, message: `the bundle has no end marker: it was cut off${last ? ` after '${last.name}'` : ' before any section'}; what is missing is reported per command` });
  }
  if (stray) out.problems.push({ what: `${origin} line ${stray.line}`, message: `${stray.count} line(s) outside the bundle's sections were ignored, the first: ${JSON.stringify(stray.text)}` });
  return out;
}
