// Lines iptables and the shell print around a listing that are not part of it (listing §6):
// nft's legacy-tables warning, incompatible-table notices, error messages, sudo prompts.
// They are kept as diagnostics because they change what the listing can tell.
import { diagnostic, type Diagnostic, type SourceLoc } from '../../diagnostics.js';

/** A diagnostic for a notice line, or undefined when the line is something else. */
export function readNotice(trimmed: string, loc: SourceLoc): Diagnostic | undefined {
  if (/^#?\s*Warning:.*legacy tables present/i.test(trimmed)) {
    // nft lists only its own tables: rules loaded with iptables-legacy are active but not shown
    return diagnostic('legacy-tables-present', 'warning', 'iptables-legacy tables are present and are not in this listing; they filter packets too', loc);
  }
  const table = /^#\s*Table `?(\w+)'? (?:contains incompatible base-chains|is incompatible)/.exec(trimmed);
  if (table) {
    return diagnostic('nft-incompatible-table', 'warning', `table ${table[1] ?? ''} holds nft rules that iptables cannot show; the listing of this table is incomplete`, loc);
  }
  if (/^(?:#\s*)?Warning:/.test(trimmed) || /^(?:Can't find library for|UNKNOWN match |Floating point exception)/.test(trimmed)) {
    return diagnostic('tool-warning', 'warning', 'a warning from iptables: the listing may be incomplete', loc);
  }
  if (/^ip6?tables(?:-[\w-]+)?(?: v[\d.]+[^:]*)?: /.test(trimmed)) {
    return diagnostic('tool-error', 'warning', 'an error message from iptables: this listing may be missing', loc);
  }
  if (/^\[sudo\] password for /.test(trimmed) || /^(?:Password|password):\s*$/.test(trimmed)) {
    return diagnostic('shell-noise', 'info', 'a password prompt from the paste is ignored', loc);
  }
  return undefined;
}
