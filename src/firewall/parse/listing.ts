// PLACEHOLDER — being written: parser for `iptables -L [-n] [-v] [-x] [--line-numbers]` text.
import type { Ruleset } from '../model.js';
import type { ParseOptions } from './options.js';

export function parseListing(text: string, options: ParseOptions): Ruleset {
  return { format: 'listing', origin: options.origin, tables: [], interfacesKnown: true, diagnostics: [{ code: 'not-implemented', severity: 'error', message: `listing parser not written yet (${text.length} chars)` }] };
}
