// Entry point of acquisition for `explain`/`check`: decides how the inputs are obtained and
// returns them as CollectedInputs. Three ways (issue 4), combined as users combine them (issue 13):
//   files:  any input flag (--iptables, --exim-bt, …); `-` reads stdin
//   live:   no input at all and stdin is a terminal, or `live: true`; a kind of input the user
//           supplied (--iptables, --exim-config, a pasted listing) replaces that kind of live
//           collection, the rest is still collected live
//   pasted: stdin is a pipe or a file: one paste split into sections, read whenever no flag names
//           `-`, also next to flags (never dropped silently; an idle pipe is left after a grace)
// Pasted sections keep the original lines: a parser's line N is line N + firstLine - 1 of stdin.
// The reading itself (files, stdin, commands, the host name) comes in as AcquireIo: node/acquire.ts
// supplies Node's, tests their fakes.
import { InputError } from './errors.js';
import { acquireBundleOption, acquireFromBundle } from './bundle-acquire.js';
import { looksLikeBundle } from './bundle-format.js';
import { parseIp } from '../firewall/address.js';
import { checkDnsServer } from '../mail/dns/server-address.js';
import type { Family } from '../firewall/model.js';
import type { CollectedInputs, CollectionProblem, InputSection } from './collected.js';
import { listDeclared, readDeclaredFiles, type FileFlags } from './files.js';
import type { ReadTextFile } from './live-exim.js';
import { collectLive, type SuppliedKinds } from './live.js';
import { DEFAULT_EXIM_USERS, findAccount } from './passwd.js';
import type { RunCommand } from './run-command.js';
import { readStdinBesideOthers, STDIN_GRACE_MS, type ReadStdin } from './stdin.js';
import { suppliedKinds } from './supplied.js';
import { splitPaste } from './split-paste.js';
import { parseMtaContainerOptions } from './mta-container.js';

export interface AcquireOptions extends FileFlags {
  dnsServer?: string;
  offline?: boolean;
  /** the MTA's uid/gid: a number, or a name looked up in the passwd text we have */
  uid?: number | string;
  gid?: number | string;
  oif?: string;
  src?: string;
  /** --mta-container ADDR@IFACE, one per family */
  mtaContainer?: string[];
  /** family of pasted firewall text that does not show it */
  family?: Family;
  stdinIsTTY: boolean;
  /** a bundle written by `mailleak collect --script` (`-` = stdin) */
  bundle?: string;
  /** what text on stdin is called in the report (default "stdin"; the web page names its paste area) */
  pasteOrigin?: string;
  /** collect live even though stdin is a pipe */
  live?: boolean;
  /** stdin is /dev/null: nothing can be piped, and an empty stdin is not worth a word */
  stdinIsNull?: boolean;
  /** how long an idle stdin is waited for when other inputs were given (default STDIN_GRACE_MS) */
  stdinGraceMs?: number;
  /** injectable for tests; with graceMs, resolves undefined when nothing arrived within it */
  run?: RunCommand;
  readFile?: ReadTextFile;
  readStdin?: ReadStdin;
  platform?: NodeJS.Platform;
  /** per-command timeout for live collection (default 15 s) */
  timeoutMs?: number;
}

/** How acquisition reads: files, stdin, commands, and this machine's facts. */
export interface AcquireIo {
  run: RunCommand;
  readFile: ReadTextFile;
  readStdin: ReadStdin;
  platform: NodeJS.Platform;
  /** this machine's host name (Exim's `@` when collecting live) */
  hostname?: () => string;
}

type Acquired = Pick<CollectedInputs, 'sections' | 'problems' | 'mode' | 'mtaContainer' | 'mta' | 'mtaHostNetwork'> & { uid?: number; gid?: number; identityFrom?: string; hostname?: string };

async function acquirePasted(options: AcquireOptions, readText: () => Promise<string>): Promise<Acquired> {
  const text = await readText();
  if (text.trim() === '') {
    return { mode: 'pasted', sections: [], problems: [{ what: 'stdin', message: 'nothing was pasted (stdin is empty); paste the outputs, name files (--iptables …), or collect from this machine (--live)' }] };
  }
  // a bundle is recognised by its header line before the paste splitter sees it
  const origin = options.pasteOrigin ?? 'stdin';
  if (looksLikeBundle(text)) return acquireFromBundle(text, origin, (options.mtaContainer ?? []).length > 0 ? { routes: true } : {});
  const split = splitPaste(text, options.family === undefined ? { origin } : { origin, family: options.family });
  return { mode: 'pasted', ...split };
}

