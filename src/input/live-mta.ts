// Clues to which MTA is the host's, read live (argument arrays, read-only): `ss -ltnp` (who
// listens on 25; the process column needs root, without it the answer rests on the rest) and
// `readlink -f /usr/sbin/sendmail`. Neither failing is a problem worth saying: they are hints.
import type { RunCommand, RunOptions } from './run-command.js';

export const SS_LISTENERS = ['ss', '-ltnp'] as const;
export const READLINK_SENDMAIL = ['readlink', '-f', '/usr/sbin/sendmail'] as const;

export interface MtaHints {
  listeners?: string;
  sendmail?: string;
}

export async function collectMtaHints(run: RunCommand, options: RunOptions = {}): Promise<MtaHints> {
  const [ss, link] = [await run(SS_LISTENERS, options), await run(READLINK_SENDMAIL, options)];
  const out: MtaHints = {};
  if (ss.status === 'ok') out.listeners = ss.stdout;
  if (link.status === 'ok') out.sendmail = link.stdout;
  return out;
}
