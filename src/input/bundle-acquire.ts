// A bundle → CollectedInputs, by replaying it through live collection (src/input/live.ts): the
// recorded commands and files answer the questions live mode asks, so a bundle gives the same
// sections, problems and Exim user as `mailleak explain` run live on that host. Nothing in the
// bundle is executed; what the bundle lacks becomes a problem that names the command.
import { InputError } from './errors.js';
import type { CollectedInputs } from './collected.js';
import type { ReadTextFile } from './live-exim.js';
import { listDeclared, readDeclaredFiles, type FileFlags } from './files.js';
import { collectLive } from './live.js';
import { NFT_JSON_ARGV, NFT_TEXT_ARGV } from './live-nft.js';
import type { CommandOutcome, RunCommand } from './run-command.js';
import { looksLikeBundle, unwrapAnsible, type BundleHeader, type BundleRecord } from './bundle-format.js';
import { parseBundle, type ParsedBundle } from './bundle-read.js';

/**
 * Linux signal numbers (signal(7)), named as Node's os.constants.signals names them on Linux
 * (the later alias wins: SIGIOT for 6, SIGPOLL for 29). A table, so bundles read the same in
 * a browser; bundles come from Linux servers.
 */
const SIGNAL_NAMES = new Map<number, string>(Object.entries({
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGIOT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1',
  11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM', 16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP', 20: 'SIGTSTP',
  21: 'SIGTTIN', 22: 'SIGTTOU', 23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ', 26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGPOLL', 30: 'SIGPWR', 31: 'SIGSYS',
}).map(([number, name]) => [Number(number), name]));

/** The script's per-command limit (`timeout 15`), for the "no answer after …" message. */
const SCRIPT_TIMEOUT_MS = 15_000;

export type BundleAcquired = Pick<CollectedInputs, 'sections' | 'problems' | 'mode' | 'uid' | 'gid' | 'identityFrom' | 'hostname' | 'mtaContainer' | 'mta' | 'mtaHostNetwork'> & { header?: BundleHeader };

function indexRecords(bundle: ParsedBundle, type: BundleRecord['type']): Map<string, BundleRecord> {
  const map = new Map<string, BundleRecord>();
  for (const r of bundle.records) if (r.type === type && !map.has(r.name)) map.set(r.name, r);
  return map;
}

function missing(bundle: ParsedBundle): string {
  return bundle.complete ? 'not in the bundle (the collection script did not run it)' : 'not in the bundle, which was cut off (truncated)';
}

/** What a recorded command said, as run-command.ts would have reported it live. */
export function outcomeOf(argv: readonly string[], record: BundleRecord | undefined, bundle: ParsedBundle): CommandOutcome {
  if (!record) return { status: 'error', argv, message: missing(bundle) };
  const captured = { argv, stdout: record.stdout, stderr: record.stderr };
  if (record.exit === undefined) return { status: 'error', argv, message: 'its output is cut off in the bundle (truncated); not used' };
  switch (record.word) {
    case 'not-found':
      return { status: 'not-found', argv };
    case 'denied':
      return { status: 'denied', argv };
    case 'timeout':
      return { ...captured, status: 'timeout', timeoutMs: SCRIPT_TIMEOUT_MS };
    case 'missing':
    case 'directory':
    case undefined: {
      // the shell reports death by signal N as status 128 + N
      const signal = record.type === 'cmd' && record.exit > 128 ? SIGNAL_NAMES.get(record.exit - 128) : undefined;
      if (signal !== undefined) return { ...captured, status: 'killed', signal };
      return record.exit === 0 ? { ...captured, status: 'ok' } : { ...captured, status: 'exit', exitCode: record.exit };
    }
  }
}

/** A file read error with the errno code live reading would have had (describeReadError). */
function fileError(record: BundleRecord | undefined, bundle: ParsedBundle): Error {
  if (!record) return new Error(missing(bundle));
  if (record.exit === undefined) return new Error('cut off in the bundle (truncated)');
  const code = record.word === 'missing' ? 'ENOENT' : record.word === 'directory' ? 'EISDIR' : record.word === 'denied' || /permission denied/i.test(record.stderr) ? 'EACCES' : undefined;
  const error: NodeJS.ErrnoException = new Error(record.stderr.split('\n')[0] || `cat exited with status ${record.exit}`);
  if (code !== undefined) error.code = code;
  return error;
}

