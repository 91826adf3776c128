// Live detection of a containerised MTA, read-only, argument arrays only: `docker ps` (or
// `podman ps`), then `docker inspect` of the container that publishes 25/465/587 (Mailu: its
// Postfix, behind the front) (only its networks: never its environment, which holds secrets),
// then the bridge of each network it could send by (docker: the network's options; podman: its
// network_interface). The collect script (bundle-script.ts) runs the same commands, so bundles
// detect the same.
import type { CollectionProblem, ContainerAttachment, HostNetworkMta, MtaContainer } from './collected.js';
import { bridgeOf, detectedContainer, mailNetworks, parseBridgeOption, parseContainerNetworks, parseDockerPs, mtaContainerOf, type ContainerNetwork } from './docker.js';
import { formatCommand, problemFromOutcome, type RunCommand, type RunOptions } from './run-command.js';

/**
 * One JSON object per container with only what detection reads: `{{json .}}` would print every
 * label, and labels hold secrets (traefik basic-auth hashes, tokens); of the labels only the
 * compose project is asked for. `.Label` and `printf` are docker ps's Go-template functions
 * (podman ps has the same placeholders and functions, podman-ps(1)).
 */
export const DOCKER_PS_TEMPLATE = '{"ID":{{json .ID}},"Names":{{json .Names}},"Image":{{json .Image}},"Ports":{{json .Ports}},"Labels":{{json (printf "com.docker.compose.project=%s" (.Label "com.docker.compose.project"))}}}';
export const DOCKER_PS = ['docker', 'ps', '--no-trunc', '--format', DOCKER_PS_TEMPLATE] as const;
export const PODMAN_PS = ['podman', 'ps', '--no-trunc', '--format', DOCKER_PS_TEMPLATE] as const;
const NETWORKS_TEMPLATE = '{{json .NetworkSettings.Networks}}';
export const inspectNetworks = (id: string, engine: Engine = 'docker'): string[] => [engine, 'inspect', '--format', NETWORKS_TEMPLATE, id];
export const inspectNetworkOptions = (networkId: string): string[] => ['docker', 'network', 'inspect', '--format', '{{json .Options}}', networkId];
/** podman's network: its bridge is `network_interface` (netavark and CNI alike, podman-network-inspect(1)) */
export const inspectPodmanInterface = (name: string): string[] => ['podman', 'network', 'inspect', '--format', '{{.NetworkInterface}}', name];

export type Engine = 'docker' | 'podman';

export interface DockerCollected {
  container?: MtaContainer;
  /** the id of that container, for `docker exec ID postconf -n` (live-postfix.ts) */
  id?: string;
  /** the MTA's container uses the host's network (Postal): it sends through OUTPUT */
  hostNetwork?: HostNetworkMta;
  problems: CollectionProblem[];
  /** docker ps could not run or answer (not installed, no daemon, not permitted, not in the
   *  bundle): said only when the ruleset shows Docker or could not be read (live.ts) */
  unanswered?: CollectionProblem;
}

const ID = /^[0-9a-f]{12,64}$/;
/** podman's network names (libnetwork/util: [a-zA-Z0-9][a-zA-Z0-9_.-]*); never an option */
const PODMAN_NETWORK = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const INTERFACE = /^[^\s/@:]{1,15}$/;

export async function collectDocker(run: RunCommand, options: RunOptions = {}): Promise<DockerCollected> {
  return collectEngine('docker', run, options);
}

/** Podman, where it runs the MTA (rootful, on a bridge network): the same questions as docker. */
export async function collectPodman(run: RunCommand, options: RunOptions = {}): Promise<DockerCollected> {
  return collectEngine('podman', run, options);
}

/**
 * The MTA's container: docker's answer, else podman's when docker found none (rootful podman
 * bridges forward the same way), with the problems of both.
 */
export async function collectContainers(run: RunCommand, options: RunOptions = {}): Promise<DockerCollected> {
  const docker = await collectDocker(run, options);
  if (docker.container || docker.hostNetwork) return docker;
  const podman = await collectPodman(run, options);
  const problems = [...docker.problems, ...podman.problems];
  return podman.container || podman.hostNetwork ? { ...podman, problems } : { ...docker, problems };
}

