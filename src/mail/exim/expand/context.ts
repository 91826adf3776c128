// The expansion context for one address at one router: the variables Exim sets while routing
// (spec "Expansion variables": $domain, $local_part, affixes, $primary_hostname, $qualify_domain,
// $router_name) and the server's files through the injected reader. Everything else about the
// message ($sender_address, headers, $authenticated_id…) stays unknown.
import type { ListContext } from '../list-match.js';
import { matchList } from '../list-match.js';
import type { ExpandContext, FileAccess, FileState } from './types.js';

export interface AddressVariables {
  domain: string;
  localPart: string;
  prefix?: string;
  suffix?: string;
  routerName?: string;
}

/** Files as the planner sees them: read when allowed, else unknown; stack defaults may decide absence. */
export function fileAccessFor(lists: ListContext): FileAccess {
  return (path: string): FileState => {
    const assumed = lists.assumeAbsent?.(path);
    if (lists.fileState) {
      const state = lists.fileState(path);
      if (state.kind !== 'unknown' || !assumed) return state;
    }
    if (lists.readLookups && lists.readLookupFile) {
      const text = lists.readLookupFile(path);
      if (text !== undefined) return { kind: 'file', text };
    }
    if (assumed) {
      lists.assumptions?.push(assumed);
      return { kind: 'absent' };
    }
    return { kind: 'unknown', reason: lists.readLookups ? `${path} could not be read here` : `${path} is not read without --read-lookups` };
  };
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
  };
}
