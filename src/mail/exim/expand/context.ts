// The expansion context for one address at one router: the variables Exim sets while routing
// (spec "Expansion variables": $domain, $local_part, affixes, $primary_hostname, $qualify_domain,
// $router_name) and the server's files through the injected reader. Everything else about the
// message ($sender_address, headers, $authenticated_id…) stays unknown.
import { fileAccessFor } from '../file-access.js';
import type { ListContext } from '../list-context.js';
import { matchList } from '../list-match.js';
import { findStackFunction } from '../stack-table.js';
import type { ExpandContext } from './types.js';

export { fileAccessFor } from '../file-access.js';

export interface AddressVariables {
  domain: string;
  localPart: string;
  prefix?: string;
  suffix?: string;
  routerName?: string;
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
  };
  return {
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
  };
}
