// Lookup items in lists (`lsearch;/etc/localdomains`, `partial-lsearch;…`, `dsearch;/dir`) and
// list files (`/etc/allowed`). Files are read only when asked (--read-lookups) or given, and only
// from local files; query lookups (mysql, ldap, dnsdb…) are never run. Anything not read is unknown.
import { fileAccessFor } from './file-access.js';
import { EVALUATOR } from './expand/evaluate.js';
import { lookUpKey } from './expand/lookup.js';
import type { ListContext } from './list-context.js';

export type { LookupAccess } from './list-context.js';


export type LookupItemResult = { kind: 'match' } | { kind: 'no-match' } | { kind: 'unknown'; reason: string };

export function matchLookupItem(type: string, argument: string, key: string, ctx: ListContext): LookupItemResult {
  const r = lookUpKey(type, key, argument, { variable: () => undefined, file: fileAccessFor(ctx) }, EVALUATOR);
  switch (r.kind) {
    case 'found':
      return { kind: 'match' };
    case 'not-found':
      return { kind: 'no-match' };
    case 'unknown':
      return r;
    case 'failed':
      // a lookup that cannot be done defers the router in Exim (match.c returns DEFER)
      return { kind: 'unknown', reason: `${type};${argument}: ${r.message} (Exim defers the address)` };
  }
}

/** The text of a lookup or list file, what is known of it, or why it was not read. */
export function readLookupText(path: string, ctx: ListContext): string | { kind: 'unknown'; reason: string } | { kind: 'lacks'; items: string[] } {
  if (!path.startsWith('/')) return { kind: 'unknown', reason: `${path} is not an absolute path` };
  const state = fileAccessFor(ctx)(path);
  switch (state.kind) {
    case 'file':
      return state.text;
    case 'unknown':
      return state;
    case 'absent':
      return { kind: 'unknown', reason: `${path} does not exist (Exim defers the address)` };
    case 'dir':
      return { kind: 'unknown', reason: `${path} is a directory` };
    case 'partial':
      return state.form === 'file' ? { kind: 'lacks', items: state.lacks } : { kind: 'unknown', reason: `${path} is a directory` };
  }
}

/** lsearch: the key is the start of a line up to a colon or white space; comparison is caseless. */
export function lsearchHasKey(text: string, key: string): boolean {
  const r = lookUpKey('lsearch', key, '/file', { variable: () => undefined, file: () => ({ kind: 'file', text }) }, EVALUATOR);
  return r.kind === 'found';
}

/** Items of a list file: one per line, `#` starts a comment (spec "File names in lists"). */
export function readListFileItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}
