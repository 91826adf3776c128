// The expansion context for one address at one router: the variables Exim sets while routing
// (spec "Expansion variables": $domain, $local_part, affixes, $primary_hostname, $qualify_domain,
// $router_name) and the server's files through the injected reader. Everything else about the
// message (headers, $authenticated_id…) stays unknown, and $sender_address too unless --sender gave it.
import { fileAccessFor } from '../file-access.js';
import type { ListContext } from '../list-context.js';
import { matchList } from '../list-match.js';
import { findAbsentFile, findEnvDefault, findStackFunction } from '../stack-table.js';
import { ANY_VALUE, type ExpandContext, type FileState } from './types.js';

export { fileAccessFor } from '../file-access.js';

export interface AddressVariables {
  domain: string;
  localPart: string;
  prefix?: string;
  suffix?: string;
  routerName?: string;
  /** the envelope sender when the user gave it (--sender); otherwise $sender_address stays unknown */
  sender?: string;
}


export function buildExpandContext(lists: ListContext, address: AddressVariables): ExpandContext {
  const primary = lists.primaryHostname;
  const values: Record<string, string | undefined> = {
    domain: address.domain,
    local_part: address.localPart,
    local_part_prefix: address.prefix ?? '',
    local_part_suffix: address.suffix ?? '',
    primary_hostname: primary,
    qualify_domain: lists.qualifyDomain ?? primary,
    qualify_recipient: lists.qualifyDomain ?? primary,
    router_name: address.routerName,
    original_domain: address.domain,
    original_local_part: address.localPart,
    ...(address.sender !== undefined ? { sender_address: address.sender, sender_address_domain: address.sender.slice(address.sender.lastIndexOf('@') + 1), sender_address_local_part: address.sender.includes('@') ? address.sender.slice(0, address.sender.lastIndexOf('@')) : address.sender } : {}),
  };
  const base: ExpandContext = {
    variable: (name) => values[name],
    file: fileAccessFor(lists),
    matchList: (list, kind, subject) => {
      const m = matchList(list, kind, subject, lists);
      return m.answer === 'unknown' ? { unknown: m.reason } : m.answer;
    },
    stackFunction: (name) => {
      const f = lists.stack ? findStackFunction(lists.stack, name) : undefined;
      if (!f) return undefined;
      lists.assumptions?.push({ kind: 'function-result', stack: f.stack, name: f.name, result: f.result });
      return f.result;
    },
    env: (name) => {
      const e = lists.stack ? findEnvDefault(lists.stack, name) : undefined;
      if (!e) return undefined;
      lists.assumptions?.push({ kind: 'env-default', stack: e.stack, variable: e.variable, value: e.value });
      return e.value;
    },
  };
  const file = base.file;
  return {
    ...base,
    anyValue: { ...base, variable: (name) => values[name] ?? ANY_VALUE, file: (path) => (path.includes(ANY_VALUE) ? anyFile(lists, path) : file(path)) },
  };
}

/** A path with an unknown part: absent only when the stack says so for every value of the part. */
function anyFile(lists: ListContext, path: string): FileState {
  const rule = lists.stack ? findAbsentFile(lists.stack, path) : undefined;
  if (!rule || !lists.stack) return { kind: 'unknown', reason: `${path.replaceAll(ANY_VALUE, '…')} depends on what is not known` };
  lists.assumptions?.push({ kind: 'file-absent', stack: lists.stack, path: rule.path });
  return { kind: 'absent' };
}
