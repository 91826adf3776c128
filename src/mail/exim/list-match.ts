// Matching an address's domain, local part or a target IP against an Exim list (spec "Domain
// lists", "Host lists", "Local part lists", "Named lists"). Left to right, first match wins;
// when nothing matches the answer is "in the list" only if the last item was negative. An item
// that cannot be decided here (an expansion, a lookup, `@mx_any`) is explored both ways: the
// answer is known only when both ways agree.
import { addressIn, parseCidr, parseIp } from '../../firewall/address.js';
import { findNamedList, type NamedListType } from './config.js';
import { readNegation, splitList } from './list-split.js';
import { hasExpansion } from './options.js';
import type { ListContext } from './list-context.js';
import { matchLookupItem, readListFileItems, readLookupText } from './lookups.js';

export type { ListContext } from './list-context.js';

export type ListAnswer = 'yes' | 'no' | 'unknown';

export interface ListMatch {
  answer: ListAnswer;
  /** the item that decided, or why it is unknown */
  reason: string;
}


type ItemResult = { kind: 'match' } | { kind: 'no-match' } | { kind: 'unknown'; reason: string };

const MAX_NESTING = 16;

export function matchList(listText: string, type: NamedListType, subject: string, ctx: ListContext, depth = 0): ListMatch {
  if (depth > MAX_NESTING) return { answer: 'unknown', reason: 'named lists nested too deeply (a loop?)' };
  const items = splitList(listText);
  return matchItems(items, 0, type, subject, ctx, depth);
}

function matchItems(items: string[], from: number, type: NamedListType, subject: string, ctx: ListContext, depth: number): ListMatch {
  for (let i = from; i < items.length; i++) {
    const { negated, item } = readNegation(items[i]!);
    const result = matchItem(item, type, subject, ctx, depth);
    const shown = items[i]!;
    switch (result.kind) {
      case 'match':
        return { answer: negated ? 'no' : 'yes', reason: `matched "${shown}"` };
      case 'no-match':
        continue;
      case 'unknown': {
        const ifMatched: ListAnswer = negated ? 'no' : 'yes';
        const ifNot = matchItems(items, i + 1, type, subject, ctx, depth);
        if (ifNot.answer === ifMatched) return ifNot;
        return { answer: 'unknown', reason: `"${shown}": ${result.reason}` };
      }
    }
  }
  const last = items[items.length - 1];
  const endsNegative = last !== undefined && readNegation(last).negated;
  return { answer: endsNegative ? 'yes' : 'no', reason: endsNegative ? 'end of list (it ends with a negative item)' : 'end of list' };
}

function matchItem(written: string, type: NamedListType, subject: string, ctx: ListContext, depth: number): ItemResult {
  // an unescaped $ is an expansion (even ending a regex: Exim expands lists first); \N…\N is literal
  if (hasExpansion(written)) return { kind: 'unknown', reason: 'needs a string expansion, which mailleak never evaluates' };
  const item = written.replace(/\\N/g, '');
  if (item === '*') return { kind: 'match' };
  if (item.startsWith('+')) return matchNamedList(item.slice(1), type, subject, ctx, depth);
  const lookup = /^([\w*@-]+(?:,[^;]*)?);(.*)$/s.exec(item);
  if (lookup && !item.startsWith('^')) return matchLookupItem(lookup[1]!, lookup[2]!.trim(), subject, ctx);
  if (item.startsWith('/')) return matchListFile(item, type, subject, ctx, depth);
  switch (type) {
    case 'domain':
      return matchDomainItem(item, subject, ctx);
    case 'localpart':
      return matchTextItem(item, subject);
    case 'address':
      return matchAddressItem(item, subject, ctx);
    case 'host':
      return matchHostItem(item, subject);
  }
}

function matchNamedList(name: string, type: NamedListType, subject: string, ctx: ListContext, depth: number): ItemResult {
  const list = findNamedList(ctx.config, type, name);
  if (!list) return { kind: 'unknown', reason: `no ${type}list named "${name}" in the configuration` };
  let value = list.value;
  // a named list is expanded when it is used (match.c), for the address being routed
  if (hasExpansion(value)) {
    const expanded = ctx.expandList?.(value);
    if (!expanded) return { kind: 'unknown', reason: 'needs a string expansion, which mailleak never evaluates' };
    switch (expanded.kind) {
      case 'text':
        value = expanded.text;
        break;
      case 'failed':
        // match.c: a forced failure means "not in this list"; another failure defers
        if (expanded.forced) return { kind: 'no-match' };
        return { kind: 'unknown', reason: `+${name}: the expansion fails (${expanded.message}); Exim defers the address` };
      case 'unknown':
        return { kind: 'unknown', reason: `+${name}: ${expanded.reason}` };
    }
  }
  // negation inside the named list does not propagate out: only its yes/no answer counts
  return itemFromInner(matchList(value, type, subject, ctx, depth + 1), `+${name}`);
}

