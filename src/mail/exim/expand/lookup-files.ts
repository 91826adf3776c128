// The file-based single-key lookups (spec "Single-key lookup types"; lsearch.c, dsearch.c):
// lsearch (caseless literal keys), wildlsearch / nwildlsearch (keys are patterns: `*suffix`,
// `^regex`, literal; wildlsearch expands them first), iplsearch (IP addresses and networks) and
// dsearch (entries of a directory). Files come through the injected FileAccess.
import { addressIn, parseCidr, parseIp } from '../../../firewall/address.js';
import { compileRegex } from './regex.js';
import { ANY_VALUE, type ExpandContext, type FileState } from './types.js';

export type KeyResult =
  | { kind: 'found'; value: string }
  | { kind: 'not-found' }
  | { kind: 'failed'; message: string }
  | { kind: 'unknown'; reason: string };

export type FileLookup = 'lsearch' | 'wildlsearch' | 'nwildlsearch' | 'iplsearch' | 'dsearch';

export interface KeyPattern {
  /** expands a wildlsearch key (a string expansion) */
  expandKey?: (key: string) => { ok: true; text: string } | { ok: false; unknown?: string };
}

export function findInFile(type: FileLookup, key: string, path: string, retKey: boolean, ctx: ExpandContext, pattern: KeyPattern): KeyResult {
  if (!path.startsWith('/')) return { kind: 'failed', message: `"${path}" is not an absolute path` };
  const state: FileState = ctx.file(path);
  if (type === 'dsearch') return findInDirectory(key, path, state);
  switch (state.kind) {
    case 'unknown':
      return state;
    case 'absent':
      return { kind: 'failed', message: `failed to open ${path} for linear search: No such file or directory` };
    case 'dir':
      return { kind: 'unknown', reason: `${path} is a directory` };
    case 'partial':
      return fromPartial(state, key, type !== 'iplsearch' && state.form === 'file');
    case 'file':
      break;
  }
  if (type === 'iplsearch' && key !== '*' && !parseIp(key)) return { kind: 'failed', message: `"${key}" is not a valid iplsearch key` };
  for (const entry of readLsearchEntries(state.text)) {
    const m = keyMatches(type, entry.key, key, pattern);
    if (m === 'failed') return { kind: 'failed', message: `lookup of "${key}" gave DEFER: the key "${entry.key}" could not be expanded` };
    if (m === 'unknown') return { kind: 'unknown', reason: `${path}: the key pattern "${entry.key}" is not evaluated by mailleak` };
    if (m) return { kind: 'found', value: retKey ? key : entry.value };
  }
  return { kind: 'not-found' };
}

function findInDirectory(key: string, path: string, state: FileState): KeyResult {
  if (key.includes('/')) return { kind: 'failed', message: `key for dsearch lookup contains a slash: ${key}` };
  switch (state.kind) {
    case 'unknown':
      return state;
    case 'absent':
    case 'file':
      return { kind: 'failed', message: `${path} is not a directory` };
    case 'dir':
      return state.entries.includes(key) ? { kind: 'found', value: key } : { kind: 'not-found' };
    case 'partial':
      // a domain not known here, in a directory of hosted domains: some entry, which one unknown
      if (key.includes(ANY_VALUE)) return { kind: 'found', value: key };
      return fromPartial(state, key, state.form === 'dir');
  }
}

/** A file or directory known only to lack some keys: those are not found, any other is unknown. */
function fromPartial(state: Extract<FileState, { kind: 'partial' }>, key: string, applies: boolean): KeyResult {
  // `@domain` stands for every mailbox of the domain
  const k = key.toLowerCase();
  if (applies && state.lacks.some((l) => l === k || (l.startsWith('@') && k.endsWith(l)))) return { kind: 'not-found' };
  return { kind: 'unknown', reason: `${state.path} is not at hand (only that it lacks ${state.lacks.join(', ')} is assumed)` };
}

function keyMatches(type: FileLookup, lineKey: string, key: string, pattern: KeyPattern): boolean | 'unknown' | 'failed' {
  switch (type) {
    case 'lsearch':
    case 'dsearch':
      return lineKey.toLowerCase() === key.toLowerCase();
    case 'iplsearch':
      return ipKeyMatches(lineKey, key);
    case 'wildlsearch':
    case 'nwildlsearch': {
      let item = lineKey;
      if (type === 'wildlsearch' && /[$\\]/.test(item)) {
        const e = pattern.expandKey?.(item);
        if (!e) return 'unknown';
        if (!e.ok) return e.unknown !== undefined ? 'unknown' : 'failed';
        item = e.text;
      }
      return matchStringItem(item, key);
    }
  }
}

/** match_check_string() for one item, caseless: `^regex`, `*suffix`, or a literal. */
function matchStringItem(item: string, key: string): boolean | 'unknown' {
  if (item.startsWith('^')) {
    const re = compileRegex(item, true);
    return re.ok ? re.re.test(key) : 'unknown';
  }
  if (item.startsWith('*')) return key.toLowerCase().endsWith(item.slice(1).toLowerCase());
  if (/^[\w-]+;/.test(item) || item.startsWith('!')) return 'unknown';
  return item.toLowerCase() === key.toLowerCase();
}

function ipKeyMatches(lineKey: string, key: string): boolean {
  if (lineKey === '*' || key === '*') return lineKey === key;
  const net = parseCidr(lineKey);
  const ip = parseIp(key);
  if (!net || !ip || !/^[0-9a-fA-F:.]+(\/\d+)?$/.test(lineKey)) return false;
  return addressIn(ip, net) === 'match';
}

export interface LsearchEntry {
  key: string;
  value: string;
}

/** Entries of an lsearch file in order, with continuation lines joined by one space. */
export function readLsearchEntries(text: string): LsearchEntry[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const entries: LsearchEntry[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\s+$/, '');
    if (line === '' || line.startsWith('#') || /^\s/.test(line)) continue;
    const { key, rest } = readKey(line);
    let value = rest.replace(/^\s+/, '');
    if (value.startsWith(':')) value = value.slice(1).replace(/^\s+/, '');
    for (let k = n + 1; k < lines.length; k++) {
      const next = lines[k]!.replace(/\s+$/, '');
      // an empty line or a comment line ends the entry (verified with exim -be)
      if (next === '' || next.startsWith('#')) break;
      if (!/^\s/.test(next)) break;
      value += ` ${next.replace(/^\s+/, '')}`;
    }
    entries.push({ key, value });
  }
  return entries;
}

function readKey(line: string): { key: string; rest: string } {
  if (!line.startsWith('"')) {
    const m = /^[^:\s]*/.exec(line)![0];
    return { key: m, rest: line.slice(m.length) };
  }
  let i = 1;
  let key = '';
  const letters: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  while (i < line.length && line[i] !== '"') {
    if (line[i] === '\\' && i + 1 < line.length) {
      const octal = /^[0-7]{1,3}/.exec(line.slice(i + 1));
      if (octal) {
        key += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
        i += 1 + octal[0].length;
        continue;
      }
      const c = line[i + 1]!;
      const hex = c === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(line.slice(i + 2)) : null;
      if (hex) {
        key += String.fromCharCode(parseInt(hex[0], 16));
        i += 2 + hex[0].length;
        continue;
      }
      key += letters[c] ?? c;
      i += 2;
      continue;
    }
    key += line[i];
    i++;
  }
  if (i < line.length) i++;
  return { key, rest: line.slice(i) };
}
