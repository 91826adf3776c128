// Shell prompt and command lines that people paste above a listing
// (`root@host1 [~]# /sbin/iptables -L OUTPUT -n --line-number -v`). They tell which tool ran
// (ip6tables → IPv6), which table (-t), which chain was listed, and whether -v/-n/-x were given.
import { TABLE_NAMES, type Family, type IptablesTable as TableName } from '../model.js';

export interface ListingCommand {
  /** the program name as typed, without its directory, e.g. "ip6tables", "iptables-legacy" */
  tool: string;
  family: Family;
  /** undefined when the command gave no -t (then iptables lists filter) */
  table?: TableName;
  /** a table name we do not model (e.g. `-t broute`) */
  unknownTable?: string;
  /** `-L OUTPUT` → "OUTPUT"; undefined when all chains were listed */
  chain?: string;
  /** `-L OUTPUT 3` prints only rule 3, without any header */
  ruleNumber?: number;
  list: boolean;
  verbose: boolean;
  numeric: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** the output went through a pipe (`| grep 25`): rules may have been filtered out */
  piped: boolean;
}

const TOOL = /(?:^|[\s/`'"(;$#>])((?:ip6?tables)(?:-legacy|-nft)?)(?=\s|$)/;

/** Recognises a prompt or command line that runs iptables/ip6tables; undefined for anything else. */
export function parseListingCommand(line: string): ListingCommand | undefined {
  const found = TOOL.exec(line);
  if (!found || found[1] === undefined) return undefined;
  const tool = found[1];
  const afterTool = line.slice(found.index + found[0].length);
  // only the part before a pipe, redirection or command separator is iptables' own arguments
  const cut = /[|;&>]/.exec(afterTool);
  const argText = (cut ? afterTool.slice(0, cut.index) : afterTool).replace(/[`'"]/g, ' ');
  const args = argText.split(/\s+/).filter((a) => a !== '');
  const command: ListingCommand = {
    tool,
    family: tool.startsWith('ip6') ? 6 : 4,
    list: false,
    verbose: false,
    numeric: false,
    exact: false,
    lineNumbers: false,
    piped: cut !== null && cut[0] === '|',
  };
  readArguments(args, command);
  return command;
}

function readArguments(args: string[], command: ListingCommand): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (arg.startsWith('--')) {
      const [name = '', value] = arg.slice(2).split('=');
      if (name === 'list') command.list = true;
      else if (name === 'verbose') command.verbose = true;
      else if (name === 'numeric') command.numeric = true;
      else if (name === 'exact') command.exact = true;
      else if (name.startsWith('line-number')) command.lineNumbers = true;
      else if (name === 'table') {
        const table = value ?? next;
        if (value === undefined) i++;
        setTable(command, table);
        continue;
      }
      if (name === 'list' && next !== undefined && !next.startsWith('-')) i += readListArgs(args, i + 1, command);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // short options may be bundled (`-nvL`, `-vnxL`, `-tnat`); `-list` is read as a list request
      const letters = arg.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const c = letters[k];
        if (c === 't') {
          const rest = letters.slice(k + 1);
          if (rest !== '') setTable(command, rest);
          else { setTable(command, next); i++; }
          break;
        }
        if (c === 'L' || c === 'l') command.list = true;
        else if (c === 'v') command.verbose = true;
        else if (c === 'n') command.numeric = true;
        else if (c === 'x') command.exact = true;
      }
      // like iptables itself, `-L` bundled anywhere (`-nvL`, `-Lnv`) takes the next word as its chain
      if (/^[^t]*L/.test(letters) && next !== undefined && !next.startsWith('-')) i += readListArgs(args, i + 1, command);
    }
  }
}

/** `-L [CHAIN [RULENUM]]`: returns how many arguments it used. */
function readListArgs(args: string[], from: number, command: ListingCommand): number {
  const chain = args[from];
  if (chain === undefined || chain.startsWith('-')) return 0;
  command.chain = chain;
  const num = args[from + 1];
  if (num !== undefined && /^\d+$/.test(num)) {
    command.ruleNumber = Number(num);
    return 2;
  }
  return 1;
}

function setTable(command: ListingCommand, name: string | undefined): void {
  if (name === undefined) return;
  if ((TABLE_NAMES as readonly string[]).includes(name)) command.table = name as TableName;
  else command.unknownTable = name;
}
