// Live nftables collection, read-only (issue 17): `nft -j list ruleset` (libnftables-json(5)),
// and `nft list ruleset` text when JSON is not available (nft built without it, or older than
// 0.9) or fails. Native tables are invisible to iptables, so a host filtering with
// /etc/nftables.conf or firewalld is read only here. The iptables-nft tables it also shows are
// read once, from iptables-save (src/firewall/nft/iptables-nft.ts).
import type { CollectionProblem, InputSection } from './collected.js';
import { liveSection } from './live-firewall.js';
import { problemFromOutcome, type CommandOutcome, type RunCommand, type RunOptions } from './run-command.js';

export const NFT_JSON_ARGV: readonly string[] = ['nft', '-j', 'list', 'ruleset'];
export const NFT_TEXT_ARGV: readonly string[] = ['nft', 'list', 'ruleset'];

export interface NftCollected {
  sections: InputSection[];
  problems: CollectionProblem[];
  /** nft is not installed: said only when something shows the nf_tables backend (live.ts) */
  notFound?: CollectionProblem;
}

/** JSON that nft printed: an object with an "nftables" array (an empty ruleset prints one too). */
function isNftJson(text: string): boolean {
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === 'object' && doc !== null && Array.isArray((doc as { nftables?: unknown }).nftables);
  } catch {
    return false;
  }
}

/**
 * The iptables-nft warnings nft prints on stderr (`# Warning: table ip filter is managed by
 * iptables-nft, do not touch!`, nft 1.0.6 when a table holds xt expressions) mark those tables;
 * they are kept with the text so the parser sees them.
 */
function withWarnings(outcome: Extract<CommandOutcome, { status: 'ok' }>): string {
  const warnings = outcome.stderr.split('\n').filter((l) => /^#\s*Warning: table .* is managed by iptables-nft/.test(l));
  // after the ruleset, so that its line numbers stay those nft printed
  return warnings.length === 0 ? outcome.stdout : `${outcome.stdout.replace(/\n?$/, '\n')}${warnings.join('\n')}\n`;
}

export async function collectNft(run: RunCommand, options: RunOptions = {}): Promise<NftCollected> {
  const out: NftCollected = { sections: [], problems: [] };
  const json = await run(NFT_JSON_ARGV, options);
  if (json.status === 'not-found') {
    out.notFound = { what: 'nft', message: 'command not found: nft; native nftables tables (if any) could not be read (iptables does not show them)' };
    return out;
  }
  if (json.status === 'ok' && isNftJson(json.stdout)) {
    out.sections.push(liveSection('nft-ruleset', NFT_JSON_ARGV, json.stdout, 'collected live (nft -j JSON)'));
    return out;
  }
  const text = await run(NFT_TEXT_ARGV, options);
  if (text.status === 'ok') {
    const why = json.status === 'ok' ? 'its JSON was unreadable' : 'nft -j failed';
    out.sections.push(liveSection('nft-ruleset', NFT_TEXT_ARGV, withWarnings(text), `collected live (nft list ruleset text; ${why})`));
    return out;
  }
  // both failed: the text's reason is the one to show (JSON may simply be unsupported)
  const problem = problemFromOutcome(text) ?? problemFromOutcome(json);
  if (problem) out.problems.push(problem);
  return out;
}
