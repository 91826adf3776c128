// Tells which of the four ruleset formats a pasted text is (iptables-listing.md §8.1): an
// `iptables -L` listing, iptables-save text, `iptables -S` rules, or a script of commands.
// Pastes carry prompts, indentation, CRLF, warnings and prose, so lines are counted, not trusted.
import { HOST_PROMPT } from './commands-script.js';
import { splitLines } from './save.js';

export type FirewallFormat = 'listing' | 'save' | 'rules' | 'script';

const CHAIN_HEADER = /^Chain\s+\S+\s+\((?:policy\s+\w+|\d+\s+references)/;
const SAVE_TABLE = /^\*(?:filter|nat|mangle|raw|security)\s*$/;
const SAVE_CHAIN = /^:\S+\s+(?:ACCEPT|DROP|-)(?:\s+\[\d+:\d+\])?\s*$/;
const SAVE_COMMIT = /^COMMIT\s*$/;
const RULE_LINE = /^(?:\[\d+:\d+\]\s*)?-[APNI]\s+\S+/;
const COMMAND_LINE = /^(?:sudo\s+(?:-\S+\s+)*)?(?:\S*\/)?(?:ip6?tables(?:-legacy|-nft)?|\$\{?IP6?T\w*\}?)\s+.*-[AIDNPFXR]\s/;
// tested on the line without its leading blanks: `^\s*…\S*\s+` backtracks quadratically on a long run of spaces
const LISTING_RULE = /^(?:\d+\s+)*(?:\d+[KMGT]?\s+\d+[KMGT]?\s+)?(?:\S+\s+)?(?:all|tcp|udp|icmp|ipv6-icmp|\d{1,3})\s+(?:--|-f|!f)\s/;
const SCRIPTISH = /^(?:#!|(?:sudo|echo|if|then|fi|for|do|done|export|ufw)\b|[A-Za-z_]\w*=)/;

interface Counts {
  header: number;
  save: number;
  rule: number;
  command: number;
  listingRule: number;
  scriptish: number;
  /** `# Warning: iptables-legacy tables present, use iptables-legacy-save …` printed by *-save */
  saveWarning: number;
  firstHeader: number;
  firstSave: number;
}

function countLines(text: string): Counts {
  const c: Counts = { header: 0, save: 0, rule: 0, command: 0, listingRule: 0, scriptish: 0, saveWarning: 0, firstHeader: -1, firstSave: -1 };
  splitLines(text).forEach((raw, i) => {
    // each costly expression only when a character it cannot do without is there (a prompt ends
    // in #, $ or %; a command names iptables or $IPT…): the same counts, 100k-line files read faster
    const trimmed = raw.trim();
    const line = trimmed.includes('#') || trimmed.includes('$') || trimmed.includes('%') ? trimmed.replace(HOST_PROMPT, '').replace(/^\$\s+/, '') : trimmed;
    if (CHAIN_HEADER.test(line)) { c.header++; if (c.firstHeader < 0) c.firstHeader = i; }
    if (SAVE_TABLE.test(line) || SAVE_CHAIN.test(line) || SAVE_COMMIT.test(line)) { c.save++; if (c.firstSave < 0) c.firstSave = i; }
    if (RULE_LINE.test(line)) c.rule++;
    if ((line.includes('tables') || line.includes('IP')) && COMMAND_LINE.test(line)) c.command++;
    if (LISTING_RULE.test(raw.trimStart())) c.listingRule++;
    if (SCRIPTISH.test(line)) c.scriptish++;
    if (line.startsWith('# Warning: ') && /^# Warning: .*tables present, use \S+-save\b/.test(line)) c.saveWarning++;
  });
  return c;
}

export function detectFirewallFormat(text: string): FirewallFormat {
  const c = countLines(text);
  if (c.header > 0 && c.save > 0) return c.firstHeader < c.firstSave ? 'listing' : 'save';
  if (c.header > 0) return 'listing';
  // a `*table` or `:CHAIN POLICY` line only exists in save text; a lone COMMIT needs rule lines too
  if (c.save > 0 && (c.save > 1 || c.rule > 0)) return 'save';
  if (c.command > 0 && c.command >= c.rule) return 'script';
  if (c.rule > 0) return 'rules';
  if (c.listingRule > 0) return 'listing';
  if (c.saveWarning > 0) return 'save';
  if (c.scriptish > 0) return 'script';
  return 'listing';
}
