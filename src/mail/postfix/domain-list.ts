// Whether a domain is in a Postfix domain list (mydestination, relay_domains, virtual_*_domains):
// items are names, `.name` for subdomains, `/file` (read for more items), `type:table` (the
// domain is looked up), `!item` negates (match_list(3)). A parent domain matches its
// subdomains when the parameter is in parent_domain_matches_subdomains.
import type { TextFileReader } from './maps.js';
import type { Diagnostic } from '../../diagnostics.js';
import { lookupMaps, openMap } from './maps.js';
import { splitList } from './params.js';

export interface ListMatch {
  matched: boolean;
  /** the item that decided, as written */
  by?: string;
  /** items that could not be evaluated (a table not readable, an unknown `$name`) */
  unknown: string[];
}

export interface ListContext {
  readFile: TextFileReader;
  diagnostics: Diagnostic[];
  /** the parameter is listed in parent_domain_matches_subdomains */
  parentMatches: boolean;
}

export function matchDomainList(domain: string, listValue: string, ctx: ListContext, depth = 0): ListMatch {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const out: ListMatch = { matched: false, unknown: [] };
  for (const raw of splitList(listValue)) {
    const negated = raw.startsWith('!');
    const item = negated ? raw.slice(1) : raw;
    const hit = matchItem(name, item, ctx, out, depth);
    if (hit === undefined) continue;
    if (hit) return { matched: !negated, by: raw, unknown: out.unknown };
  }
  return out;
}

function matchItem(domain: string, item: string, ctx: ListContext, out: ListMatch, depth: number): boolean | undefined {
  if (item.includes('$')) {
    out.unknown.push(item);
    return undefined;
  }
  if (item.startsWith('/')) {
    const text = ctx.readFile(item);
    if (text === undefined || depth > 3) {
      out.unknown.push(item);
      return undefined;
    }
    const inner = matchDomainList(domain, text.split('\n').filter((l) => !/^\s*#/.test(l)).join(' '), ctx, depth + 1);
    out.unknown.push(...inner.unknown);
    return inner.matched ? true : undefined;
  }
  if (/^[a-z0-9]+:/i.test(item)) {
    const map = [openMap(item, ctx.readFile, ctx.diagnostics)];
    for (const key of keysOf(domain, ctx.parentMatches)) {
      const r = lookupMaps(map, key, key !== domain);
      if (r.kind === 'found') return true;
      if (r.kind === 'unknown') {
        out.unknown.push(`${item}: ${r.reason}`);
        return undefined;
      }
    }
    return undefined;
  }
  const want = item.toLowerCase().replace(/\.$/, '');
  if (want === domain) return true;
  if (want.startsWith('.') && domain.endsWith(want)) return true;
  if (ctx.parentMatches && domain.endsWith(`.${want}`)) return true;
  return undefined;
}

/** The domain, then its parents: `example.com` form when parents match subdomains, else `.example.com`. */
export function keysOf(domain: string, parentMatches: boolean): string[] {
  const keys = [domain];
  const labels = domain.split('.');
  for (let i = 1; i < labels.length; i++) {
    const parent = labels.slice(i).join('.');
    keys.push(parentMatches ? parent : `.${parent}`);
  }
  return keys;
}