export function replayRun(bundle: ParsedBundle): RunCommand {
  const commands = indexRecords(bundle, 'cmd');
  return async (argv) => outcomeOf(argv, commands.get(argv.join(' ')), bundle);
}

export function replayReadFile(bundle: ParsedBundle): ReadTextFile {
  const files = indexRecords(bundle, 'file');
  return async (path) => {
    const record = files.get(path);
    if (record?.exit === 0) return record.stdout;
    throw fileError(record, bundle);
  };
}

/** The platform the bundle was written on (`uname -s`), in process.platform's words. */
function platformOf(header: BundleHeader): NodeJS.Platform {
  const system = (header.fields.system ?? '').trim().toLowerCase();
  return (system === '' ? 'linux' : system) as NodeJS.Platform;
}

/**
 * Reads a bundle's text into inputs; `origin` is "stdin" or the file. Never throws. `routes`: the
 * MTA is said to run in a container (--mta-container), so the bundle's `ip route` is read even
 * from a host whose rulesets show no Docker chains (as live mode does).
 */
export async function acquireFromBundle(text: string, origin: string, options: { routes?: boolean } = {}): Promise<BundleAcquired> {
  const bundle = parseBundle(text, origin);
  if (!bundle.header) return { mode: 'bundle', sections: [], problems: bundle.problems };
  // a bundle from before the script listed nft rulesets holds neither form
  const nftRecorded = bundle.records.some((r) => r.type === 'cmd' && (r.name === NFT_JSON_ARGV.join(' ') || r.name === NFT_TEXT_ARGV.join(' ')));
  const live = await collectLive({ run: replayRun(bundle), readFile: replayReadFile(bundle), platform: platformOf(bundle.header), nftRecorded, ...(options.routes ? { routes: true } : {}) });
  const host = bundle.header.fields.hostname?.trim() || origin;
  const sections = live.sections.map((s) => ({ ...s, detectedBy: s.detectedBy.replace(/^collected live/, `collected on ${host} (bundle ${origin})`) }));
  const out: BundleAcquired = { mode: 'bundle', sections, problems: [...bundle.problems, ...live.problems], header: bundle.header };
  // Exim's `@` on that server: the header's `hostname` is what `hostname` printed there
  const named = bundle.header.fields.hostname?.trim();
  if (named) out.hostname = named;
  if (live.uid !== undefined) out.uid = live.uid;
  if (live.gid !== undefined) out.gid = live.gid;
  if (live.identityFrom !== undefined) out.identityFrom = live.identityFrom;
  if (live.mtaContainer !== undefined) out.mtaContainer = live.mtaContainer;
  if (live.mta !== undefined) out.mta = live.mta;
  if (live.mtaHostNetwork !== undefined) out.mtaHostNetwork = live.mtaHostNetwork;
  return out;
}

/**
 * `--bundle FILE` (`-` = stdin): the file must be a bundle; anything else is a usage error.
 * DNS files (--dns) may come with it (the bundle holds no DNS answers); other inputs may not.
 */
export async function acquireBundleOption(options: FileFlags & { bundle?: string; live?: boolean; mtaContainer?: string[] }, readFile: ReadTextFile, readStdin: () => Promise<string>): Promise<BundleAcquired> {
  const path = options.bundle ?? '-';
  const others = listDeclared({ ...options, dns: [] });
  if (others.length > 0 || options.live) throw new InputError(`--bundle cannot be combined with ${others[0]?.flag ?? '--live'}: the bundle holds the inputs (only --dns may be added)`);
  const dnsFiles = options.dns ?? [];
  if (path === '-' && dnsFiles.includes('-')) throw new InputError('only one input can be read from stdin (\'-\'), but --bundle and --dns both name it');
  // an Ansible --tree file holds the bundle as its "stdout"
  const text = unwrapAnsible(path === '-' ? await readStdin() : await readFile(path));
  const origin = path === '-' ? 'stdin' : path;
  if (!looksLikeBundle(text)) throw new InputError(`${origin}: not a mailleak bundle (the first line must be '# mailleak-bundle v1 …', as \`mailleak collect --script\` writes it)`);
  const acquired = await acquireFromBundle(text, origin, (options.mtaContainer ?? []).length > 0 ? { routes: true } : {});
  if (dnsFiles.length > 0) {
    const dns = await readDeclaredFiles({ dns: dnsFiles }, readFile, readStdin);
    acquired.sections.push(...dns.sections);
    acquired.problems.push(...dns.problems);
  }
  return acquired;
}
