// The one-line answer when where the MTA runs matters: said plainly for a known container, and
// both ways for a Docker host where nothing says which (never only the OUTPUT one).
import type { HostNetworkMta, MtaContainer } from '../../input/collected.js';
import type { ContainerPath } from './types.js';

/**
 * "container 172.22.1.5 on bridge br-mailcow" (--mta-container), or, detected from docker:
 * "container postfix-mailcow (project mailcowdockerized) at 172.22.1.253 on bridge br-mailcow (detected from docker ps and docker inspect)"
 */
export function describeContainer(c: MtaContainer): string {
  const where = c.addresses.length > 0 ? c.addresses.join(', ') : 'an address not known';
  const who = c.name !== undefined ? `container ${c.name}${c.project !== undefined ? ` (project ${c.project})` : ''} at ${where}` : `container ${where}${c.project !== undefined ? ` of ${c.project}` : ''}`;
  const engine = c.engine ?? 'docker';
  const network = c.network !== undefined ? ` (network ${c.network})` : '';
  return `${who} on bridge ${c.bridge}${network}${c.from === 'detected' ? ` (detected from ${engine} ps and ${engine} inspect)` : ''}`;
}

export function answerForContainer(c: MtaContainer, answer: string, alternatives: readonly ContainerPath[] = []): string {
  const said = `The MTA runs in ${describeContainer(c)}: its mail crosses FORWARD, not OUTPUT. ${answer}`;
  if (alternatives.length === 0) return said;
  // which network's gateway the container's default route uses is not in docker's output
  const others = alternatives.map((p) => `From bridge ${p.bridge ?? 'not known'}${p.network !== undefined ? ` (network ${p.network})` : ''}: ${p.answer}`);
  return `${said} The container is on ${alternatives.length + 1} networks that route out, and which one its mail leaves by is not shown; it may also leave by another. ${others.join(' ')} Give --mta-container ADDR@BRIDGE to say which.`;
}

/** Postal's worker (network_mode: host): a container, but its sockets are the host's. */
export function answerForHostNetwork(m: HostNetworkMta, answer: string): string {
  const engine = m.engine ?? 'docker';
  if (m.rootless !== undefined) return `The MTA runs in rootless Podman container ${m.name}${m.project !== undefined ? ` (project ${m.project})` : ''} with ${m.rootless} networking (detected from podman ps and podman inspect): ${m.rootless} opens its connections as a process of the user who runs the container, so its mail crosses this host's OUTPUT as that user's uid (give --uid of that user), not FORWARD. ${answer}`;
  return `The MTA runs in container ${m.name}${m.project !== undefined ? ` (project ${m.project})` : ''} with the host's network (detected from ${engine} ps and ${engine} inspect): its mail crosses OUTPUT as the host's own does. ${answer}`;
}

/** Paths with the same outcome (verdict and deciding rule) together, bridges named once. */
function groupPaths(paths: readonly ContainerPath[]): ContainerPath[][] {
  const groups = new Map<string, ContainerPath[]>();
  for (const p of paths) {
    const leak = p.attempts.find((a) => a.order === p.leaksVia)?.decidedBy;
    const key = `${p.verdict}|${leak ? `${leak.table} ${leak.chain} ${leak.rule ?? 'policy'}` : ''}|${p.attempts.map((a) => a.verdict).join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

export function answerForEither(hostAnswer: string, paths: readonly ContainerPath[]): string {
  const container = groupPaths(paths).map((group) => {
    const bridges = group.map((p) => p.bridge).filter((b): b is string => b !== undefined);
    const from = bridges.length > 0 ? `From ${bridges.length === 1 ? 'bridge' : 'bridges'} ${bridges.join(', ')}: ` : 'From a bridge not named in the input: ';
    return `${from}${group[0]!.answer}`;
  });
  return `Docker manages part of this firewall and the input does not say where the MTA runs. If it runs on this host, its mail crosses OUTPUT: ${hostAnswer} If it runs in a container, its mail crosses FORWARD, not OUTPUT. ${container.join(' ')} Give --mta-container ADDR@BRIDGE to say which.`;
}
