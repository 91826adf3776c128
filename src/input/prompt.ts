// Command lines inside a paste: `root@host1 [~]# iptables -L OUTPUT -n -v`, `$ sudo ip6tables-save`,
// `# exim -bt user@gmail.com`, or the bare command a user typed above its output. A command line
// starts a new section and says what follows (and, for iptables, which family and table).
import type { Family } from '../firewall/model.js';
import type { SectionKind } from './collected.js';

export interface CommandLine {
  /** the command without prompt and sudo, as typed: "iptables -t nat -L -n" */
  command: string;
  /** the program's base name: "ip6tables", "exim4" */
  tool: string;
  /** what its output is, when the command tells */
  kind?: SectionKind;
  family?: Family;
  /** true when a shell prompt preceded the command (not a bare command line) */
  prompted: boolean;
}

// user@host prompts: `root@host1 [/tmp/logd]#`, `[root@host ~]#`, `user@host:~$`, `bash-4.2#`
const HOST_PROMPT = /^\s*(?:\[[^\]\s@]+@[^\]]{1,200}\]|[\w.-]{1,64}@[\w.-]{1,255}(?::[^\s#$%]{0,200}|\s{0,4}\[[^\]]{0,200}\])?|[\w.-]{1,64}-\d[\d.]{0,16})\s{0,4}[#$%]\s*(.*)$/;
// bare prompts: `# cmd`, `$ cmd` (a space after `$`, so `$IPT -A …` stays a script line), `% cmd`
const BARE_PROMPT = /^\s*(?:#|\$\s|%\s)\s*(.*)$/;

const FIREWALL_TOOL = /^(ip6?)tables(?:-legacy|-nft)?$/;
const SAVE_TOOL = /^(ip6?)tables(?:-legacy|-nft)?-save$/;

function familyOf(prefix: string | undefined): Family {
  return prefix === 'ip6' ? 6 : 4;
}

/** Drops `sudo` and its own options (`sudo -u root`, `sudo -E`). */
function dropSudo(words: string[]): string[] {
  if (words[0] !== 'sudo') return words;
  let i = 1;
  while (i < words.length && words[i]!.startsWith('-')) i += /^-[ugCDhpRrT]$/.test(words[i]!) ? 2 : 1;
  return words.slice(i);
}

function hasShortOption(args: string[], letter: string, long: string): boolean {
  return args.some((a) => a === long || (/^-[a-zA-Z]+$/.test(a) && a.includes(letter)));
}

const MODIFYING = /^-(?:[AIDRNPFXZE]|-(?:append|insert|delete|replace|new-chain|policy|flush|delete-chain|zero|rename-chain))$/;

function kindOfFirewallCommand(args: string[]): SectionKind {
  if (args.some((a) => MODIFYING.test(a))) return 'iptables-script';
  if (hasShortOption(args, 'L', '--list')) return 'iptables-listing';
  if (hasShortOption(args, 'S', '--list-rules')) return 'iptables-rules';
  return 'iptables-script';
}

function kindOfEximCommand(args: string[]): SectionKind | undefined {
  if (args.some((a) => /^-bt$/.test(a))) return 'exim-bt';
  if (args.some((a) => /^-bP$/.test(a))) return 'exim-bp-config';
  return undefined;
}

function kindOfFileShown(path: string | undefined): SectionKind | undefined {
  if (path === undefined) return undefined;
  if (/^\/etc\/(passwd|group)$/.test(path)) return 'passwd';
  if (/exim/.test(path) && !/\.(log|txt)$/.test(path)) return 'exim-config';
  if (/(?:^|\/)main\.cf$/.test(path)) return 'postfix-main-cf';
  if (/(?:^|\/)master\.cf$/.test(path)) return 'postfix-master-cf';
  return undefined;
}

/** Recognises a command in `words` (prompt and sudo already removed). */
function describeCommand(words: string[]): Omit<CommandLine, 'prompted' | 'command'> | undefined {
  const [first, ...args] = words;
  if (first === undefined) return undefined;
  const tool = first.replace(/^.*\//, '');
  const save = SAVE_TOOL.exec(tool);
  if (save) return { tool, kind: 'iptables-save', family: familyOf(save[1]) };
  const fw = FIREWALL_TOOL.exec(tool);
  if (fw) return { tool, kind: kindOfFirewallCommand(args), family: familyOf(fw[1]) };
  if (tool === 'exim' || tool === 'exim4') {
    const kind = kindOfEximCommand(args);
    return kind ? { tool, kind } : { tool };
  }
  if (tool === 'dig' || tool === 'drill') return { tool, kind: 'dns-records' };
  if (tool === 'postconf') {
    if (args.some((a) => /^-[a-zA-Z]*P/.test(a))) return { tool, kind: 'postconf-p' };
    if (args.some((a) => /^-[a-zA-Z]*M/.test(a))) return { tool, kind: 'postfix-master-cf' };
    if (args.every((a) => /^-[nfx]+$/.test(a))) return { tool, kind: 'postfix-main-cf' };
    return { tool };
  }
  if (tool === 'getent' && (args[0] === 'passwd' || args[0] === 'group')) return { tool, kind: 'passwd' };
  if (tool === 'ip' && args.some((a) => /^r(o(u(te?)?)?)?$/.test(a))) return { tool, kind: 'ip-route' };
  if (['cat', 'less', 'more', 'head', 'tail'].includes(tool)) {
    const kind = kindOfFileShown(args.find((a) => !a.startsWith('-')));
    return kind ? { tool, kind } : { tool };
  }
  if (['ufw', 'firewall-cmd', 'nft', 'host', 'nslookup', 'ss', 'netstat', 'ls', 'grep', 'systemctl', 'service'].includes(tool)) return { tool };
  return undefined;
}

/**
 * A command line, or undefined when the line is something else. Without a prompt, only commands
 * whose output is a known kind count (a bare `iptables -L -n` line heads its listing); after a
 * bare `#` only known tools count, so comments in scripts and configs stay comments.
 */
export function parseCommandLine(line: string): CommandLine | undefined {
  const text = line.length > 2000 ? line.slice(0, 2000) : line;
  const hosted = HOST_PROMPT.exec(text);
  const bare = hosted ? undefined : BARE_PROMPT.exec(text);
  const rest = (hosted?.[1] ?? bare?.[1] ?? text).trim();
  const words = dropSudo(rest.split(/\s+/).filter((w) => w !== ''));
  const described = describeCommand(words);
  const command = words.join(' ');
  if (hosted) return { command, prompted: true, tool: described?.tool ?? words[0] ?? '', ...described };
  if (!described) return undefined;
  // `# iptables -A …` is a commented-out rule in a script, not a prompt
  if (bare && text.trimStart().startsWith('#') && (described.kind === 'iptables-script' || described.kind === undefined)) return undefined;
  if (!bare && (described.kind === undefined || described.kind === 'iptables-script')) return undefined;
  return { command, prompted: bare !== undefined, ...described };
}

/** A prompt with nothing typed after it (`root@host:~# `): ends a section, starts none. */
export function isEmptyPrompt(line: string): boolean {
  const hosted = HOST_PROMPT.exec(line);
  return hosted !== null && (hosted[1] ?? '').trim() === '';
}
