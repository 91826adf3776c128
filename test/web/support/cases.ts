// The page's inputs for a `mailleak explain` command line: each flag's file becomes an input
// declared as the flag declares it and named by its path (so origins, and the JSON, are the
// CLI's); `--postfix-config DIR` becomes DIR/main.cf with the other files of DIR beside it;
// text piped to stdin is the paste (or, for `--FLAG -`, that flag's input named "stdin").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageInput, PageInputKind, PageState } from '../../../src/web/page-state.js';
import { emptyState } from '../../../src/web/page-state.js';

export interface CommandLine {
  args: string[];
  stdinFile?: string;
}

/** `$ mailleak explain 'not a domain' --offline < file` → args and stdin file (single quotes as the golden test writes them). */
export function parseCommandLine(line: string): CommandLine {
  const [command, stdin] = line.replace(/^\$ mailleak /, '').split(' < ');
  const args = [...command!.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return stdin === undefined ? { args } : { args, stdinFile: stdin.trim() };
}

const FLAG_KINDS: Record<string, PageInputKind> = {
  '--iptables': 'iptables',
  '--ip6tables': 'ip6tables',
  '--nft': 'nft',
  '--exim-config': 'exim-config',
  '--exim-bp': 'exim-bp',
  '--exim-bt': 'exim-bt',
  '--dns': 'dns',
  '--postconf': 'postconf',
};

/** The page state for `explain TARGET FLAGS…`, or a reason it has none (a file that does not exist). */
export function stateForCommand(root: string, line: CommandLine): { state: PageState } | { skip: string } {
  const [command, target, ...rest] = line.args;
  if (command !== 'explain') return { skip: `${command} is not what the page answers` };
  if (rest.includes('--demo')) return { skip: 'the demo is index.html#demo (its own test)' };
  const state: PageState = { ...emptyState(), target: target! };
  const inputs: PageInput[] = [];
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');
  const stdin = line.stdinFile === undefined ? undefined : read(line.stdinFile);
  let stdinNamed = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (flag === '--offline') continue; // the page asks no DNS server unless told to
    if (value === undefined) throw new Error(`${flag} without a value`);
    i++;
    const kind = FLAG_KINDS[flag];
    if (kind !== undefined) {
      if (value === '-') {
        stdinNamed = true;
        inputs.push({ name: 'stdin', kind, text: stdin ?? '' });
        continue;
      }
      try {
        inputs.push({ name: value, kind, text: read(value) });
      } catch {
        return { skip: `${value} does not exist: a browser has no file to name` };
      }
    } else if (flag === '--postfix-config') {
      inputs.push({ name: `${value}/main.cf`, kind: 'postfix-config', text: read(`${value}/main.cf`) });
      for (const file of readdirSync(join(root, value)).filter((f) => f !== 'main.cf').sort()) inputs.push({ name: `${value}/${file}`, kind: 'file', text: read(`${value}/${file}`) });
    } else if (flag === '--allow') state.allow.push(value);
    else if (flag === '--oif') state.oif = value;
    else if (flag === '--src') state.src = value;
    else if (flag === '--uid') state.uid = value;
    else if (flag === '--gid') state.gid = value;
    else throw new Error(`the page has no counterpart for ${flag}`);
  }
  if (stdin !== undefined && !stdinNamed) inputs.unshift({ name: 'stdin', kind: 'paste', text: stdin });
  state.inputs = inputs;
  return { state };
}
