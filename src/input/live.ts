// Live collection on the machine itself, read-only, with argument arrays only (run-command.ts).
// Whatever cannot be read (not root, a missing command, not Linux) is recorded exactly as a
// CollectionProblem, and collection goes on with what can be read.
import type { CollectionProblem, HostNetworkMta, InputSection, MtaContainer } from './collected.js';
import { collectDocker, collectPodman } from './live-docker.js';
import { collectExim, type ReadTextFile } from './live-exim.js';
import { collectFirewall } from './live-firewall.js';
import { collectMtaHints } from './live-mta.js';
import { collectPostfix, type PostfixCollected } from './live-postfix.js';
import { decideLiveMta } from './live-choice.js';
import type { RunCommand, RunOptions } from './run-command.js';
import type { SuppliedKinds } from './supplied.js';
import type { MtaChoice } from './which-mta.js';
import { collectRoutes } from './route.js';

export { routeTo, type RouteAnswer } from './route.js';

export interface LiveOptions extends RunOptions {
  run: RunCommand;
  readFile: ReadTextFile;
  /** process.platform, injectable for tests */
  platform: NodeJS.Platform;
  /** what the user supplied already (flags, stdin): that kind is not collected live (issue 13) */
  supplied?: SuppliedKinds;
  /** the MTA is said to run in a container (--mta-container): read the routes whatever the ruleset shows */
  routes?: boolean;
}

export type { SuppliedKinds };

export interface LiveCollected {
  sections: InputSection[];
  problems: CollectionProblem[];
  uid?: number;
  gid?: number;
  identityFrom?: string;
  /** the container that publishes SMTP (docker ps / docker inspect) */
  mtaContainer?: MtaContainer;
  /** which MTA is the host's, and why (issue 16) */
  mta?: MtaChoice;
  /** the MTA's container uses the host's network (Postal) */
  mtaHostNetwork?: HostNetworkMta;
}

/** Docker's chains in a ruleset: then a missing docker command is worth saying. */
const DOCKER_CHAIN = /(?:^|[\s:])DOCKER(?:-USER|-FORWARD|-ISOLATION-STAGE-1)?(?:\s|$)/m;

export async function collectLive(options: LiveOptions): Promise<LiveCollected> {
  const runOptions: RunOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const linux = options.platform === 'linux';
  const supplied = options.supplied ?? {};
  const [v4, v6, exim] = await Promise.all([
    linux && !supplied.iptables ? collectFirewall(4, options.run, runOptions) : undefined,
    linux && !supplied.ip6tables ? collectFirewall(6, options.run, runOptions) : undefined,
    collectExim(options.run, options.readFile, runOptions, { config: !supplied.eximConfig }),
  ]);
  // after the rest, so the firewall and Exim commands keep their order
  // a configuration the user gave names the MTA: Postfix is then not asked (live-choice.ts)
  const given = supplied.postfixConfig === true || supplied.eximConfig === true;
  const postfix: PostfixCollected | undefined = given ? undefined : await collectPostfix(options.run, options.readFile, runOptions);
  const dockerAnswer = linux ? await collectDocker(options.run, runOptions) : undefined;
  // Podman's rootful bridge networks forward the same way; asked when docker found no MTA
  const podman = linux && !dockerAnswer?.container && !dockerAnswer?.hostNetwork ? await collectPodman(options.run, runOptions) : undefined;
  const docker = podman?.container || podman?.hostNetwork ? { ...podman, problems: [...(dockerAnswer?.problems ?? []), ...podman.problems] } : dockerAnswer && podman ? { ...dockerAnswer, problems: [...dockerAnswer.problems, ...podman.problems] } : dockerAnswer;
  // the container that publishes SMTP usually runs Postfix (mailcow, docker-mailserver, Mailu)
  const inContainer = docker?.container && docker.id !== undefined && !given
    ? await collectPostfix(options.run, options.readFile, runOptions, { at: 'container', engine: docker.container.engine ?? 'docker', id: docker.id, name: docker.container.name ?? docker.id.slice(0, 12) })
    : undefined;
  const hints = linux ? await collectMtaHints(options.run, runOptions) : {};
  const out: LiveCollected = { sections: [], problems: [] };
  if (!linux && !(supplied.iptables && supplied.ip6tables)) out.problems.push({ what: 'iptables, ip6tables', message: `not a Linux machine (platform ${options.platform}): the firewall cannot be read here; run mailleak on the mail server or paste its iptables output` });
  for (const part of [v4, v6]) {
    if (!part) continue;
    out.sections.push(...part.sections);
    out.problems.push(...part.problems);
  }
  const mail = decideLiveMta({ exim, postfix, inContainer, hints, supplied, ...(docker?.container?.name !== undefined ? { containerName: docker.container.name } : docker?.id !== undefined ? { containerName: docker.id.slice(0, 12) } : {}) });
  out.sections.push(...mail.sections);
  out.problems.push(...mail.problems);
  if (mail.choice) out.mta = mail.choice;
  if (docker?.container) out.mtaContainer = docker.container;
  if (docker?.hostNetwork) out.mtaHostNetwork = docker.hostNetwork;
  if (docker) out.problems.push(...docker.problems);
  const firewalls = out.sections.filter((s) => s.kind.startsWith('iptables'));
  const dockerHost = firewalls.some((s) => DOCKER_CHAIN.test(s.text));
  if (docker?.unanswered && ((firewalls.length === 0 && !supplied.iptables && !supplied.ip6tables) || dockerHost)) out.problems.push(docker.unanswered);
  // where containers send, the routes give their packets' out-interface (Docker's `! -o docker0`)
  if (linux && (options.routes === true || docker?.container !== undefined || dockerHost)) out.sections.push(...(await collectRoutes(options.run, runOptions)));
  if (mail.identity.uid !== undefined) out.uid = mail.identity.uid;
  if (mail.identity.gid !== undefined) out.gid = mail.identity.gid;
  if (mail.identity.from !== undefined) out.identityFrom = mail.identity.from;
  return out;
}
