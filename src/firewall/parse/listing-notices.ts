// Lines iptables and the shell print around a listing that are not part of it (listing §6):
// nft's legacy-tables warning, incompatible-table notices, error messages, sudo prompts.
// They are kept as diagnostics because they change what the listing can tell.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';

/** A diagnostic for a notice line, or undefined when the line is something else. */
export function readNotice(trimmed: string, loc: SourceLoc): Diagnostic | undefined {
  if (/^#?\s*Warning:.*legacy tables present/i.test(trimmed)) {
    // nft lists only its own tables: rules loaded with iptables-legacy are active but not shown
    return diagnostic('legacy-tables-present', { format: 'listing' }, loc);
  }
  const table = /^#\s*Table `?(\w+)'? (?:contains incompatible base-chains|is incompatible)/.exec(trimmed);
  if (table) {
    return diagnostic('nft-incompatible-table', { format: 'listing', table: table[1] ?? '' }, loc);
  }
  if (/^(?:#\s*)?Warning:/.test(trimmed) || /^(?:Can't find library for|UNKNOWN match |Floating point exception)/.test(trimmed)) {
    return diagnostic('tool-warning', {}, loc);
  }
  if (/^ip6?tables(?:-[\w-]+)?(?: v[\d.]+[^:]*)?: /.test(trimmed)) {
    return diagnostic('tool-error', {}, loc);
  }
  if (/^\[sudo\] password for /.test(trimmed) || /^(?:Password|password):\s*$/.test(trimmed)) {
    return diagnostic('shell-noise', {}, loc);
  }
  return undefined;
}
