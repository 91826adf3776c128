// Reads a fixtures/<case>/ folder the way the CLI would: its expected.json names the input
// files (as the --iptables/--dns/… flags would) and optionally a paste (as stdin would be).
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AcquireOptions } from '../../../src/input/acquire.js';
import { acquireInputs } from '../../../src/input/node/acquire.js';
import type { CollectedInputs } from '../../../src/input/collected.js';

export const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

export interface Expected {
  description: string;
  source?: string;
  target: string;
  allow?: string[];
  inputs: {
    paste?: string;
    iptables?: string[];
    ip6tables?: string[];
    /** --nft files (nft list ruleset text or JSON) */
    nft?: string[];
    dns?: string[];
    eximConfig?: string;
    eximBp?: string;
    eximBt?: string;
    postfixConfig?: string;
    postconf?: string[];
    uid?: number;
    gid?: number;
    oif?: string;
    /** --mta-container ADDR@IFACE, once per family */
    mtaContainer?: string[];
    offline?: boolean;
  };
  verdict: 'leaks' | 'blocked' | 'uncertain';
  codes: string[];
}

export async function listFixtureCases(): Promise<string[]> {
  const names = await readdir(FIXTURES);
  return names.filter((n) => existsSync(join(FIXTURES, n, 'expected.json'))).sort();
}

export async function readExpected(name: string): Promise<Expected> {
  return JSON.parse(await readFile(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
}

export async function collectFixture(name: string, e: Expected): Promise<CollectedInputs> {
  const dir = join(FIXTURES, name);
  const at = (p: string): string => join(dir, p);
  const facts: Partial<AcquireOptions> = {};
  if (e.inputs.uid !== undefined) facts.uid = e.inputs.uid;
  if (e.inputs.gid !== undefined) facts.gid = e.inputs.gid;
  if (e.inputs.oif !== undefined) facts.oif = e.inputs.oif;
  if (e.inputs.mtaContainer !== undefined) facts.mtaContainer = e.inputs.mtaContainer;
  if (e.inputs.offline) facts.offline = true;
  const files: AcquireOptions = {
    ...facts,
    stdinIsTTY: false,
    iptables: (e.inputs.iptables ?? []).map(at),
    ip6tables: (e.inputs.ip6tables ?? []).map(at),
    nft: (e.inputs.nft ?? []).map(at),
    dns: (e.inputs.dns ?? []).map(at),
    // as run with stdin from /dev/null: nothing piped next to the files
    stdinIsNull: true,
  };
  if (e.inputs.eximConfig) files.eximConfig = at(e.inputs.eximConfig);
  if (e.inputs.eximBp) files.eximBp = at(e.inputs.eximBp);
  if (e.inputs.eximBt) files.eximBt = at(e.inputs.eximBt);
  if (e.inputs.postfixConfig) files.postfixConfig = at(e.inputs.postfixConfig);
  if (e.inputs.postconf) files.postconf = e.inputs.postconf.map(at);
  if (!e.inputs.paste) return acquireInputs(files);
  // a paste plus zone files: what `mailleak explain --demo` assembles
  const paste = await acquireInputs({ ...facts, stdinIsTTY: false, readStdin: () => readFile(at(e.inputs.paste!), 'utf8') });
  if ((files.dns ?? []).length === 0) return paste;
  const dns = await acquireInputs({ stdinIsTTY: false, dns: files.dns ?? [], readStdin: async () => '' });
  return { ...paste, sections: [...paste.sections, ...dns.sections], problems: [...paste.problems, ...dns.problems] };
}
