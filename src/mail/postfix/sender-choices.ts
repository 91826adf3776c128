// sender_dependent_relayhost_maps and sender_dependent_default_transport_maps are searched by
// the envelope sender, then by `@domain`; DUNNO stops the search without a value (postconf(5)).
// mailleak is asked about recipients, so the sender is usually not known: each value the
// table can give becomes one possibility, and "no entry matches" another (unless static:).
import type { TextFileReader } from './maps.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { PlanAssumption } from '../types.js';
import { lookupMaps, openMap, possibleValues, type MapResult } from './maps.js';
import { expandParam, splitList, type ParamSource } from './params.js';

export interface SenderChoice {
  /** the table's value; undefined when no entry applies */
  value?: string;
  found?: Extract<MapResult, { kind: 'found' }>;
  assumptions: PlanAssumption[];
  uncertain: string[];
}

export interface SenderContext {
  src: ParamSource;
  readFile: TextFileReader;
  diagnostics: Diagnostic[];
  /** the envelope sender, when known */
  sender?: string;
}

export function senderChoices(parameter: string, ctx: SenderContext): SenderChoice[] {
  const expanded = expandParam(parameter, ctx.src);
  const refs = splitList(expanded.value);
  if (refs.length === 0) return [{ assumptions: [], uncertain: [] }];
  const maps = refs.map((r) => openMap(r, ctx.readFile, ctx.diagnostics));
  if (ctx.sender !== undefined) {
    // the null sender is looked up as empty_address_*_lookup_key (default <>; postconf(5))
    const sender = ctx.sender !== '' ? ctx.sender : expandParam(parameter.replace('sender_dependent_', 'empty_address_') + '_lookup_key', ctx.src).value.trim() || '<>';
    const at = ctx.sender.lastIndexOf('@');
    for (const key of [sender, ...(at >= 0 ? [ctx.sender.slice(at)] : [])]) {
      const r = lookupMaps(maps, key, key !== sender);
      if (r.kind === 'unknown') return [{ assumptions: [], uncertain: [`${parameter}: ${r.reason}`] }];
      if (r.kind === 'found') return r.value.toUpperCase() === 'DUNNO' ? [{ assumptions: [], uncertain: [] }] : [{ value: r.value, found: r, assumptions: [], uncertain: [] }];
    }
    return [{ assumptions: [], uncertain: [] }];
  }
  const possible = possibleValues(maps);
  const choices: SenderChoice[] = [];
  const seen = new Set<string>();
  for (const r of possible.values) {
    if (r.kind !== 'found' || r.value.toUpperCase() === 'DUNNO' || seen.has(r.value)) continue;
    seen.add(r.value);
    choices.push({ value: r.value, found: r, assumptions: r.key === '(any)' ? [] : [{ parameter, assumed: 'sender-matches', key: r.key, value: r.value }], uncertain: [] });
  }
  const everySender = possible.values.some((r) => r.kind === 'found' && r.key === '(any)');
  if (!everySender) {
    choices.push({
      assumptions: choices.length > 0 || possible.unknown ? [{ parameter, assumed: 'sender-matches-none' }] : [],
      uncertain: possible.unknown ? [`${parameter}: ${possible.unknown}; senders it may match are not known`] : [],
    });
  }
  return choices;
}
