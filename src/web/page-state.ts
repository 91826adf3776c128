// What the page holds: the target, the inputs (a paste read like the CLI's stdin, or files
// declared as the CLI's flags declare them) and the options explain takes. Plain data, so it
// can travel in the URL fragment (fragment.ts) and be turned into CollectedInputs (page-acquire.ts).

/** How an input is read: `paste` is split into sections like text piped to `mailleak explain`
 *  (a `mailleak collect` bundle included); the others as the CLI flag of the same name declares. */
export type PageInputKind = 'paste' | 'iptables' | 'ip6tables' | 'nft' | 'exim-config' | 'exim-bp' | 'exim-bt' | 'dns' | 'postfix-config' | 'postconf' | 'file';

export interface PageInput {
  /** shown in the report as the origin ("read as: NAME lines …"); a dropped file's name */
  name: string;
  kind: PageInputKind;
  text: string;
}

export interface PageState {
  /** a mail domain or address, as `mailleak explain TARGET` */
  target: string;
  /** --allow */
  allow: string[];
  inputs: PageInput[];
  /** --oif, --src, --uid, --gid, --family, --mta-container (empty: not given) */
  oif: string;
  src: string;
  uid: string;
  gid: string;
  family: '' | '4' | '6';
  mtaContainer: string[];
  /** --sender (empty: not given; `<>` the null sender) */
  sender: string;
}

/** The kinds in the order the page offers them, with the words it shows and the CLI flag each mirrors. */
export const INPUT_KINDS: readonly { kind: PageInputKind; label: string; flag: string }[] = [
  { kind: 'paste', label: 'paste: mixed outputs or a bundle, sections detected', flag: 'stdin' },
  { kind: 'iptables', label: 'IPv4 ruleset (iptables -L -n -v, iptables-save, -S)', flag: '--iptables' },
  { kind: 'ip6tables', label: 'IPv6 ruleset (ip6tables …)', flag: '--ip6tables' },
  { kind: 'nft', label: 'nft list ruleset (text or -j JSON)', flag: '--nft' },
  { kind: 'exim-config', label: 'Exim configuration', flag: '--exim-config' },
  { kind: 'exim-bp', label: 'exim -bP config', flag: '--exim-bp' },
  { kind: 'exim-bt', label: 'exim -bt ADDRESS', flag: '--exim-bt' },
  { kind: 'dns', label: 'DNS: zone file or dig answers', flag: '--dns' },
  { kind: 'postfix-config', label: 'Postfix main.cf (master.cf and tables beside it by name)', flag: '--postfix-config' },
  { kind: 'postconf', label: 'postconf -n / -M / -P output', flag: '--postconf' },
  { kind: 'file', label: 'a file another input names (master.cf, a lookup table)', flag: '' },
];

export function emptyState(): PageState {
  return { target: '', allow: [], inputs: [], oif: '', src: '', uid: '', gid: '', family: '', mtaContainer: [], sender: '' };
}
