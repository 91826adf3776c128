// Which container runs the MTA, from docker's own output: `docker ps` (JSON lines from
// `--format '{{json .}}'`, or the `--no-trunc` table) names the container that publishes
// 25/465/587; `docker inspect` of it gives its address per network; the network's options give
// the bridge (`com.docker.network.bridge.name`, else `br-` + 12 hex digits of the network id;
// the default network is docker0). Pure text → data; never throws.
import { formatIp, parseIp } from '../firewall/address.js';
import type { MtaContainer } from './collected.js';

/** A container as `docker ps` lists it. */
export interface PsContainer {
  id: string;
  name: string;
  ports: string;
  project?: string;
  image?: string;
}

/** One network the container is attached to (`.NetworkSettings.Networks`). */
export interface ContainerNetwork {
  name: string;
  /** docker: the network's id (hex); podman: its name */
  networkId: string;
  ipv4?: string;
  ipv6?: string;
  /** the network gives the container a gateway (Gateway / IPv6Gateway): not an `internal` one, it can route out */
  gateway?: boolean;
}

/** SMTP's published ports (a host port of 25, 465 or 587, `0.0.0.0:25->25/tcp`). */
export const SMTP_PUBLISHED = /:(?:25|465|587)->/;

const PROJECT_LABEL = 'com.docker.compose.project';
const BRIDGE_OPTION = 'com.docker.network.bridge.name';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `a=b,c=d` (docker ps's Labels) → the compose project. */
function projectFromLabels(labels: unknown): string | undefined {
  const map = record(labels);
  if (map) return text(map[PROJECT_LABEL]);
  if (typeof labels !== 'string') return undefined;
  for (const pair of labels.split(',')) if (pair.startsWith(`${PROJECT_LABEL}=`)) return text(pair.slice(PROJECT_LABEL.length + 1));
  return undefined;
}

function psFromJson(line: string): PsContainer | undefined {
  try {
    const o = record(JSON.parse(line));
    const id = text(o?.ID);
    if (!o || !id) return undefined;
    const out: PsContainer = { id, name: (text(o.Names) ?? id).split(',')[0]!, ports: typeof o.Ports === 'string' ? o.Ports : '' };
    const project = projectFromLabels(o.Labels);
    if (project !== undefined) out.project = project;
    const image = text(o.Image);
    if (image !== undefined) out.image = image;
    return out;
  } catch {
    return undefined;
  }
}

/** The `docker ps [--no-trunc]` table: columns found by the header's PORTS and NAMES. */
function psFromTable(lines: string[]): PsContainer[] {
  const header = lines.findIndex((l) => /^CONTAINER ID\s/.test(l));
  if (header < 0) return [];
  const h = lines[header]!;
  const portsAt = h.indexOf('PORTS');
  const namesAt = h.indexOf('NAMES');
  const imageAt = h.indexOf('IMAGE');
  if (portsAt < 0 || namesAt < portsAt) return [];
  const out: PsContainer[] = [];
  for (const line of lines.slice(header + 1)) {
    const id = /^([0-9a-f]{12,64})\s/.exec(line)?.[1];
    if (!id) continue;
    const c: PsContainer = { id, name: line.slice(namesAt).trim().split(',')[0]!, ports: line.slice(portsAt, namesAt).trim() };
    const image = imageAt > 0 ? line.slice(imageAt).split(/\s+/)[0] : undefined;
    if (image) c.image = image;
    out.push(c);
  }
  return out;
}

export function parseDockerPs(output: string): PsContainer[] {
  const lines = output.split('\n').map((l) => l.replace(/\r$/, ''));
  const json = lines.filter((l) => l.trimStart().startsWith('{')).map(psFromJson).filter((c): c is PsContainer => c !== undefined);
  return json.length > 0 ? json : psFromTable(lines);
}

/** Mailu publishes SMTP on its nginx front, a proxy for incoming mail; its Postfix sends. */
const MAILU_FRONT = /mailu\/nginx/;
const MAILU_POSTFIX = /mailu\/postfix/;

/** The first container that publishes an SMTP port (the collect script picks the same one). */
export function smtpPublisher(containers: readonly PsContainer[]): PsContainer | undefined {
  return containers.find((c) => SMTP_PUBLISHED.test(c.ports));
}

/** Postal (postalserver/install): every service runs the one image with the host's network; its worker sends. */
const POSTAL = /postalserver\/postal\b/;
const postalWorker = (containers: readonly PsContainer[]): PsContainer | undefined => containers.find((c) => POSTAL.test(c.image ?? '') && /worker/.test(c.name));

/**
 * The container whose mail goes out: the SMTP publisher, or Mailu's Postfix behind its front,
 * or Postal's worker (Postal's containers use the host's network and publish nothing).
 */
export function mtaContainerOf(containers: readonly PsContainer[]): PsContainer | undefined {
  const publisher = smtpPublisher(containers);
  if (publisher && MAILU_FRONT.test(publisher.image ?? '')) return containers.find((c) => MAILU_POSTFIX.test(c.image ?? '')) ?? publisher;
  if (!publisher || POSTAL.test(publisher.image ?? '')) return postalWorker(containers) ?? publisher;
  return publisher;
}

function networksFrom(map: Record<string, unknown>): ContainerNetwork[] {
  const out: ContainerNetwork[] = [];
  for (const [name, value] of Object.entries(map)) {
    const n = record(value);
    if (!n) continue;
    const net: ContainerNetwork = { name, networkId: text(n.NetworkID) ?? '' };
    const v4 = parseIp(text(n.IPAddress) ?? '');
    const v6 = parseIp(text(n.GlobalIPv6Address) ?? '');
    if (v4?.family === 4) net.ipv4 = formatIp(v4);
    if (v6?.family === 6) net.ipv6 = formatIp(v6);
    if (text(n.Gateway) !== undefined || text(n.IPv6Gateway) !== undefined) net.gateway = true;
    out.push(net);
  }
  return out;
}

/** `docker inspect --format '{{json .NetworkSettings.Networks}}'`, or a whole `docker inspect` (its first container). */
export function parseContainerNetworks(output: string): { networks: ContainerNetwork[]; name?: string; project?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.trim());
  } catch {
    return { networks: [] };
  }
  const whole = Array.isArray(parsed) ? record(parsed[0]) : undefined;
  if (!whole) {
    const map = record(parsed);
    return { networks: map ? networksFrom(map) : [] };
  }
  const out: { networks: ContainerNetwork[]; name?: string; project?: string } = { networks: networksFrom(record(record(whole.NetworkSettings)?.Networks) ?? {}) };
  const name = text(whole.Name)?.replace(/^\//, '');
  if (name) out.name = name;
  const project = projectFromLabels(record(whole.Config)?.Labels);
  if (project !== undefined) out.project = project;
  return out;
}

