// transport_maps in transport(5)'s search order: user+extension@domain, user@domain, domain,
// then each parent as `.parent` (as `parent` when transport_maps is in
// parent_domain_matches_subdomains, which by default it is not), then `*`. Each key is asked of
// every table before the next key; pattern tables see only the full address.
import type { RouterStep } from '../types.js';
import { keysOf } from './domain-list.js';
import { lookupMaps, openMap, type MapResult } from './maps.js';
import { expandParam, splitList } from './params.js';
import type { SenderContext } from './sender-choices.js';

export interface TransportSearch {
  hit?: Extract<MapResult, { kind: 'found' }>;
  steps: RouterStep[];
  uncertain: string[];
}

export function transportKeys(recipient: string, delimiters: string, parentMatches: boolean): string[] {
  const at = recipient.lastIndexOf('@');
  const local = recipient.slice(0, at);
  const domain = recipient.slice(at + 1).toLowerCase();
  const keys: string[] = [recipient];
  const cut = delimiters === '' ? -1 : [...local].findIndex((ch) => delimiters.includes(ch));
  if (cut > 0) keys.push(`${local.slice(0, cut)}@${domain}`);
  keys.push(...keysOf(domain, parentMatches), '*');
  return keys;
}

export function searchTransportMaps(recipient: string, ctx: SenderContext): TransportSearch {
  const refs = splitList(expandParam('transport_maps', ctx.src).value);
  if (refs.length === 0) return { steps: [], uncertain: [] };
  const maps = refs.map((r) => openMap(r, ctx.readFile, ctx.diagnostics));
  const parents = splitList(expandParam('parent_domain_matches_subdomains', ctx.src).value).includes('transport_maps');
  const keys = transportKeys(recipient, expandParam('recipient_delimiter', ctx.src).value, parents);
  const driver = refs.join(', ');
  for (const key of keys) {
    const r = lookupMaps(maps, key, key !== recipient);
    if (r.kind === 'unknown') {
      const reason = `transport_maps: ${r.reason}; whether it names a transport for ${recipient} is not known`;
      return { steps: [{ router: 'transport_maps', driver, result: 'unknown', reason }], uncertain: [reason] };
    }
    if (r.kind === 'found') {
      const where = r.file !== undefined ? `line ${r.line} of ${r.file}: "${r.text?.trim().replace(/\s+/g, ' ')}"` : `${key} → ${r.value}`;
      return { hit: r, steps: [{ router: 'transport_maps', driver: r.map, result: /^error:/i.test(r.value) ? 'failed' : 'accepted', reason: where }], uncertain: [] };
    }
  }
  return { steps: [{ router: 'transport_maps', driver, result: 'declined', reason: `no entry for ${keys.join(', ')}` }], uncertain: [] };
}
