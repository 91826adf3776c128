// Which MTA is the host's (issue 16): what listens on port 25 (`ss -ltnp`), what
// /usr/sbin/sendmail resolves to (`readlink -f`), what is installed (exim/exim4, postconf), and
// whether the container that publishes SMTP runs Postfix. Pure: the outputs come in as text;
// the answer is data (MtaChoice), worded in src/report/mta-choice-text.ts.
import type { Mta } from '../mail/types.js';

/** Why the MTA was taken to be this one, strongest evidence first. */
export type MtaEvidence =
  /** the container that publishes SMTP answered `docker exec … postconf -n` */
  | { code: 'container'; container: string }
  /** `ss -ltnp`: this process listens on TCP port 25 */
  | { code: 'listens'; process: string }
  /** /usr/sbin/sendmail resolves to this file (Debian's alternatives, RHEL's /etc/alternatives/mta) */
  | { code: 'sendmail'; path: string }
  /** only this MTA's commands are installed */
  | { code: 'only-installed' }
  /** both are installed and nothing shows which one runs: Exim is assumed, as before Postfix was read */
  | { code: 'undecided' };

export interface MtaChoice {
  mta: Mta;
  evidence: MtaEvidence;
  /** the MTAs whose commands answered on the host (exim/exim4, postconf) */
  installed: Mta[];
}

export interface MtaClues {
  /** `ss -ltnp` stdout, when it ran */
  listeners?: string;
  /** `readlink -f /usr/sbin/sendmail` stdout, when it ran */
  sendmail?: string;
  installed: Mta[];
  /** the SMTP-publishing container whose Postfix answered */
  container?: string;
}

/** The process names that listen on TCP port 25, from `ss -ltnp` (`users:(("master",pid=…))`). */
export function listenersOn25(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== 'LISTEN' || !/:25$/.test(fields[3] ?? '')) continue;
    for (const m of line.matchAll(/\(\("([^"]+)"/g)) out.push(m[1]!);
    for (const m of line.matchAll(/\),\("([^"]+)"/g)) out.push(m[1]!);
  }
  return [...new Set(out)];
}

/** Postfix's master(8) owns its listening sockets (smtpd(8) children share them); Exim's daemon is exim or exim4. */
function mtaOfProcess(name: string): Mta | 'container' | undefined {
  if (name === 'master' || name === 'smtpd') return 'postfix';
  if (/^exim4?$/.test(name)) return 'exim';
  if (name === 'docker-proxy') return 'container';
  return undefined;
}

/** /usr/sbin/sendmail → /usr/sbin/exim4 (Debian), /usr/sbin/sendmail.postfix (RHEL alternatives). */
function mtaOfSendmail(path: string): Mta | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/exim/.test(base)) return 'exim';
  if (/postfix/.test(base)) return 'postfix';
  return undefined;
}

export function chooseMta(clues: MtaClues): MtaChoice | undefined {
  const installed = clues.installed;
  if (clues.container !== undefined) return { mta: 'postfix', evidence: { code: 'container', container: clues.container }, installed };
  const listening = listenersOn25(clues.listeners ?? '').map((process) => ({ process, mta: mtaOfProcess(process) }));
  const mtas = [...new Set(listening.map((l) => l.mta).filter((m): m is Mta => m === 'exim' || m === 'postfix'))];
  if (mtas.length === 1) return { mta: mtas[0]!, evidence: { code: 'listens', process: listening.find((l) => l.mta === mtas[0])!.process }, installed };
  const path = (clues.sendmail ?? '').trim().split('\n').pop()?.trim() ?? '';
  const bySendmail = path.startsWith('/') ? mtaOfSendmail(path) : undefined;
  if (bySendmail !== undefined) return { mta: bySendmail, evidence: { code: 'sendmail', path }, installed };
  if (installed.length === 1) return { mta: installed[0]!, evidence: { code: 'only-installed' }, installed };
  if (installed.length > 1) return { mta: 'exim', evidence: { code: 'undecided' }, installed };
  return undefined;
}
