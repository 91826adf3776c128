// Live Postfix collection, read-only, argument arrays only: `postconf -n` (the parameters set),
// `postconf -M` (master.cf's services) and `postconf -P` (their -o overrides), then the source
// text of the lookup tables and list files that routing parameters name (postfix-files.ts:
// never smtp_sasl_password_maps or anything else that may hold secrets). On the host, or in
// the container that publishes SMTP (`docker exec ID postconf -n`, files through
// `docker exec ID cat -- PATH`). The collect script (bundle-script.ts) runs the same commands.
import type { CollectionProblem, InputSection } from './collected.js';
import { liveSection } from './live-firewall.js';
import { readNamedFiles } from './postfix-files.js';
import { readMainCf } from '../mail/postfix/main-cf.js';
import { problemFromOutcome, type RunCommand, type RunOptions } from './run-command.js';
import type { ReadTextFile } from './live-exim.js';

export const POSTCONF_COMMANDS = [['postconf', '-n'], ['postconf', '-M'], ['postconf', '-P']] as const;

/** Where Postfix runs: this host, or a container (its id and name). */
export type PostfixPlace = { at: 'host' } | { at: 'container'; engine: 'docker' | 'podman'; id: string; name: string };

export interface PostfixCollected {
  sections: InputSection[];
  /** said only when Postfix turns out to be the MTA (live.ts) */
  problems: CollectionProblem[];
  /** postconf ran and printed the parameters */
  answered: boolean;
  /** postconf exists (it may still have failed) */
  installed: boolean;
}

export const containerExec = (engine: 'docker' | 'podman', id: string, argv: readonly string[]): string[] => [engine, 'exec', id, ...argv];
export const catInContainer = (engine: 'docker' | 'podman', id: string, path: string): string[] => containerExec(engine, id, ['cat', '--', path]);

export async function collectPostfix(run: RunCommand, readFile: ReadTextFile, options: RunOptions = {}, place: PostfixPlace = { at: 'host' }): Promise<PostfixCollected> {
  const out: PostfixCollected = { sections: [], problems: [], answered: false, installed: false };
  const argvOf = (argv: readonly string[]): string[] => (place.at === 'host' ? [...argv] : containerExec(place.engine, place.id, argv));
  const where = place.at === 'host' ? 'collected live' : `collected live from container ${place.name}`;
  const kinds = ['postfix-main-cf', 'postfix-master-cf', 'postconf-p'] as const;
  for (const [i, command] of POSTCONF_COMMANDS.entries()) {
    const argv = argvOf(command);
    const outcome = await run(argv, options);
    // not installed; or a bundle written before Postfix was collected ('error': not in the bundle)
    if (outcome.status === 'not-found' || (outcome.status === 'error' && i === 0)) return out;
    // in a container, `docker exec` exits 126/127 when postconf is not there
    if (place.at === 'container' && outcome.status === 'exit' && (outcome.exitCode === 126 || outcome.exitCode === 127) && i === 0) return out;
    out.installed = true;
    const problem = problemFromOutcome(outcome);
    if (problem) {
      out.problems.push(i === 0 ? { ...problem, message: `${problem.message}: Postfix's parameters were not read` } : problem);
      if (i === 0) return out;
      continue;
    }
    if (outcome.status !== 'ok') continue;
    if (i === 0) out.answered = true;
    out.sections.push(liveSection(kinds[i]!, argv, outcome.stdout, where));
  }
  const read: ReadTextFile = place.at === 'host' ? readFile : async (path) => {
    const outcome = await run(catInContainer(place.engine, place.id, path), options);
    if (outcome.status === 'ok') return outcome.stdout;
    throw new Error(problemFromOutcome(outcome)?.message ?? 'could not be read');
  };
  const maps = await readNamedFiles(out.sections, undefined, read);
  for (const s of maps.sections) {
    const origin = place.at === 'host' ? s.origin : `${place.name}:${s.origin}`;
    out.sections.push({ ...s, origin, detectedBy: `${where}: ${s.detectedBy}` });
  }
  for (const p of maps.problems) out.problems.push(place.at === 'host' ? p : { ...p, what: `${place.name}:${p.what}` });
  return out;
}

/** What `postconf -n` says about mail_owner (Postfix's default `postfix`), for the uid smtp(8) runs as. */
export function mailOwnerOf(sections: readonly InputSection[]): { user: string; set: boolean } {
  const main = sections.find((s) => s.kind === 'postfix-main-cf');
  const owner = main ? readMainCf(main.text, main.origin).params.get('mail_owner')?.value.trim() : undefined;
  return owner ? { user: owner, set: true } : { user: 'postfix', set: false };
}

