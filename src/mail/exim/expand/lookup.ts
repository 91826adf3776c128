// Lookups (spec "File and database lookups"; search.c search_find()): the type's `partial-`
// prefix (the key, then `*.key`, then the key with leading components cut to N, default 2),
// `*` / `*@` suffixes (defaults), `ret=key`. Query lookups (mysql, pgsql, ldap*, redis, dnsdb,
// sqlite, passwd…) are never run: unknown.
import type { Evaluator, Scope } from './types.js';
import { findInFile, type FileLookup, type KeyResult } from './lookup-files.js';
import { parseExpansion } from './parse.js';
import type { Part } from './syntax.js';
import { failedOf, textOf, unknownOf, type ExpandContext, type Expanded } from './types.js';

const FILE_LOOKUPS = new Set<string>(['lsearch', 'wildlsearch', 'nwildlsearch', 'iplsearch', 'dsearch']);

export interface LookupType {
  base: string;
  /** minimum number of components for partial matching; undefined without `partial` */
  partial?: number;
  affix: string;
  star: '' | '*' | '*@';
  options: string[];
}

export function readLookupType(spec: string): LookupType | undefined {
  const m = /^(?:partial(\d*)(?:\(([^)]*)\))?-)?([a-z0-9_]+)(\*@|\*)?(?:,(.*))?$/i.exec(spec.trim());
  if (!m) return undefined;
  return {
    base: m[3]!.toLowerCase(),
    ...(spec.trim().toLowerCase().startsWith('partial') ? { partial: m[1] ? Number(m[1]) : 2 } : {}),
    affix: m[2] ?? '*.',
    star: (m[4] ?? '') as LookupType['star'],
    options: m[5] ? m[5].split(',').map((o) => o.trim()) : [],
  };
}

export function isFileLookup(base: string): boolean {
  return FILE_LOOKUPS.has(base);
}

/** A single-key lookup of `key` in `source` with the type's affixes; the basis of lists and ${lookup}. */
export function lookUpKey(typeSpec: string, key: string, source: string, ctx: ExpandContext, ev: Evaluator): KeyResult {
  const type = readLookupType(typeSpec);
  if (!type) return { kind: 'failed', message: `unknown lookup type "${typeSpec}"` };
  if (!isFileLookup(type.base)) return { kind: 'unknown', reason: `${type.base} lookups are never run by mailleak` };
  const retKey = type.options.includes('ret=key');
  if (type.options.some((o) => o !== 'ret=key' && !(type.base === 'dsearch' && o === 'ret=key'))) {
    return { kind: 'unknown', reason: `lookup options "${type.options.join(',')}" are not evaluated by mailleak` };
  }
  const expandKey = (k: string) => {
    const parsed = parseExpansion(k);
    if (!parsed.ok) return { ok: false as const };
    const v = ev.seq(parsed.seq, ctx, new Map());
    if (v.kind === 'text') return { ok: true as const, text: v.text };
    return v.kind === 'unknown' ? { ok: false as const, unknown: v.reason } : { ok: false as const };
  };
  const find = (k: string) => findInFile(type.base as FileLookup, k, source.trim(), false, ctx, { expandKey });
  for (const candidate of candidates(key, type)) {
    const r = find(candidate);
    // ret=key gives the key as asked, not the partial or default key that matched (verified)
    if (r.kind === 'found' && retKey) return { kind: 'found', value: key };
    if (r.kind !== 'not-found') return r;
  }
  return { kind: 'not-found' };
}

/** The keys search_find() tries, in order. */
export function candidates(key: string, type: LookupType): string[] {
  const keys = [key];
  if (type.partial !== undefined) {
    if (type.affix !== '') keys.push(type.affix + key);
    const parts = key.split('.');
    for (let cut = 1; parts.length - cut >= type.partial && cut <= parts.length; cut++) {
      const rest = parts.slice(cut).join('.');
      if (rest === '') {
        if (type.affix === '' || type.partial > 0) break;
        keys.push(type.affix.slice(0, -1) || type.affix);
      } else keys.push(type.affix + rest);
    }
  }
  if (type.star === '*@') {
    const at = key.lastIndexOf('@');
    if (at > 0) keys.push(`*${key.slice(at)}`);
  }
  if (type.star !== '') keys.push('*');
  return keys;
}

type LookupPart = Extract<Part, { t: 'lookup' }>;

export function evaluateLookup(part: LookupPart, ctx: ExpandContext, ev: Evaluator, scope: Scope): Expanded {
  const type = readLookupType(part.type);
  if (!type) return failedOf(`unknown lookup type "${part.type}"`);
  if (!isFileLookup(type.base)) return unknownOf(`\${lookup ${type.base}…}: ${type.base} lookups are never run by mailleak`);
  if (!part.key) return failedOf(`${type.base} is a single-key lookup: it needs {key} before the type`);
  const key = ev.seq(part.key, ctx, scope);
  if (key.kind !== 'text') return key;
  const source = ev.seq(part.source, ctx, scope);
  if (source.kind !== 'text') return source;
  const r = lookUpKey(part.type, key.text, source.text, ctx, ev);
  switch (r.kind) {
    case 'failed':
      return failedOf(r.message);
    case 'unknown':
      return unknownOf(r.reason);
    case 'not-found':
      return part.yes ? ev.branch(part.no, ctx, scope) : textOf('');
    case 'found':
      return part.yes ? ev.seq(part.yes, ctx, new Map(scope).set('value', r.value)) : textOf(r.value);
  }
}
