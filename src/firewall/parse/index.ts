// PLACEHOLDER — being written: detects the format of ruleset text and dispatches to its parser.
import type { Ruleset } from '../model.js';
import { parseListing } from './listing.js';
import type { ParseOptions } from './options.js';
import { parseSave } from './save.js';

export type FirewallFormat = 'listing' | 'save' | 'rules' | 'script';

export function detectFirewallFormat(text: string): FirewallFormat {
  return /^\s*\*\w+|^:\w+ /m.test(text) ? 'save' : 'listing';
}

export function parseFirewallText(text: string, options: ParseOptions): Ruleset {
  return detectFirewallFormat(text) === 'save' ? parseSave(text, options) : parseListing(text, options);
}
