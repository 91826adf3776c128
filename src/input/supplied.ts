// Which kinds of input the user supplied (flags, a paste), so that `--live` collects only the
// rest (issue 13): --iptables replaces iptables-save, --ip6tables ip6tables-save, --exim-config
// or `exim -bP` text replaces `exim -bP config`, --postfix-config/--postconf or pasted postconf text
// replace postconf. DNS, -bt output and passwd are not collected live.
import type { InputSection } from './collected.js';

/** Kinds of input that replace their live collection: a firewall family, the Exim or Postfix configuration. */
export interface SuppliedKinds {
  iptables?: boolean;
  ip6tables?: boolean;
  /** an nft ruleset (--nft, or pasted): `nft list ruleset` is not run */
  nft?: boolean;
  eximConfig?: boolean;
  postfixConfig?: boolean;
}

// a script or `-S` text names its tool on each line: ip6tables lines fill the IPv6 ruleset
const IP6TABLES_LINE = /^\s*(?:sudo\s+)?(?:\S*\/)?(?:ip6tables|\$\{?IP6T)/m;

export function suppliedKinds(sections: readonly InputSection[]): SuppliedKinds {
  const out: SuppliedKinds = {};
  for (const s of sections) {
    switch (s.kind) {
      case 'iptables-listing':
      case 'iptables-save':
      case 'iptables-rules':
      case 'iptables-script':
        // a section whose family nothing shows is read as IPv4 (rulesets.ts)
        if (s.family === 6) out.ip6tables = true;
        else out.iptables = true;
        if (s.family === undefined && (s.kind === 'iptables-script' || s.kind === 'iptables-rules') && IP6TABLES_LINE.test(s.text)) out.ip6tables = true;
        break;
      case 'exim-config':
      case 'exim-bp-config':
        out.eximConfig = true;
        break;
      case 'postfix-main-cf':
      case 'postfix-master-cf':
      case 'postconf-p':
        out.postfixConfig = true;
        break;
      case 'nft-ruleset':
        out.nft = true;
        break;
      case 'exim-bt':
      case 'dns-records':
      case 'passwd':
      case 'ip-route':
      case 'postfix-map':
      case 'unknown':
        break;
    }
  }
  return out;
}
