// The page's inputs for a `mailleak explain` command line: each flag's file becomes an input
// declared as the flag declares it and named by its path (so origins, and the JSON, are the
// CLI's); `--postfix-config DIR` becomes DIR/main.cf with the other files of DIR beside it;
// text piped to stdin is the paste (or, for `--FLAG -`, that flag's input named "stdin").
import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { PageInput, PageInputKind, PageState } from '../../../src/web/page-state.js';
import { emptyState } from '../../../src/web/page-state.js';

/** The lines of the CLI's text answer that say how the host was read and where its mail leaves. */
export const HOST_LINES = /read as: MTA .*|out of \S+ \(route: [^)]*\)/g;

export interface CommandLine {
  args: string[];
  stdinFile?: string;
  /** text piped to stdin that no file holds */
  stdinText?: string;
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
  const stdin = line.stdinText ?? (line.stdinFile === undefined ? undefined : read(line.stdinFile));
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
    else if (flag === '--mta-container') state.mtaContainer.push(value);
    else if (flag === '--family') state.family = value === '6' ? '6' : '4';
    else throw new Error(`the page has no counterpart for ${flag}`);
  }
  if (stdin !== undefined && !stdinNamed) inputs.unshift({ name: 'stdin', kind: 'paste', text: stdin });
  state.inputs = inputs;
  return { state };
}

interface FixtureInputs {
  iptables?: string[];
  ip6tables?: string[];
  nft?: string[];
  dns?: string[];
  postconf?: string[];
  eximConfig?: string;
  eximBp?: string;
  eximBt?: string;
  postfixConfig?: string;
  uid?: number;
  gid?: number;
  oif?: string;
  mtaContainer?: string[];
  paste?: string;
}

/** The command line a fixtures/NAME/expected.json stands for (its paths are relative to the folder). */
export function commandForFixture(root: string, name: string): CommandLine {
  const e = JSON.parse(readFileSync(join(root, 'fixtures', name, 'expected.json'), 'utf8')) as { target: string; allow?: string[]; inputs: FixtureInputs };
  const at = (p: string): string => normalize(join('fixtures', name, p));
  const args = ['explain', e.target];
  const many: [keyof FixtureInputs, string][] = [['iptables', '--iptables'], ['ip6tables', '--ip6tables'], ['nft', '--nft'], ['dns', '--dns'], ['postconf', '--postconf']];
  for (const [key, flag] of many) for (const p of (e.inputs[key] as string[] | undefined) ?? []) args.push(flag, at(p));
  const one: [keyof FixtureInputs, string][] = [['eximConfig', '--exim-config'], ['eximBp', '--exim-bp'], ['eximBt', '--exim-bt'], ['postfixConfig', '--postfix-config']];
  for (const [key, flag] of one) if (e.inputs[key] !== undefined) args.push(flag, at(e.inputs[key] as string));
  for (const d of e.allow ?? []) args.push('--allow', d);
  if (e.inputs.uid !== undefined) args.push('--uid', String(e.inputs.uid));
  if (e.inputs.gid !== undefined) args.push('--gid', String(e.inputs.gid));
  if (e.inputs.oif !== undefined) args.push('--oif', e.inputs.oif);
  for (const c of e.inputs.mtaContainer ?? []) args.push('--mta-container', c);
  return e.inputs.paste === undefined ? { args } : { args, stdinFile: at(e.inputs.paste) };
}
