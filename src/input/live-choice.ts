// Which MTA's configuration a live host (or a bundle) is planned with, and whose uid: the
// evidence of which-mta.ts decides; the other MTA's configuration is left out, so the plan and
// the "read as" lines speak of one MTA. A configuration the user supplied (--exim-config,
// --postfix-config, pasted) names the MTA itself: nothing is decided then.
import type { Mta } from '../mail/types.js';
import type { CollectionProblem, InputSection } from './collected.js';
import type { EximCollected, EximIdentity } from './live-exim.js';
import type { MtaHints } from './live-mta.js';
import { mailOwnerOf, type PostfixCollected } from './live-postfix.js';
import { findAccount } from './passwd.js';
import type { SuppliedKinds } from './supplied.js';
import { chooseMta, type MtaChoice } from './which-mta.js';

export interface MailParts {
  exim: EximCollected;
  postfix: PostfixCollected | undefined;
  /** Postfix in the container that publishes SMTP */
  inContainer: PostfixCollected | undefined;
  hints: MtaHints;
  supplied: SuppliedKinds;
  /** the name of the container that publishes SMTP */
  containerName?: string;
}

export interface MailDecided {
  sections: InputSection[];
  problems: CollectionProblem[];
  choice?: MtaChoice;
  identity: EximIdentity;
}

const ACCOUNT_FILES = new Set(['/etc/passwd', '/etc/group']);

export function decideLiveMta(parts: MailParts): MailDecided {
  const { exim, postfix, inContainer, supplied } = parts;
  const eximConfig = exim.sections.filter((s) => s.kind !== 'passwd');
  const accounts = exim.sections.filter((s) => s.kind === 'passwd');
  const accountProblems = exim.problems.filter((p) => ACCOUNT_FILES.has(p.what));
  const installed: Mta[] = [...(exim.installed ? ['exim' as const] : []), ...(postfix?.installed ? ['postfix' as const] : [])];
  // the user named the configuration: that is the MTA (from files, the one given)
  if (supplied.postfixConfig) return { sections: accounts, problems: accountProblems, identity: {} };
  if (supplied.eximConfig) return { sections: [...eximConfig, ...accounts], problems: exim.problems, identity: exim.identity };
  const container = inContainer?.answered ? parts.containerName : undefined;
  const choice = chooseMta({ ...parts.hints, installed, ...(container !== undefined ? { container } : {}) });
  const containerProblems = inContainer && inContainer.installed && !inContainer.answered ? inContainer.problems : [];
  if (!choice) {
    // nothing installed that mailleak reads: as before, Exim's defaults, and Exim's problems said
    return { sections: [...eximConfig, ...accounts], problems: [...exim.problems, ...containerProblems], identity: exim.identity };
  }
  switch (choice.mta) {
    case 'exim':
      return { sections: [...eximConfig, ...accounts], problems: [...exim.problems, ...containerProblems], choice, identity: exim.identity };
    case 'postfix': {
      if (choice.evidence.code === 'container' && inContainer) {
        // its packets are forwarded by this host: they carry no uid here
        return { sections: [...inContainer.sections, ...accounts], problems: [...inContainer.problems, ...accountProblems], choice, identity: {} };
      }
      const sections = postfix?.sections ?? [];
      const problems = [...(postfix?.problems ?? []), ...accountProblems, ...containerProblems];
      if (!postfix?.answered && !postfix?.installed) problems.push({ what: 'postconf', message: "command not found: Postfix's configuration was not read (its defaults are assumed)" });
      const owner = mailOwnerOf(sections);
      const identity = postfixIdentity(owner.user, owner.set, accounts, problems);
      return { sections: [...sections, ...accounts], problems, choice, identity };
    }
  }
}

/** mail_owner's uid and primary gid (smtp(8) runs as them) from /etc/passwd. */
function postfixIdentity(user: string, fromPostconf: boolean, accounts: InputSection[], problems: CollectionProblem[]): EximIdentity {
  const passwd = accounts.find((s) => s.origin.endsWith('/etc/passwd'));
  const found = passwd ? findAccount(user, passwd.text) : undefined;
  if (!found) {
    problems.push({ what: 'postfix user', message: `could not tell the uid of Postfix's mail_owner ${user} (not in /etc/passwd); give --uid` });
    return {};
  }
  const source = fromPostconf ? `postconf -n mail_owner: ${user}` : `Postfix's mail_owner ${user}`;
  const identity: EximIdentity = { uid: found.id, from: `${source} → uid ${found.id}${found.gid !== undefined ? `, gid ${found.gid}` : ''} (/etc/passwd)` };
  if (found.gid !== undefined) identity.gid = found.gid;
  return identity;
}