/** The bridge option of `docker network inspect --format '{{json .Options}}'` (or a whole `docker network inspect`). */
export function parseBridgeOption(output: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(output.trim());
    const options = Array.isArray(parsed) ? record(record(parsed[0])?.Options) : record(parsed);
    return text(options?.[BRIDGE_OPTION]);
  } catch {
    return undefined;
  }
}

/** The host's interface for a Docker network: its bridge option, docker0 for the default network, else br-<12 hex>. */
export function bridgeOf(network: Pick<ContainerNetwork, 'name' | 'networkId'>, option?: string): string | undefined {
  if (option !== undefined) return option;
  if (network.name === 'bridge') return 'docker0';
  return /^[0-9a-f]{12}/.test(network.networkId) ? `br-${network.networkId.slice(0, 12)}` : undefined;
}

/** The container's network its mail leaves by: the first bridge network with an address. */
export function mailNetwork(networks: readonly ContainerNetwork[]): ContainerNetwork | undefined {
  return mailNetworks(networks)[0];
}

/**
 * The networks a container's mail may leave by, the likeliest first: bridge networks with an
 * address, and of those the ones with a gateway (an `internal` network has none and routes
 * nowhere) when the output shows gateways. Which of several the container's default route uses
 * (Docker's gateway priority, the order it was connected in) is not in this output: each is a
 * possible placement.
 */
export function mailNetworks(networks: readonly ContainerNetwork[]): ContainerNetwork[] {
  const bridged = networks.filter((n) => n.name !== 'host' && n.name !== 'none' && (n.ipv4 !== undefined || n.ipv6 !== undefined));
  const routed = bridged.filter((n) => n.gateway === true);
  return routed.length > 0 ? routed : bridged;
}

export function detectedContainer(ps: PsContainer, network: ContainerNetwork, bridge: string, inspected: { name?: string; project?: string } = {}): MtaContainer {
  const addresses = [network.ipv4, network.ipv6].filter((a): a is string => a !== undefined);
  const out: MtaContainer = { addresses, bridge, from: 'detected', name: inspected.name ?? ps.name };
  const project = ps.project ?? inspected.project;
  if (project !== undefined) out.project = project;
  return out;
}
