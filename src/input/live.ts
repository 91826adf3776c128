// Live collection on the machine itself, read-only, with argument arrays only (run-command.ts).
// Whatever cannot be read (not root, a missing command, not Linux) is recorded exactly as a
// CollectionProblem, and collection goes on with what can be read.
import type { CollectionProblem, HostNetworkMta, InputSection, MtaContainer } from './collected.js';
import { collectDocker, collectPodman } from './live-docker.js';
import { collectExim, type ReadTextFile } from './live-exim.js';
import { collectFirewall } from './live-firewall.js';
import type { RunCommand, RunOptions } from './run-command.js';
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

/** Kinds of input that replace their live collection: a firewall family, the Exim configuration. */
export interface SuppliedKinds {
  iptables?: boolean;
  ip6tables?: boolean;
  eximConfig?: boolean;
}

export interface LiveCollected {
  sections: InputSection[];
  problems: CollectionProblem[];
  uid?: number;
  gid?: number;
  identityFrom?: string;
  /** the container that publishes SMTP (docker ps / docker inspect) */
  mtaContainer?: MtaContainer;
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
  const dockerAnswer = linux ? await collectDocker(options.run, runOptions) : undefined;
  // Podman's rootful bridge networks forward the same way; asked when docker found no MTA
  const podman = linux && !dockerAnswer?.container && !dockerAnswer?.hostNetwork ? await collectPodman(options.run, runOptions) : undefined;
  const docker = podman?.container || podman?.hostNetwork ? { ...podman, problems: [...(dockerAnswer?.problems ?? []), ...podman.problems] } : dockerAnswer && podman ? { ...dockerAnswer, problems: [...dockerAnswer.problems, ...podman.problems] } : dockerAnswer;
  const out: LiveCollected = { sections: [], problems: [] };
  if (!linux && !(supplied.iptables && supplied.ip6tables)) out.problems.push({ what: 'iptables, ip6tables', message: `not a Linux machine (platform ${options.platform}): the firewall cannot be read here; run mailleak on the mail server or paste its iptables output` });
  for (const part of [v4, v6, exim]) {
    if (!part) continue;
    for (const s of part.sections) out.sections.push(s);
    for (const p of part.problems) out.problems.push(p);
  }
  if (docker?.container) out.mtaContainer = docker.container;
  if (docker?.hostNetwork) out.mtaHostNetwork = docker.hostNetwork;
  if (docker) out.problems.push(...docker.problems);
  const firewalls = out.sections.filter((s) => s.kind.startsWith('iptables'));
  const dockerHost = firewalls.some((s) => DOCKER_CHAIN.test(s.text));
  if (docker?.unanswered && ((firewalls.length === 0 && !supplied.iptables && !supplied.ip6tables) || dockerHost)) out.problems.push(docker.unanswered);
  // where containers send, the routes give their packets' out-interface (Docker's `! -o docker0`)
  if (linux && (options.routes === true || docker?.container !== undefined || dockerHost)) out.sections.push(...(await collectRoutes(options.run, runOptions)));
  if (exim.identity.uid !== undefined) out.uid = exim.identity.uid;
  if (exim.identity.gid !== undefined) out.gid = exim.identity.gid;
  if (exim.identity.from !== undefined) out.identityFrom = exim.identity.from;
  return out;
}