async function collectEngine(engine: Engine, run: RunCommand, options: RunOptions): Promise<DockerCollected> {
  const out: DockerCollected = { problems: [] };
  const psArgv = engine === 'docker' ? DOCKER_PS : PODMAN_PS;
  const ps = await run(psArgv, options);
  if (ps.status === 'not-found') {
    out.unanswered = { what: formatCommand(psArgv), message: `command not found: ${engine} (which container runs the MTA cannot be detected; give --mta-container ADDR@BRIDGE)` };
    return out;
  }
  const psProblem = problemFromOutcome(ps);
  if (psProblem || ps.status !== 'ok') {
    if (psProblem) out.unanswered = { ...psProblem, message: `${psProblem.message} (which container runs the MTA cannot be detected; give --mta-container ADDR@BRIDGE)` };
    return out;
  }
  const publisher = mtaContainerOf(parseDockerPs(ps.stdout));
  if (!publisher || !ID.test(publisher.id)) return out;
  const argv = inspectNetworks(publisher.id, engine);
  const inspected = await run(argv, options);
  const problem = problemFromOutcome(inspected);
  if (problem || inspected.status !== 'ok') {
    if (problem) out.problems.push({ ...problem, message: `${problem.message} (container ${publisher.name} publishes SMTP; its address and bridge cannot be read)` });
    return out;
  }
  const { networks } = parseContainerNetworks(inspected.stdout);
  // rootless Podman's user-mode network: no bridge on this host; its connections are the user's own
  const userMode = engine === 'podman' ? networks.find((n) => n.name === 'slirp4netns' || n.name === 'pasta') : undefined;
  if (userMode) {
    out.hostNetwork = { name: publisher.name, ...(publisher.project !== undefined ? { project: publisher.project } : {}), engine, rootless: userMode.name as 'slirp4netns' | 'pasta' };
    return out;
  }
  const candidates = mailNetworks(networks);
  if (candidates.length === 0) {
    if (networks.some((n) => n.name === 'host')) {
      out.hostNetwork = { name: publisher.name, ...(publisher.project !== undefined ? { project: publisher.project } : {}), ...(engine === 'podman' ? { engine } : {}) };
      return out;
    }
    out.problems.push({ what: formatCommand(argv), message: `container ${publisher.name} publishes SMTP but no bridge network with an address was read` });
    return out;
  }
  const placed: { network: ContainerNetwork; bridge: string }[] = [];
  for (const network of candidates) {
    const bridge = await bridgeOfNetwork(engine, network, run, options, out.problems);
    if (bridge !== undefined) placed.push({ network, bridge });
    else out.problems.push({ what: formatCommand(argv), message: engine === 'docker' ? `network ${network.name} of container ${publisher.name} has no id: its bridge is not known` : `the bridge of podman network ${network.name} of container ${publisher.name} is not known` });
  }
  const [first, ...others] = placed;
  if (!first) return out;
  const container = detectedContainer(publisher, first.network, first.bridge);
  if (engine === 'podman') container.engine = 'podman';
  if (candidates.length > 1) {
    container.network = first.network.name;
    container.alternatives = others.map(({ network, bridge }): ContainerAttachment => ({ addresses: [network.ipv4, network.ipv6].filter((a): a is string => a !== undefined), bridge, network: network.name }));
  }
  out.container = container;
  out.id = publisher.id;
  return out;
}

/** The host's bridge of one network: docker's bridge option (else its default name), podman's network_interface. */
async function bridgeOfNetwork(engine: Engine, network: ContainerNetwork, run: RunCommand, options: RunOptions, problems: CollectionProblem[]): Promise<string | undefined> {
  if (engine === 'podman') {
    if (!PODMAN_NETWORK.test(network.networkId)) return undefined;
    const argv = inspectPodmanInterface(network.networkId);
    const answer = await run(argv, options);
    const problem = problemFromOutcome(answer);
    if (problem) problems.push({ ...problem, message: `${problem.message} (the bridge of podman network ${network.name} is not known)` });
    const name = answer.status === 'ok' ? answer.stdout.trim() : '';
    return INTERFACE.test(name) ? name : undefined;
  }
  let option: string | undefined;
  if (ID.test(network.networkId)) {
    const argv = inspectNetworkOptions(network.networkId);
    const net = await run(argv, options);
    const problem = problemFromOutcome(net);
    if (problem) problems.push({ ...problem, message: `${problem.message} (the bridge of network ${network.name} is taken as Docker names it by default)` });
    else if (net.status === 'ok') option = parseBridgeOption(net.stdout);
  }
  return bridgeOf(network, option);
}
