// Which parser reads a firewall section. Listings and save files go to parseFirewallText;
// scripts of iptables/ip6tables commands may hold both families at once.
import type { Family, Ruleset } from '../../firewall/model.js';
import type { ParseOptions } from '../../firewall/parse/options.js';
import { parseSave } from '../../firewall/parse/save.js';
import type { InputSection } from '../../input/collected.js';

export function isFirewallSection(section: InputSection): boolean {
  switch (section.kind) {
    case 'iptables-listing':
    case 'iptables-save':
    case 'iptables-rules':
    case 'iptables-script':
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
