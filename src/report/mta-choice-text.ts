// Which MTA a live host or a bundle was read as, and why (src/input/which-mta.ts): the
// sentence for the "read as" lines and the JSON's `mta.why`.
import type { MtaChoice } from '../input/which-mta.js';
import { mtaName } from '../analyses/explain/findings/mta-terms.js';

export function describeMtaChoice(choice: MtaChoice): string {
  const name = mtaName(choice.mta);
  const others = choice.installed.filter((m) => m !== choice.mta).map(mtaName);
  const besides = others.length > 0 ? `; ${others.join(' and ')} ${others.length === 1 ? 'is' : 'are'} installed too, but not the active MTA` : '';
  const e = choice.evidence;
  switch (e.code) {
    case 'container':
      return `${name}, in container ${e.container}: it publishes SMTP and answered docker exec … postconf -n${besides.replace('not the active MTA', 'not the one that sends')}`;
    case 'listens':
      return `${name}: ${e.process} listens on port 25 (ss -ltnp)${besides}`;
    case 'sendmail':
      return `${name}: /usr/sbin/sendmail is ${e.path}${besides}`;
    case 'only-installed':
      return `${name}: the only MTA installed`;
    case 'undecided':
      return `${name} assumed: ${choice.installed.map(mtaName).join(' and ')} are installed, and neither who listens on port 25 (ss -ltnp names processes only to root) nor /usr/sbin/sendmail shows which one runs`;
  }
}
