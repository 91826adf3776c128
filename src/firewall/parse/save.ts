// PLACEHOLDER — being written: parser for iptables-save / ip6tables-save text (with or without -c).
import type { Ruleset } from '../model.js';
import type { ParseOptions } from './options.js';

export function parseSave(text: string, options: ParseOptions): Ruleset {
  return { format: 'save', origin: options.origin, tables: [], interfacesKnown: true, diagnostics: [{ code: 'not-implemented', severity: 'error', message: `save parser not written yet (${text.length} chars)` }] };
}
