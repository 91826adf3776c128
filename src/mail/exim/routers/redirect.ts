// The redirect router (spec chapter "The redirect router", "Special items in redirection
// lists"; exim.md §2.6). An empty result or only comments ⇒ decline (so a lookup that finds
// nothing falls through); `:fail:` without allow_fail ⇒ defer ("is not permitted", verified);
// `:blackhole:` discards; addresses are routed again from the first router.
import { findSetting } from '../config.js';
import { buildExpandContext } from '../expand/context.js';
import { expandOption } from '../expand/option.js';
import { hasExpansion, readBoolean } from '../options.js';
import type { RouterDriver, RouterResult } from './types.js';

export const redirectDriver: RouterDriver = {
  driver: 'redirect',
  async evaluate(router, address, ctx) {
    const data = findSetting(router.settings, 'data');
    const file = findSetting(router.settings, 'file');
    if (!data && file) return { kind: 'unknown', reason: `file = ${file.value}: mailleak does not read redirection files` };
    if (!data) return { kind: 'decline', reason: 'no data or file option' };
    const allow = (name: string) => {
      const v = readBoolean(findSetting(router.settings, name), false);
      return v.known && v.value;
    };
    const permissions = { allowFail: allow('allow_fail'), allowDefer: allow('allow_defer') };
    if (!hasExpansion(data.value)) return readRedirectData(data.value, address.domain, address.localPart, permissions);
    const v = expandOption(data, buildExpandContext(ctx.lists, { domain: address.domain, localPart: address.localPart, routerName: router.name }));
    switch (v.kind) {
      case 'unset':
        return { kind: 'decline', reason: 'no data' };
      case 'text':
        return readRedirectData(v.text, address.domain, address.localPart, permissions);
      case 'forced-fail':
        // spec (redirect, data): a forced expansion failure makes the router decline
        return { kind: 'decline', reason: `data = ${data.value}: the expansion is forced to fail` };
      case 'error':
        return { kind: 'unknown', reason: `data = ${data.value}: the expansion fails (${v.message}); Exim defers the address` };
      case 'unknown':
        return { kind: 'unknown', reason: `${v.reason} (an empty result would decline)` };
    }
  },
};

interface Permissions {
  allowFail: boolean;
  allowDefer: boolean;
}

function readRedirectData(value: string, domain: string, localPart: string, allowed: Permissions): RouterResult {
  const text = value.trim().replace(/^"(.*)"$/s, '$1');
  const special = /^:(fail|defer|blackhole|unknown):\s*(.*)$/s.exec(text);
  if (special) {
    // the `$domain` in a message is only text: the action does not depend on it
    const message = special[2]!.replace(/\$\{?domain\}?/g, domain).replace(/\$\{?local_part\}?/g, localPart).trim();
    switch (special[1]) {
      case 'fail':
        if (!allowed.allowFail) return { kind: 'defer', message: `error in redirect data: ":fail: ${message}" is not permitted`, reason: ':fail: without allow_fail is a temporary error: the message stays queued' };
        return { kind: 'fail', message, reason: `:fail: ${message}` };
      case 'defer':
        if (!allowed.allowDefer) return { kind: 'defer', message: `error in redirect data: ":defer: ${message}" is not permitted`, reason: ':defer: without allow_defer' };
        return { kind: 'defer', message, reason: `:defer: ${message}` };
      case 'blackhole':
        return { kind: 'discard', reason: ':blackhole: discards the message' };
      case 'unknown':
        return { kind: 'decline', reason: ':unknown: declines' };
    }
  }
  if (hasExpansion(text)) return { kind: 'unknown', reason: `data = ${value} needs a string expansion, which mailleak never evaluates (an empty result would decline)` };
  const items = text
    .split(/[,\n]/)
    .map((i) => i.trim())
    .filter((i) => i !== '' && !i.startsWith('#'));
  if (items.length === 0) return { kind: 'decline', reason: 'the redirection data is empty' };
  if (items.includes(':blackhole:')) return { kind: 'discard', reason: ':blackhole: discards the message' };
  const local = items.find((i) => i.startsWith('|') || i.startsWith('/'));
  if (local) return { kind: 'local-item', item: local, reason: `redirected to ${local} (a local pipe or file delivery)` };
  const include = items.find((i) => i.startsWith(':include:'));
  if (include) return { kind: 'unknown', reason: `${include}: mailleak does not read included redirection lists` };
  const addresses = items.map((i) => i.replace(/^<(.*)>$/, '$1'));
  // `user@` (Debian's satellite hub_user with an empty readhost): Exim defers the whole address (verified, 4.96)
  const malformed = addresses.find((a) => a.endsWith('@'));
  if (malformed) return { kind: 'defer', message: `error in redirect data: domain missing or malformed in "${malformed}"`, reason: `the redirection data "${malformed}" has no domain: Exim defers the address` };
  return { kind: 'redirect', addresses, reason: `redirected to ${items.join(', ')}` };
}