function matchListFile(path: string, type: NamedListType, subject: string, ctx: ListContext, depth: number): ItemResult {
  const text = readLookupText(path, ctx);
  if (typeof text !== 'string') {
    if (text.kind === 'unknown') return text;
    // a list of hosted domains, assumed to lack this one (stack-table.ts)
    return text.items.includes(subject.toLowerCase()) ? { kind: 'no-match' } : { kind: 'unknown', reason: `${path} is not at hand` };
  }
  // a file behaves as its items inserted in place; `!` on the file name inverts them (spec)
  const inner = matchItems(readListFileItems(text), 0, type, subject, ctx, depth + 1);
  if (inner.reason.startsWith('end of list')) return { kind: 'no-match' };
  return itemFromInner(inner, path);
}

/** The answer of an inner list (named list, list file) as one item of the outer list. */
function itemFromInner(inner: ListMatch, label: string): ItemResult {
  switch (inner.answer) {
    case 'yes':
      return { kind: 'match' };
    case 'no':
      return { kind: 'no-match' };
    case 'unknown':
      return { kind: 'unknown', reason: `${label}: ${inner.reason}` };
  }
}

function matchDomainItem(item: string, domain: string, ctx: ListContext): ItemResult {
  const d = domain.toLowerCase();
  if (item === '@') {
    if (ctx.primaryHostname === undefined) return { kind: 'unknown', reason: '"@" is the primary host name, which is not known' };
    return d === ctx.primaryHostname.toLowerCase() ? { kind: 'match' } : { kind: 'no-match' };
  }
  if (item === '@[]') return d.startsWith('[') ? { kind: 'unknown', reason: "needs the server's local interfaces" } : { kind: 'no-match' };
  if (item.startsWith('@mx_')) return { kind: 'unknown', reason: `${item} needs the server's MX records and local interfaces` };
  return matchTextItem(item, d);
}

/**
 * Address-list items (spec "Address lists"; match.c check_address()): a regex sees the whole
 * address; an item without `@` is a domain-list item for the address's domain; otherwise the
 * local parts (a leading `*` is a wildcard) and the domains are compared separately.
 */
function matchAddressItem(item: string, address: string, ctx: ListContext): ItemResult {
  if (item.startsWith('^')) return matchTextItem(item, address);
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1) : '';
  const itemAt = item.lastIndexOf('@');
  if (itemAt < 0) return item === '' ? (address === '' ? { kind: 'match' } : { kind: 'no-match' }) : matchDomainItem(item, domain, ctx);
  const local = matchTextItem(item.slice(0, itemAt), at >= 0 ? address.slice(0, at) : address);
  return local.kind === 'match' ? matchDomainItem(item.slice(itemAt + 1), domain, ctx) : local;
}

/** `^regex`, `*suffix` and caseless literals: shared by domain, local-part and address items. */
function matchTextItem(item: string, subject: string): ItemResult {
  const s = subject.toLowerCase();
  if (item.startsWith('^')) {
    try {
      return new RegExp(item, 'i').test(subject) ? { kind: 'match' } : { kind: 'no-match' };
    } catch {
      return { kind: 'unknown', reason: 'a regular expression mailleak cannot read' };
    }
  }
  if (item.startsWith('*')) return s.endsWith(item.slice(1).toLowerCase()) ? { kind: 'match' } : { kind: 'no-match' };
  return s === item.toLowerCase() ? { kind: 'match' } : { kind: 'no-match' };
}

/** Host-list items against a target IP address (ignore_target_hosts). */
function matchHostItem(item: string, address: string): ItemResult {
  const ip = parseIp(address);
  if (!ip) return { kind: 'unknown', reason: `"${address}" is not an IP address` };
  const spec = parseCidr(item);
  if (spec) {
    const r = addressIn(ip, spec);
    return r === 'match' ? { kind: 'match' } : r === 'no-match' ? { kind: 'no-match' } : { kind: 'unknown', reason: 'address range not understood' };
  }
  if (item === '' ) return { kind: 'no-match' };
  return { kind: 'unknown', reason: 'a host name or special item: it needs DNS or local interface data at match time' };
}