async function acquireLive(options: AcquireOptions, io: AcquireIo, supplied: SuppliedKinds = {}): Promise<Acquired> {
  const live = await collectLive({
    run: io.run,
    readFile: io.readFile,
    platform: io.platform,
    supplied,
    ...((options.mtaContainer ?? []).length > 0 ? { routes: true } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const acquired: Acquired = { mode: 'live', ...live };
  if (io.hostname) acquired.hostname = io.hostname();
  return acquired;
}

/**
 * Flags and a paste next to each other (and live collection for what they do not supply): the
 * supplied sections come first, so a chain given both ways is taken from what the user gave.
 */
async function acquireCombined(options: AcquireOptions, piped: string | undefined, io: AcquireIo, readText: () => Promise<string>): Promise<Acquired> {
  const files = listDeclared(options).length > 0 ? await readDeclaredFiles(options, io.readFile, readText) : { sections: [], problems: [] };
  const origin = options.pasteOrigin ?? 'stdin';
  const pasted = piped !== undefined && piped.trim() !== '' ? splitPaste(piped, options.family === undefined ? { origin } : { origin, family: options.family }) : { sections: [], problems: [] };
  const given = [...files.sections, ...pasted.sections];
  const problems = [...files.problems, ...pasted.problems];
  if (!options.live) return { mode: listDeclared(options).length > 0 ? 'files' : 'pasted', sections: given, problems };
  const live = await acquireLive(options, io, suppliedKinds(given));
  return { ...live, sections: [...given, ...live.sections], problems: [...problems, ...live.problems] };
}

/** The Exim user from passwd text the user gave us (pasted or --files), when it is there (not for Postfix). */
function identityFromSections(sections: InputSection[]): { uid?: number; gid?: number; identityFrom?: string } {
  // a Postfix configuration: the planner looks up its mail_owner in the same passwd text
  if (sections.some((s) => s.kind === 'postfix-main-cf' || s.kind === 'postfix-master-cf' || s.kind === 'postconf-p')) return {};
  for (const section of sections) {
    if (section.kind !== 'passwd') continue;
    for (const name of DEFAULT_EXIM_USERS) {
      const user = findAccount(name, section.text);
      if (!user) continue;
      const out: { uid?: number; gid?: number; identityFrom?: string } = { uid: user.id, identityFrom: `default Exim user ${name} → uid ${user.id} (${section.origin} line ${section.firstLine})` };
      if (user.gid !== undefined) out.gid = user.gid;
      return out;
    }
  }
  return {};
}

/** --uid/--gid: numbers as they are, names looked up in the passwd/group text we have. */
async function resolveIdentityOption(flag: '--uid' | '--gid', value: number | string, sections: InputSection[], readFile: ReadTextFile): Promise<number> {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[A-Za-z_][\w.-]*\$?$/.test(text)) throw new InputError(`${flag}: not a number or a user name: ${JSON.stringify(text)}`);
  const texts = sections.filter((s) => s.kind === 'passwd').map((s) => s.text);
  for (const path of flag === '--uid' ? ['/etc/passwd'] : ['/etc/group']) texts.push(await readFile(path).catch(() => ''));
  for (const passwd of texts) {
    const found = findAccount(text, passwd);
    if (found) return found.id;
  }
  throw new InputError(`${flag}: no ${flag === '--uid' ? 'user' : 'group'} named ${text} (give the number instead)`);
}

/** Acquisition with the reading given (node/acquire.ts's acquireInputs gives Node's). */
export async function acquireWith(options: AcquireOptions, io: AcquireIo): Promise<CollectedInputs> {
  const readFile = io.readFile;
  const readPiped = io.readStdin;
  const readText = async (): Promise<string> => (await readPiped()) ?? '';
  if (options.src !== undefined && !parseIp(options.src)) throw new InputError(`--src: not an IP address: ${JSON.stringify(options.src)}`);
  if (options.oif !== undefined && !/^[\w.:@+-]{1,15}$/.test(options.oif)) throw new InputError(`--oif: not an interface name: ${JSON.stringify(options.oif)}`);
  const container = parseMtaContainerOptions(options.mtaContainer ?? []);
  // checked here, before any input is read, so a bad value is a usage error (exit 2), not an internal one
  const badServer = options.dnsServer === undefined ? undefined : checkDnsServer(options.dnsServer);
  if (badServer !== undefined) throw new InputError(`--dns-server: ${badServer}`);
  const declared = listDeclared(options);
  const others = declared.length > 0 || options.bundle !== undefined || options.live === true;
  const stdinNamed = declared.some((d) => d.path === '-') || options.bundle === '-';

  let acquired: Acquired;
  let stdinProblems: CollectionProblem[] = [];
  if (!others && options.stdinIsTTY) acquired = await acquireLive(options, io);
  else if (!others) acquired = await acquirePasted(options, readText);
  else {
    // stdin beside other inputs: read it unless a flag names it or it is a terminal
    // (/dev/null holds nothing and is not worth a word)
    const piped = stdinNamed || options.stdinIsTTY || options.stdinIsNull ? { problems: [] } : await readStdinBesideOthers(readPiped, options.stdinGraceMs ?? STDIN_GRACE_MS);
    stdinProblems = piped.problems;
    // a bundle piped next to --dns (or --bundle -) is read as --bundle -, which says what it cannot be combined with
    if (piped.text !== undefined && looksLikeBundle(piped.text)) {
      if (options.bundle !== undefined && options.bundle !== '-') throw new InputError(`--bundle ${options.bundle} and a bundle on stdin: give one bundle at a time`);
      const text = piped.text;
      acquired = await acquireBundleOption({ ...options, bundle: '-' }, readFile, async () => text);
    } else if (options.bundle !== undefined) {
      if (piped.text !== undefined && piped.text.trim() !== '') throw new InputError('--bundle cannot be combined with text on stdin: the bundle holds the inputs (only --dns may be added)');
      acquired = await acquireBundleOption(options, readFile, readText);
    } else acquired = await acquireCombined(options, piped.text, io, readText);
  }

  const problems: CollectionProblem[] = [...acquired.problems, ...stdinProblems];
  const result: CollectedInputs = { sections: acquired.sections, problems, mode: acquired.mode };
  if (acquired.hostname !== undefined) result.hostname = acquired.hostname;
  if (acquired.mta !== undefined) result.mta = acquired.mta;
  const found = acquired.mode === 'live' || acquired.mode === 'bundle' ? acquired : identityFromSections(acquired.sections);
  if (options.uid === undefined && options.gid === undefined) {
    if (found.uid !== undefined) result.uid = found.uid;
    if (found.gid !== undefined) result.gid = found.gid;
    if (found.identityFrom !== undefined) result.identityFrom = found.identityFrom;
    if (found.uid !== undefined) result.uidSource = 'inputs';
  } else {
    // a user who names the uid means it: do not mix it with a guessed group
    if (options.uid !== undefined) result.uid = await resolveIdentityOption('--uid', options.uid, acquired.sections, readFile);
    if (options.gid !== undefined) result.gid = await resolveIdentityOption('--gid', options.gid, acquired.sections, readFile);
    result.identityFrom = [options.uid !== undefined ? '--uid' : '', options.gid !== undefined ? '--gid' : ''].filter(Boolean).join(', ');
    if (options.uid !== undefined) result.uidSource = 'option';
  }
  if (options.oif !== undefined) result.oif = options.oif;
  if (options.src !== undefined) result.src = options.src;
  // an explicit --mta-container wins over the container detected live or in a bundle
  if (container) result.mtaContainer = container;
  else if (acquired.mtaContainer) result.mtaContainer = acquired.mtaContainer;
  else if (acquired.mtaHostNetwork) result.mtaHostNetwork = acquired.mtaHostNetwork;
  if (options.dnsServer !== undefined) result.dnsServer = options.dnsServer;
  if (options.offline !== undefined) result.offline = options.offline;
  return result;
}
