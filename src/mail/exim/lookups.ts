// Lookup items in lists (`lsearch;/etc/localdomains`) and list files (`/etc/allowed`). mailleak
// reads them only when asked (--read-lookups) and only from local files; query lookups (mysql,
// ldap, dnsdb…) are never run. Anything not read is unknown.

export interface LookupAccess {
  readLookups: boolean;
  /** reads a local file; undefined when missing or unreadable */
  readLookupFile?: (path: string) => string | undefined;
}

export type LookupItemResult = { kind: 'match' } | { kind: 'no-match' } | { kind: 'unknown'; reason: string };

// single-key lookups whose "is the key present" answer mailleak can compute from the file itself
const KEY_LOOKUPS = new Set(['lsearch']);

export function matchLookupItem(type: string, argument: string, key: string, access: LookupAccess): LookupItemResult {
  const base = type.split(',')[0]!;
  if (!KEY_LOOKUPS.has(base)) return { kind: 'unknown', reason: `${base} lookups are not evaluated by mailleak` };
  const text = readLookupText(argument, access);
  if (typeof text !== 'string') return text;
  return lsearchHasKey(text, key) ? { kind: 'match' } : { kind: 'no-match' };
}

/** The text of a lookup or list file, or why it was not read. */
export function readLookupText(path: string, access: LookupAccess): string | { kind: 'unknown'; reason: string } {
  if (!access.readLookups) return { kind: 'unknown', reason: `${path} is not read without --read-lookups` };
  if (!path.startsWith('/')) return { kind: 'unknown', reason: `${path} is not an absolute path` };
  const text = access.readLookupFile?.(path);
  if (text === undefined) return { kind: 'unknown', reason: `${path} could not be read here` };
  return text;
}

/** lsearch: the key is the start of a line up to a colon or white space; comparison is caseless. */
export function lsearchHasKey(text: string, key: string): boolean {
  const wanted = key.toLowerCase();
  for (const raw of text.split(/\r?\n/)) {
    if (raw === '' || raw.startsWith('#') || /^\s/.test(raw)) continue;
    const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(raw);
    const k = quoted ? quoted[1]! : raw.split(/[\s:]/)[0]!;
    if (k.toLowerCase() === wanted) return true;
  }
  return false;
}

/** Items of a list file: one per line, `#` starts a comment (spec "File names in lists"). */
export function readListFileItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}
