// virtual_alias_maps: cleanup(8) rewrites every recipient through it before trivial-rewrite
// routes the mail (virtual(5)), whatever the address class; the result is a list of addresses,
// each rewritten again (an address that maps to itself stops), and the mail goes to all of them.
// Search order (virtual(5) TABLE SEARCH ORDER): user+ext@domain, user@domain, then `user` when
// the domain is $myorigin or in $mydestination, then `@domain`; pattern tables see the full
// address only. A table that cannot be read leaves the rewrite unknown: a maybe, not a guess.
import type { RouterStep } from '../types.js';
import { matchDomainList } from './domain-list.js';
import { lookupMaps, openMap, type PostfixMap } from './maps.js';
import { expandParam, splitList } from './params.js';
import type { SenderContext } from './sender-choices.js';

export interface AliasExpansion {
  /** the addresses the mail is delivered to after rewriting (the recipient itself without an entry;
   *  with `unknown`, the address whose lookup could not be answered, as if not rewritten) */
  recipients: string[];
  steps: RouterStep[];
  /** why a lookup could not be answered: the recipient may be rewritten to addresses not known */
  unknown?: string;
}

/** Postfix stops at virtual_alias_recursion_limit (1000) and virtual_alias_address_length_limit; mailleak earlier. */
const MAX_DEPTH = 20;
const MAX_RECIPIENTS = 100;

export function expandVirtualAliases(recipient: string, ctx: SenderContext): AliasExpansion {
  const refs = splitList(expandParam('virtual_alias_maps', ctx.src).value);
  if (refs.length === 0) return { recipients: [recipient], steps: [] };
  const maps = refs.map((r) => openMap(r, ctx.readFile, ctx.diagnostics));
  const out: AliasExpansion = { recipients: [], steps: [] };
  const visit = (address: string, depth: number): void => {
    if (out.unknown !== undefined) return;
    if (depth > MAX_DEPTH || out.recipients.length >= MAX_RECIPIENTS) {
      out.unknown = `the rewrite of ${recipient} goes deeper than mailleak follows (${MAX_DEPTH} levels, ${MAX_RECIPIENTS} addresses)`;
      return;
    }
    const found = lookUpAlias(address, maps, ctx);
    if (found.kind === 'unknown') {
      out.unknown = found.reason;
      out.steps.push({ router: 'virtual_alias_maps', driver: refs.join(', '), result: 'unknown', reason: `${found.reason}; whether ${address} is rewritten is not known` });
      // not rewritten is one possibility: that delivery is planned beside the unknown one
      if (!out.recipients.includes(address)) out.recipients.push(address);
      return;
    }
    if (found.kind === 'none') {
      if (!out.recipients.includes(address)) out.recipients.push(address);
      return;
    }
    const targets = splitList(found.value).map((t) => qualify(t, ctx));
    out.steps.push({ router: 'virtual_alias_maps', driver: found.map, result: 'accepted', reason: `${found.where}: ${address} → ${targets.join(', ')}` });
    for (const target of targets) {
      // an address that maps to itself is delivered as it is (virtual(5))
      if (target.toLowerCase() === address.toLowerCase()) {
        if (!out.recipients.includes(target)) out.recipients.push(target);
      } else visit(target, depth + 1);
    }
  };
  visit(recipient, 0);
  return out;
}

type Found = { kind: 'found'; value: string; map: string; where: string } | { kind: 'none' } | { kind: 'unknown'; reason: string };

function lookUpAlias(address: string, maps: PostfixMap[], ctx: SenderContext): Found {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  const delimiters = expandParam('recipient_delimiter', ctx.src).value;
  const cut = delimiters === '' ? -1 : [...local].findIndex((ch) => delimiters.includes(ch));
  const bare = cut > 0 ? local.slice(0, cut) : local;
  const keys = [address, ...(cut > 0 ? [`${bare}@${domain}`] : [])];
  if (isLocalDomain(domain, ctx)) keys.push(...(cut > 0 ? [local] : []), bare);
  keys.push(`@${domain}`);
  for (const key of keys) {
    const r = lookupMaps(maps, key, key !== address);
    if (r.kind === 'unknown') return { kind: 'unknown', reason: `virtual_alias_maps: ${r.reason}` };
    if (r.kind === 'found') return { kind: 'found', value: r.value, map: r.map, where: r.file !== undefined ? `line ${r.line} of ${r.file}` : `${key} → ${r.value}` };
  }
  return { kind: 'none' };
}

/** `user` lookups apply to $myorigin and $mydestination domains (virtual(5)). */
function isLocalDomain(domain: string, ctx: SenderContext): boolean {
  if (myOrigin(ctx).toLowerCase() === domain) return true;
  return matchDomainList(domain, expandParam('mydestination', ctx.src).value, { readFile: ctx.readFile, diagnostics: ctx.diagnostics, parentMatches: false }).matched;
}

/** A result without a domain is completed with @$myorigin (append_at_myorigin, cleanup(8)). */
function qualify(address: string, ctx: SenderContext): string {
  if (address.includes('@')) return address;
  return `${address}@${myOrigin(ctx)}`;
}

/** $myorigin; Debian's `myorigin = /etc/mailname` names a file holding it (when that file was read). */
function myOrigin(ctx: SenderContext): string {
  const value = expandParam('myorigin', ctx.src).value.trim();
  if (!value.startsWith('/')) return value;
  const line = ctx.readFile(value)?.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  return line ?? value;
}
