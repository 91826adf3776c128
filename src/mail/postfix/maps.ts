// Lookup tables named by parameters (`type:name`, postconf(5) and DATABASE_README): indexed
// tables (hash, btree, lmdb, cdb, dbm, sdbm) are read from the source text postmap built them
// from (the name without .db), texthash from its file, inline:{…} and static: from the text
// itself, regexp/pcre best effort. Other types (ldap, mysql, proxy to them…) stay unknown.
import type { Diagnostic } from '../../diagnostics.js';
import { readIndexedSource, readPatternSource, substituteGroups, type IndexedEntry, type PatternEntry } from './map-source.js';

/** How files named by the configuration are read (the core's injected reader, src/input/read.ts). */
export type TextFileReader = (path: string) => string | undefined;

export type PostfixMap =
  | { ref: string; kind: 'indexed'; file?: string; entries: Map<string, IndexedEntry> }
  | { ref: string; kind: 'pattern'; file: string; patterns: PatternEntry[] }
  | { ref: string; kind: 'static'; value: string }
  | { ref: string; kind: 'unknown'; reason: string };

export type MapResult =
  | { kind: 'found'; value: string; map: string; key: string; file?: string; line?: number; text?: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

const INDEXED = new Set(['hash', 'btree', 'lmdb', 'cdb', 'dbm', 'sdbm', 'texthash']);

/** Reads one `type:name` table; `readFile` gets the path as the configuration names it. */
export function openMap(ref: string, readFile: TextFileReader, diagnostics: Diagnostic[]): PostfixMap {
  const spec = ref.replace(/^proxy:/, '');
  const colon = spec.indexOf(':');
  if (colon < 0) return { ref, kind: 'unknown', reason: `${ref} is not a type:name lookup table` };
  const type = spec.slice(0, colon);
  const name = spec.slice(colon + 1);
  if (type === 'static') return { ref, kind: 'static', value: name.replace(/^\{\s*(.*?)\s*\}$/, '$1') };
  if (type === 'inline') return { ref, kind: 'indexed', entries: readInline(name) };
  if (INDEXED.has(type) || type === 'regexp' || type === 'pcre') {
    const text = readFile(name);
    if (text === undefined) return { ref, kind: 'unknown', reason: `the source file of ${ref} (${name}) was not available` };
    if (type === 'regexp' || type === 'pcre') {
      const read = readPatternSource(text, name, ref);
      diagnostics.push(...read.diagnostics);
      return { ref, kind: 'pattern', file: name, patterns: read.patterns };
    }
    const read = readIndexedSource(text, name, ref);
    diagnostics.push(...read.diagnostics);
    return { ref, kind: 'indexed', file: name, entries: read.entries };
  }
  return { ref, kind: 'unknown', reason: `${type}: tables cannot be read by mailleak (${ref})` };
}

/** inline:{ key=value, { key = value with spaces } } (postconf(5) "inline"). */
function readInline(body: string): Map<string, IndexedEntry> {
  const entries = new Map<string, IndexedEntry>();
  const inner = body.trim().replace(/^\{/, '').replace(/\}$/, '');
  const items = inner.match(/\{[^}]*\}|[^,\s{}]+/g) ?? [];
  for (const item of items) {
    const text = item.replace(/^\{\s*|\s*\}$/g, '');
    const eq = text.indexOf('=');
    if (eq <= 0) continue;
    const key = text.slice(0, eq).trim().toLowerCase();
    if (!entries.has(key)) entries.set(key, { value: text.slice(eq + 1).trim(), line: 0, text: item });
  }
  return entries;
}

/**
 * One key against a list of tables, the first table that answers wins (maps_find). `partial`
 * keys (user@domain without extension, domain, parents, *) are not asked of pattern tables,
 * which see only the full address (transport(5) "REGULAR EXPRESSION TABLES").
 */
export function lookupMaps(maps: PostfixMap[], key: string, partial: boolean): MapResult {
  for (const map of maps) {
    const r = lookupOne(map, key, partial);
    if (r.kind !== 'none') return r;
  }
  return { kind: 'none' };
}

function lookupOne(map: PostfixMap, key: string, partial: boolean): MapResult {
  switch (map.kind) {
    case 'unknown':
      return { kind: 'unknown', reason: map.reason };
    case 'static':
      return { kind: 'found', value: map.value, map: map.ref, key };
    case 'indexed': {
      const hit = map.entries.get(key.toLowerCase());
      if (!hit) return { kind: 'none' };
      return { kind: 'found', value: hit.value, map: map.ref, key, ...(map.file !== undefined ? { file: map.file, line: hit.line, text: hit.text } : {}) };
    }
    case 'pattern': {
      if (partial) return { kind: 'none' };
      for (const p of map.patterns) {
        if (!p.regex) return { kind: 'unknown', reason: `${map.file} line ${p.line}: a pattern mailleak cannot evaluate comes first` };
        const m = p.regex.exec(key);
        if (p.negated ? m !== null : m === null) continue;
        return { kind: 'found', value: m ? substituteGroups(p.value, m) : p.value, map: map.ref, key, file: map.file, line: p.line, text: p.text };
      }
      return { kind: 'none' };
    }
  }
}

/** Every value a table may give, for an unknown key (the sender of sender_dependent_* maps). */
export function possibleValues(maps: PostfixMap[]): { values: MapResult[]; unknown?: string } {
  const values: MapResult[] = [];
  for (const map of maps) {
    switch (map.kind) {
      case 'unknown':
        return { values, unknown: map.reason };
      case 'static':
        values.push({ kind: 'found', value: map.value, map: map.ref, key: '(any)' });
        return { values };
      case 'indexed':
        for (const [key, e] of map.entries) values.push({ kind: 'found', value: e.value, map: map.ref, key, ...(map.file !== undefined ? { file: map.file, line: e.line, text: e.text } : {}) });
        break;
      case 'pattern':
        for (const p of map.patterns) values.push({ kind: 'found', value: p.value, map: map.ref, key: p.text, file: map.file, line: p.line, text: p.text });
        break;
    }
  }
  return { values };
}
