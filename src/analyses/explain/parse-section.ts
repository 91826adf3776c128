// Which parser reads a firewall section. Listings and save files go to parseFirewallText;
// scripts of iptables/ip6tables commands may hold both families at once.
import type { Family, Ruleset } from '../../firewall/model.js';
import type { ParseOptions } from '../../firewall/parse/options.js';
import { parseSave } from '../../firewall/parse/save.js';
import type { InputSection } from '../../input/collected.js';
import { parseNft } from '../../firewall/nft/index.js';

/**
 * One nft ruleset as the packets of each family see it: an ip table only IPv4, ip6 only IPv6,
 * inet both (nft(8) ADDRESS FAMILIES). Tables of other families (arp, bridge, netdev) are not
 * on an IP packet's path. A ruleset without an ip, ip6 or inet table stays one ruleset of IPv4
 * with no tables, so that its section is still reported as read.
 */
export function splitNftByFamily(ruleset: Ruleset): Ruleset[] {
  const out: Ruleset[] = [];
  for (const family of [4, 6] as const) {
    const own = family === 4 ? 'ip ' : 'ip6 ';
    const tables = ruleset.tables.filter((t) => t.name.startsWith(own) || t.name.startsWith('inet '));
    // the parser's diagnostics are reported once, with the first family's ruleset
    if (tables.length > 0) out.push({ ...ruleset, family, tables, diagnostics: out.length === 0 ? ruleset.diagnostics : [] });
  }
  return out.length > 0 ? out : [{ ...ruleset, family: 4 }];
}

export function isFirewallSection(section: InputSection): boolean {
  switch (section.kind) {
    case 'iptables-listing':
    case 'iptables-save':
    case 'iptables-rules':
    case 'iptables-script':
    case 'nft-ruleset':
      return true;
    case 'exim-bp-config':
    case 'exim-config':
    case 'exim-bt':
    case 'dns-records':
    case 'passwd':
    case 'ip-route':
    case 'postfix-main-cf':
    case 'postfix-master-cf':
    case 'postconf-p':
    case 'postfix-map':
    case 'unknown':
      return false;
  }
}

type ParseText = (text: string, options: ParseOptions) => Ruleset;
type ParseByFamily = (text: string, options: ParseOptions) => { v4?: Ruleset; v6?: Ruleset };

/** A script (or `-S` output) may mix iptables and ip6tables commands: one ruleset per family. */
export function parseSection(section: InputSection, parse: ParseText, parseByFamily: ParseByFamily): Ruleset[] {
  const options: ParseOptions = section.family === undefined ? { origin: section.origin } : { origin: section.origin, family: section.family };
  switch (section.kind) {
    case 'iptables-rules':
    case 'iptables-script': {
      const byFamily = parseByFamily(section.text, options);
      const out: Ruleset[] = [];
      if (byFamily.v4) out.push({ ...byFamily.v4, family: byFamily.v4.family ?? (4 satisfies Family) });
      if (byFamily.v6) out.push({ ...byFamily.v6, family: 6 });
      return out.length > 0 ? out : [parse(section.text, options)];
    }
    case 'iptables-save':
      // *-save that printed nothing: no table is loaded (a blank listing or paste stays "no table found")
      return [section.text.trim() === '' ? parseSave(section.text, options) : parse(section.text, options)];
    case 'nft-ruleset':
      return splitNftByFamily(parseNft(section.text, section.origin));
    case 'iptables-listing':
    case 'exim-bp-config':
    case 'exim-config':
    case 'exim-bt':
    case 'dns-records':
    case 'passwd':
    case 'ip-route':
    case 'postfix-main-cf':
    case 'postfix-master-cf':
    case 'postconf-p':
    case 'postfix-map':
    case 'unknown':
      return [parse(section.text, options)];
  }
}
