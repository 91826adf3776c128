// Live Exim collection, read-only: `exim -bP config` (the parsed configuration with its
// `.include`s inlined, exim.md §4.2, Exim ≥ 4.87), or the file named by `exim -bP configure_file`
// for older versions; the user Exim delivers as, for owner matches. `exim -bt` is never run
// here: router conditions with side effects run even in -bt (exim.md §4.1).
import { InputError } from './errors.js';
import type { CollectionProblem, InputSection } from './collected.js';
import { liveSection, type Collected } from './live-firewall.js';
import { DEFAULT_EXIM_USERS, findAccount, parseEximIdentity } from './passwd.js';
import { describeReadError } from './read.js';
import { formatCommand, problemFromOutcome, type RunCommand, type RunOptions } from './run-command.js';
import { normalizeText } from './text.js';

export type ReadTextFile = (path: string) => Promise<string>;

export interface EximIdentity {
  uid?: number;
  gid?: number;
  from?: string;
}

export interface EximCollected extends Collected {
  identity: EximIdentity;
  /** exim or exim4 answered (which MTA is the host's, live-choice.ts) */
  installed: boolean;
}

/** Reads a file live; a failure is a problem, not an exception. */
export async function readLiveFile(path: string, readFile: ReadTextFile): Promise<{ text?: string; problem?: CollectionProblem }> {
  try {
    return { text: await readFile(path) };
  } catch (err) {
    const message = err instanceof InputError ? err.message.replace(/^.*?: cannot read: /, '') : describeReadError(err);
    return { problem: { what: path, message: `cannot read: ${message}` } };
  }
}

/** `exim` first, then Debian's `exim4`; undefined when neither exists. */
async function findExim(run: RunCommand, options: RunOptions): Promise<{ bin: string; outcome: Awaited<ReturnType<RunCommand>> } | undefined> {
  for (const bin of ['exim', 'exim4']) {
    const outcome = await run([bin, '-bP', 'config'], options);
    if (outcome.status !== 'not-found') return { bin, outcome };
  }
  return undefined;
}

/** Which of exim/exim4 exists when the configuration is not wanted, asked what findIdentity asks. */
async function findEximBinary(run: RunCommand, options: RunOptions): Promise<{ bin: string; outcome: Awaited<ReturnType<RunCommand>> } | undefined> {
  for (const bin of ['exim', 'exim4']) {
    const outcome = await run([bin, '-bP', 'exim_user', 'exim_group'], options);
    if (outcome.status !== 'not-found') return { bin, outcome };
  }
  return undefined;
}

async function readConfigFile(bin: string, run: RunCommand, options: RunOptions, readFile: ReadTextFile, into: Collected): Promise<void> {
  const argv = [bin, '-bP', 'configure_file'];
  const outcome = await run(argv, options);
  const problem = problemFromOutcome(outcome);
  if (problem || outcome.status !== 'ok') {
    if (problem) into.problems.push(problem);
    return;
  }
  // 4.96 prints the bare path; older versions print "configure_file = /etc/exim.conf"
  const path = outcome.stdout.trim().split('\n').pop()?.replace(/^\s*config(?:ure)?_file\s*=\s*/, '').trim() ?? '';
  if (!path.startsWith('/')) {
    into.problems.push({ what: formatCommand(argv), message: `did not name a configuration file: ${JSON.stringify(path)}` });
    return;
  }
  const read = await readLiveFile(path, readFile);
  if (read.problem) into.problems.push(read.problem);
  if (read.text !== undefined) {
    const section: InputSection = { kind: 'exim-config', origin: path, firstLine: 1, text: normalizeText(read.text), detectedBy: `collected live: the file named by ${formatCommand(argv)}`, command: formatCommand(argv) };
    into.sections.push(section);
  }
}

/** uid and gid of Exim's user: `exim -bP exim_user exim_group`, else Debian's or RHEL's default user. */
async function findIdentity(bin: string | undefined, run: RunCommand, options: RunOptions, passwd: string, group: string): Promise<EximIdentity> {
  const named = bin ? await run([bin, '-bP', 'exim_user', 'exim_group'], options) : undefined;
  const said = named?.status === 'ok' ? parseEximIdentity(named.stdout) : {};
  const candidates = said.user ? [said.user] : [...DEFAULT_EXIM_USERS];
  for (const name of candidates) {
    const user = findAccount(name, passwd);
    if (!user) continue;
    const grp = said.group ? findAccount(said.group, group) : undefined;
    const gid = grp?.id ?? user.gid;
    const source = said.user ? `${bin} -bP exim_user: ${name}` : `default Exim user ${name}`;
    const identity: EximIdentity = { uid: user.id, from: `${source} → uid ${user.id}${gid !== undefined ? `, gid ${gid}` : ''} (/etc/passwd)` };
    if (gid !== undefined) identity.gid = gid;
    return identity;
  }
  return {};
}

/** `what.config: false`: the configuration was supplied (--exim-config …); only the Exim user is read. */
export async function collectExim(run: RunCommand, readFile: ReadTextFile, options: RunOptions = {}, what: { config: boolean } = { config: true }): Promise<EximCollected> {
  const into: EximCollected = { sections: [], problems: [], identity: {}, installed: false };
  const found = what.config ? await findExim(run, options) : await findEximBinary(run, options);
  // 'error': the command could not be asked at all (a bundle that did not record it)
  into.installed = found !== undefined && found.outcome.status !== 'error';
  if (!found) into.problems.push({ what: 'exim', message: `command not found (tried exim and exim4): ${what.config ? 'the Exim configuration was not read' : "Exim's user was not asked"}` });
  else if (!what.config) {
    // the configuration was given: nothing more to read from Exim here
  } else if (found.outcome.status === 'ok' && found.outcome.stdout.trim() !== '') {
    into.sections.push(liveSection('exim-bp-config', [found.bin, '-bP', 'config'], found.outcome.stdout, 'collected live'));
  } else {
    const problem = problemFromOutcome(found.outcome);
    into.problems.push(problem ? { what: problem.what, message: `${problem.message}; reading the file named by -bP configure_file instead` } : { what: `${found.bin} -bP config`, message: 'printed nothing; reading the file named by -bP configure_file instead' });
    await readConfigFile(found.bin, run, options, readFile, into);
  }
  const accounts: string[] = [];
  for (const path of ['/etc/passwd', '/etc/group']) {
    const read = await readLiveFile(path, readFile);
    if (read.problem) into.problems.push(read.problem);
    accounts.push(read.text ?? '');
    if (read.text !== undefined) into.sections.push({ kind: 'passwd', origin: path, firstLine: 1, text: normalizeText(read.text), detectedBy: 'collected live (users and groups, for owner matches)' });
  }
  into.identity = await findIdentity(found?.bin, run, options, accounts[0] ?? '', accounts[1] ?? '');
  if (into.identity.uid === undefined) into.problems.push({ what: 'exim user', message: `could not tell Exim's uid (no exim_user from exim -bP, no ${DEFAULT_EXIM_USERS.join(' or ')} in /etc/passwd); give --uid` });
  return into;
}
