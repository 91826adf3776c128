// Detects the format of ruleset text and hands it to that format's parser.
import type { Ruleset } from '../model.js';
import { parseRuleCommands } from './commands.js';
import type { FirewallFormat } from './detect.js';
import { detectFirewallFormat } from './detect.js';
import { parseListing } from './listing.js';
import type { ParseOptions } from './options.js';
import { parseSave } from './save.js';

export type { FirewallFormat } from './detect.js';
export { detectFirewallFormat } from './detect.js';
export { parseRuleCommandsByFamily } from './commands.js';

export function parseFirewallText(text: string, options: ParseOptions): Ruleset {
  const format: FirewallFormat = detectFirewallFormat(text);
  switch (format) {
    case 'listing':
      return parseListing(text, options);
    case 'save':
      return parseSave(text, options);
    case 'rules':
    case 'script':
      return parseRuleCommands(text, options);
  }
}
