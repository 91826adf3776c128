// nftables front-end: `nft list ruleset` text or `nft -j list ruleset` JSON → one Ruleset of
// format 'nft' whose base chains the hook model places at their own priorities (../hooks.ts).
import type { Ruleset } from '../model.js';
import { buildNftRuleset } from './build.js';
import { parseNftJsonIr } from './json.js';
import { parseNftTextIr } from './text.js';

export { looksLikeNft } from './detect.js';

/** Text or JSON (told apart by the first character); never throws. */
export function parseNft(text: string, origin: string): Ruleset {
  const parsed = text.trimStart().startsWith('{') ? parseNftJsonIr(text, origin) : parseNftTextIr(text, origin);
  return buildNftRuleset(parsed.tables, origin, parsed.diagnostics);
}
