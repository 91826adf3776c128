// Live detection of a containerised MTA, read-only, argument arrays only: `docker ps`, then
// `docker inspect` of the container that publishes 25/465/587 (Mailu: its Postfix, behind the front) (only its networks: never its
// environment, which holds secrets), then the options of its networks (the bridge name).
// The collect script (bundle-script.ts) runs the same commands, so bundles detect the same.
import type { CollectionProblem, MtaContainer } from './collected.js';
import { bridgeOf, detectedContainer, mailNetwork, parseBridgeOption, parseContainerNetworks, parseDockerPs, mtaContainerOf } from './docker.js';
import { formatCommand, problemFromOutcome, type RunCommand, type RunOptions } from './run-command.js';

/**
 * One JSON object per container with only what detection reads: `{{json .}}` would print every
 * label, and labels hold secrets (traefik basic-auth hashes, tokens); of the labels only the
 * compose project is asked for. `.Label` and `printf` are docker ps's Go-template functions.
 */
export const DOCKER_PS_TEMPLATE = '{"ID":{{json .ID}},"Names":{{json .Names}},"Image":{{json .Image}},"Ports":{{json .Ports}},"Labels":{{json (printf "com.docker.compose.project=%s" (.Label "com.docker.compose.project"))}}}';
export const DOCKER_PS = ['docker', 'ps', '--no-trunc', '--format', DOCKER_PS_TEMPLATE] as const;
export const inspectNetworks = (id: string): string[] => ['docker', 'inspect', '--format', '{{json .NetworkSettings.Networks}}', id];
export const inspectNetworkOptions = (networkId: string): string[] => ['docker', 'network', 'inspect', '--format', '{{json .Options}}', networkId];

export interface DockerCollected {
  container?: MtaContainer;
  /** the id of that container, for `docker exec ID postconf -n` (live-postfix.ts) */
  id?: string;
  problems: CollectionProblem[];
  /** docker ps could not run or answer (not installed, no daemon, not permitted, not in the
   *  bundle): said only when the ruleset shows Docker or could not be read (live.ts) */
  unanswered?: CollectionProblem;
}

const ID = /^[0-9a-f]{12,64}$/;

export async function collectDocker(run: RunCommand, options: RunOptions = {}): Promise<DockerCollected> {
  const out: DockerCollected = { problems: [] };
  const ps = await run(DOCKER_PS, options);
  if (ps.status === 'not-found') {
    out.unanswered = { what: formatCommand(DOCKER_PS), message: 'command not found: docker (which container runs the MTA cannot be detected; give --mta-container ADDR@BRIDGE)' };
    return out;
  }
  const psProblem = problemFromOutcome(ps);
  if (psProblem || ps.status !== 'ok') {
    if (psProblem) out.unanswered = { ...psProblem, message: `${psProblem.message} (which container runs the MTA cannot be detected; give --mta-container ADDR@BRIDGE)` };
    return out;
  }
  const publisher = mtaContainerOf(parseDockerPs(ps.stdout));
  if (!publisher || !ID.test(publisher.id)) return out;
  const argv = inspectNetworks(publisher.id);
  const inspected = await run(argv, options);
  const problem = problemFromOutcome(inspected);
  if (problem || inspected.status !== 'ok') {
    if (problem) out.problems.push({ ...problem, message: `${problem.message} (container ${publisher.name} publishes SMTP; its address and bridge cannot be read)` });
    return out;
  }
  const { networks } = parseContainerNetworks(inspected.stdout);
  const network = mailNetwork(networks);
  if (!network) {
    if (!networks.some((n) => n.name === 'host')) out.problems.push({ what: formatCommand(argv), message: `container ${publisher.name} publishes SMTP but no bridge network with an address was read` });
    return out;
  }
  let option: string | undefined;
  if (ID.test(network.networkId)) {
    const netArgv = inspectNetworkOptions(network.networkId);
    const net = await run(netArgv, options);
    const netProblem = problemFromOutcome(net);
    if (netProblem) out.problems.push({ ...netProblem, message: `${netProblem.message} (the bridge of network ${network.name} is taken as Docker names it by default)` });
    else if (net.status === 'ok') option = parseBridgeOption(net.stdout);
  }
  const bridge = bridgeOf(network, option);
  if (bridge === undefined) {
    out.problems.push({ what: formatCommand(argv), message: `network ${network.name} of container ${publisher.name} has no id: its bridge is not known` });
    return out;
  }
  out.container = detectedContainer(publisher, network, bridge);
  out.id = publisher.id;
  return out;
}
