// --postfix-config PATH (main.cf, or the directory holding main.cf and master.cf) and the files
// the configuration names for routing: the source text of the lookup tables of transport_maps,
// sender-dependent relayhost/transport maps and the domain lists, and list files. Only those:
// never smtp_sasl_password_maps or anything else that may hold secrets. A table named under
// config_directory is read from the given directory, so a copied configuration works as is.
import { readMainCf } from '../mail/postfix/main-cf.js';
import { expandParam, splitList } from '../mail/postfix/params.js';
import type { CollectionProblem, InputSection } from './collected.js';
import { InputError } from './errors.js';
import { describeReadError } from './read.js';
import { normalizeText } from './text.js';

type ReadText = (path: string) => Promise<string>;
type Read = { sections: InputSection[]; problems: CollectionProblem[] };

/** The parameters whose tables and files decide where mail goes. */
export const ROUTING_PARAMETERS = ['transport_maps', 'sender_dependent_relayhost_maps', 'sender_dependent_default_transport_maps', 'mydestination', 'relay_domains', 'virtual_alias_domains', 'virtual_mailbox_domains',
  // the recipient is rewritten before routing; address probes have their own routing (postconf(5) address_verify_*)
  'virtual_alias_maps', 'address_verify_transport_maps', 'address_verify_sender_dependent_relayhost_maps', 'address_verify_sender_dependent_default_transport_maps'];
const FILE_TABLES = /^(?:proxy:)?(?:hash|btree|lmdb|cdb|dbm|sdbm|texthash|regexp|pcre):(.+)$/;
/** Never read, whatever names them: SASL password maps, keys (the collect script has the same pattern). */
export const SECRET = /sasl|passw|secret|\.key$|\.pem$/i;

export async function readPostfixDirectory(path: string, readFile: ReadText): Promise<Read> {
  const trimmed = path.replace(/\/+$/, '') || '/';
  const isFile = /(?:^|\/)main\.cf$/.test(trimmed);
  const dir = isFile ? trimmed.replace(/\/?main\.cf$/, '') || '.' : trimmed;
  const mainPath = isFile ? trimmed : `${dir}/main.cf`;
  let main: string;
  try {
    main = normalizeText(await readFile(mainPath));
  } catch (err) {
    throw new InputError(`--postfix-config ${path}: cannot read ${mainPath}: ${describeReadError(err)}`);
  }
  const sections: InputSection[] = [{ kind: 'postfix-main-cf', origin: mainPath, firstLine: 1, text: main, detectedBy: 'declared by --postfix-config' }];
  const problems: CollectionProblem[] = [];
  try {
    const master = normalizeText(await readFile(`${dir}/master.cf`));
    sections.push({ kind: 'postfix-master-cf', origin: `${dir}/master.cf`, firstLine: 1, text: master, detectedBy: 'beside main.cf (--postfix-config)' });
  } catch (err) {
    problems.push({ what: `${dir}/master.cf`, message: `cannot read: ${describeReadError(err)}; Postfix's stock master.cf is assumed` });
  }
  const maps = await readNamedFiles(sections, dir, readFile);
  return { sections: [...sections, ...maps.sections], problems: [...problems, ...maps.problems] };
}

/** The routing tables and list files named by the main.cf-like sections, read once each. */
export async function readNamedFiles(sections: InputSection[], dir: string | undefined, readFile: ReadText): Promise<Read> {
  const out: Read = { sections: [], problems: [] };
  const seen = new Set<string>();
  for (const section of sections.filter((s) => s.kind === 'postfix-main-cf')) {
    const src = { main: readMainCf(section.text, section.origin) };
    const configDir = expandParam('config_directory', src).value.replace(/\/+$/, '');
    for (const param of ROUTING_PARAMETERS) {
      for (const item of splitList(expandParam(param, src).value)) {
        const named = FILE_TABLES.exec(item.replace(/^!/, ''))?.[1] ?? (item.replace(/^!/, '').startsWith('/') ? item.replace(/^!/, '') : undefined);
        if (named === undefined || seen.has(named) || SECRET.test(named)) continue;
        seen.add(named);
        const actual = dir !== undefined && named.startsWith(`${configDir}/`) ? `${dir}/${named.slice(configDir.length + 1)}` : named;
        try {
          const text = normalizeText(await readFile(actual));
          out.sections.push({ kind: 'postfix-map', origin: actual, path: named, firstLine: 1, text, detectedBy: `named by ${param} in ${section.origin}` });
        } catch (err) {
          out.problems.push({ what: actual, message: `cannot read: ${describeReadError(err)} (named by ${param}); lookups in it are unknown` });
        }
      }
    }
  }
  return out;
}

/** What a --postconf file holds: -P lines, -M (master.cf) entries, or parameters (-n, all). */
export function detectPostfixKindFor(text: string): 'postconf-p' | 'postfix-master-cf' | 'postfix-main-cf' {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^\s*#/.test(l) && !/^\s/.test(l));
  const first = lines[0] ?? '';
  if (/^[^\s/]+\/[^\s/]+\/[A-Za-z0-9_.-]+\s*=/.test(first)) return 'postconf-p';
  if (/^\S+\s+(?:inet|unix|unix-dgram|fifo|pass)\s+[-yn]\s/.test(first)) return 'postfix-master-cf';
  return 'postfix-main-cf';
}
