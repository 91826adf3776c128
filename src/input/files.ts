// Inputs named by flags: each file is one section of the kind its flag declares (an --iptables
// file holding a filter and a `-t nat` listing stays one section; its parser reads both). `-`
// means stdin. A file that cannot be read is a usage error: the user named it, so we stop.
import { InputError } from './errors.js';
import { detectFirewallFormat, type FirewallFormat } from '../firewall/parse/index.js';
import { describeEmptySave } from '../firewall/parse/save.js';
import type { Family } from '../firewall/model.js';
import type { CollectionProblem, InputSection, SectionKind } from './collected.js';
import { countAddresses } from './family.js';
import { detectPostfixKindFor, readNamedFiles, readPostfixDirectory } from './postfix-files.js';
import { describeReadError } from './read.js';
import { looksBinary, normalizeText } from './text.js';

export interface FileFlags {
  iptables?: string[];
  ip6tables?: string[];
  /** nft list ruleset text or nft -j JSON: tables of every family (repeatable) */
  nft?: string[];
  eximConfig?: string;
  eximBp?: string;
  eximBt?: string;
  dns?: string[];
  /** main.cf or the Postfix configuration directory */
  postfixConfig?: string;
  /** postconf -n / postconf / postconf -M / postconf -P output (repeatable) */
  postconf?: string[];
}

interface Declared {
  path: string;
  flag: string;
  kind: SectionKind | 'firewall';
  family?: Family;
}

export type ReadText = (path: string) => Promise<string>;

/** Flags in a fixed order: firewall (IPv4, IPv6), Exim, DNS. */
export function listDeclared(flags: FileFlags): Declared[] {
  return [
    ...(flags.iptables ?? []).map((path): Declared => ({ path, flag: '--iptables', kind: 'firewall', family: 4 })),
    ...(flags.ip6tables ?? []).map((path): Declared => ({ path, flag: '--ip6tables', kind: 'firewall', family: 6 })),
    ...(flags.nft ?? []).map((path): Declared => ({ path, flag: '--nft', kind: 'nft-ruleset' })),
    ...(flags.eximConfig !== undefined ? [{ path: flags.eximConfig, flag: '--exim-config', kind: 'exim-config' as const }] : []),
    ...(flags.eximBp !== undefined ? [{ path: flags.eximBp, flag: '--exim-bp', kind: 'exim-bp-config' as const }] : []),
    ...(flags.eximBt !== undefined ? [{ path: flags.eximBt, flag: '--exim-bt', kind: 'exim-bt' as const }] : []),
    ...(flags.dns ?? []).map((path): Declared => ({ path, flag: '--dns', kind: 'dns-records' })),
    ...(flags.postfixConfig !== undefined ? [{ path: flags.postfixConfig, flag: '--postfix-config', kind: 'postfix-main-cf' as const }] : []),
    ...(flags.postconf ?? []).map((path): Declared => ({ path, flag: '--postconf', kind: 'postfix-main-cf' })),
  ];
}

function kindOfFormat(format: FirewallFormat): SectionKind {
  switch (format) {
    case 'listing':
      return 'iptables-listing';
    case 'save':
      return 'iptables-save';
    case 'rules':
      return 'iptables-rules';
    case 'script':
      return 'iptables-script';
  }
}

/** Says so when the addresses contradict the declared family (an ip6tables listing given to --iptables). */
function familyDoubt(declared: Family, text: string): string {
  // one address of the declared family already rules the doubt out
  const counted = countAddresses(text, (c) => (declared === 4 ? c.v4 > 0 : c.v6 > 0));
  if (declared === 4 && counted.v6 > 0 && counted.v4 === 0) return `; but its addresses are IPv6 (${counted.example6}): was --ip6tables meant?`;
  if (declared === 6 && counted.v4 > 0 && counted.v6 === 0) return `; but its addresses are IPv4 (${counted.example4}): was --iptables meant?`;
  return '';
}

async function readDeclared(item: Declared, readFile: ReadText, readStdin: () => Promise<string>): Promise<string> {
  try {
    return item.path === '-' ? await readStdin() : await readFile(item.path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${item.path}: cannot read: ${describeReadError(err)}`);
  }
}

export async function readDeclaredFiles(flags: FileFlags, readFile: ReadText, readStdin: () => Promise<string>): Promise<{ sections: InputSection[]; problems: CollectionProblem[] }> {
  const declared = listDeclared(flags);
  const fromStdin = declared.filter((d) => d.path === '-');
  if (fromStdin.length > 1) throw new InputError(`only one input can be read from stdin ('-'), but ${fromStdin.map((d) => d.flag).join(' and ')} both name it`);
  const sections: InputSection[] = [];
  const problems: CollectionProblem[] = [];
  for (const item of declared) {
    // a directory or main.cf with the files it names: read by postfix-files.ts below
    if (item.flag === '--postfix-config') continue;
    const text = normalizeText(await readDeclared(item, readFile, readStdin));
    const origin = item.path === '-' ? 'stdin' : item.path;
    const empty = text.trim() === '';
    // an empty ruleset file is what `ip6tables-save > FILE` writes when no table is loaded
    if (empty && item.kind !== 'firewall' && item.kind !== 'nft-ruleset') problems.push({ what: origin, message: `empty (given to ${item.flag})` });
    if (looksBinary(text)) problems.push({ what: origin, message: `contains binary data (NUL bytes); is it the right file for ${item.flag}?` });
    let kind: SectionKind;
    let detectedBy: string;
    if (item.kind === 'firewall' && empty) {
      kind = 'iptables-save';
      detectedBy = `declared IPv${item.family} by ${item.flag}; ${describeEmptySave(item.family ?? 4)}`;
    } else if (item.kind === 'firewall') {
      kind = kindOfFormat(detectFirewallFormat(text));
      detectedBy = `declared IPv${item.family} by ${item.flag}; format ${kind} detected${familyDoubt(item.family ?? 4, text)}`;
    } else if (item.kind === 'nft-ruleset') {
      kind = 'nft-ruleset';
      // an empty file is what `nft list ruleset > FILE` writes when no table is loaded
      detectedBy = `declared by --nft; ${empty ? 'empty: no nft table loaded' : text.trimStart().startsWith('{') ? 'nft -j JSON' : 'nft list ruleset text'}`;
    } else if (item.flag === '--postconf') {
      kind = detectPostfixKindFor(text);
      detectedBy = `declared by --postconf; ${kind === 'postconf-p' ? 'postconf -P' : kind === 'postfix-master-cf' ? 'postconf -M' : 'postconf -n'} output detected`;
    } else {
      kind = item.kind;
      detectedBy = `declared by ${item.flag}`;
    }
    const section: InputSection = { kind, origin, firstLine: 1, text, detectedBy };
    if (item.family !== undefined) section.family = item.family;
    sections.push(section);
  }
  const postfix = flags.postfixConfig !== undefined
    ? await readPostfixDirectory(flags.postfixConfig, readFile)
    : sections.some((s) => s.kind === 'postfix-main-cf') ? await readNamedFiles(sections, undefined, readFile) : { sections: [], problems: [] };
  return { sections: [...sections, ...postfix.sections], problems: [...problems, ...postfix.problems] };
}
