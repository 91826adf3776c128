// The namespaces of one e2e scenario: "host" (the mail server: Exim, its DNS, the ruleset under
// test) and "world" (owns every MX and smarthost address, runs the SMTP sink), joined by a veth
// pair; for an MTA in a container also "ctr" behind a bridge in the host, which forwards both
// families as a Docker host does (the container's veth is a port of the bridge, its default
// route is the bridge's address). Documentation addresses only; nothing is routed to the
// machine's own network. Namespaces are named ml-e2e-<pid>-<n>-{h,w,c} and deleted in teardown,
// at exit and on signals.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

export const HOST_V4 = '192.0.2.1';
export const HOST_V6 = '2001:db8:1::1';
const WORLD_V4 = '192.0.2.254';
const WORLD_V6 = '2001:db8:1::fe';

export interface Pair {
  host: string;
  world: string;
  /** the container's namespace, when the scenario has one */
  container?: string;
  remove(): void;
}

/** A container network on the host: the bridge, and per family the bridge's and the container's address in one prefix. */
export interface ContainerNet {
  bridge: string;
  prefix: Record<4 | 6, number>;
  gateway: Record<4 | 6, string>;
  container: Record<4 | 6, string>;
}

const live = new Set<string>();
let handlers = false;

export function ip(args: string[], input?: string): string {
  return execFileSync('ip', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
}

/** Creates host + world, the veth between them, routes, and the world's addresses. */
export function createPair(tag: string, worldAddresses: string[], containerNet?: ContainerNet): Pair {
  installHandlers();
  const host = `ml-e2e-${process.pid}-${tag}-h`;
  const world = `ml-e2e-${process.pid}-${tag}-w`;
  const container = containerNet ? `ml-e2e-${process.pid}-${tag}-c` : undefined;
  const remove = () => {
    for (const ns of [host, world, ...(container ? [container] : [])]) deleteNamespace(ns);
  };
  try {
    for (const ns of [host, world]) {
      ip(['netns', 'add', ns]);
      live.add(ns);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    ip(['-n', host, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', world]);
    ip(['-n', host, 'addr', 'add', `${HOST_V4}/24`, 'dev', 'eth0']);
    ip(['-n', host, '-6', 'addr', 'add', `${HOST_V6}/64`, 'dev', 'eth0', 'nodad']);
    ip(['-n', world, 'addr', 'add', `${WORLD_V4}/24`, 'dev', 'eth0']);
    ip(['-n', world, '-6', 'addr', 'add', `${WORLD_V6}/64`, 'dev', 'eth0', 'nodad']);
    for (const ns of [host, world]) ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
    ip(['-n', host, 'route', 'add', 'default', 'via', WORLD_V4, 'dev', 'eth0']);
    ip(['-n', host, '-6', 'route', 'add', 'default', 'via', WORLD_V6, 'dev', 'eth0']);
    for (const address of worldAddresses) {
      const v6 = address.includes(':');
      ip(['-n', world, ...(v6 ? ['-6'] : []), 'addr', 'add', `${address}/${v6 ? 128 : 32}`, 'dev', 'lo', ...(v6 ? ['nodad'] : [])]);
    }
    // the host resolves through the test DNS server on its own loopback (ip netns exec
    // bind-mounts /etc/netns/<name>/resolv.conf over /etc/resolv.conf)
    for (const ns of [host, ...(container ? [container] : [])]) {
      mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\noptions attempts:1 timeout:2\n');
    }
    if (container && containerNet) addContainer(host, container, containerNet);
  } catch (e) {
    remove();
    throw e;
  }
  return container ? { host, world, container, remove } : { host, world, remove };
}

/** The container behind the host's bridge; the host forwards (net.ipv4.ip_forward, IPv6 forwarding). */
function addContainer(host: string, ns: string, net: ContainerNet): void {
  ip(['netns', 'add', ns]);
  live.add(ns);
  ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  ip(['-n', host, 'link', 'add', net.bridge, 'type', 'bridge']);
  ip(['-n', host, 'link', 'add', 'veth0c', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  ip(['-n', host, 'link', 'set', 'veth0c', 'master', net.bridge, 'up']);
  ip(['-n', host, 'link', 'set', net.bridge, 'up']);
  ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
  for (const family of [4, 6] as const) {
    const v = family === 6 ? ['-6'] : [];
    const nodad = family === 6 ? ['nodad'] : [];
    ip(['-n', host, ...v, 'addr', 'add', `${net.gateway[family]}/${net.prefix[family]}`, 'dev', net.bridge, ...nodad]);
    ip(['-n', ns, ...v, 'addr', 'add', `${net.container[family]}/${net.prefix[family]}`, 'dev', 'eth0', ...nodad]);
    ip(['-n', ns, ...v, 'route', 'add', 'default', 'via', net.gateway[family], 'dev', 'eth0']);
  }
  execFileSync('ip', ['netns', 'exec', host, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'], { stdio: 'ignore', timeout: 20_000 });
}

function deleteNamespace(ns: string): void {
  live.delete(ns);
  try {
    ip(['netns', 'del', ns]);
  } catch {
    // already gone
  }
  rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
}

function installHandlers(): void {
  if (handlers) return;
  handlers = true;
  const all = () => {
    for (const ns of [...live]) deleteNamespace(ns);
  };
  process.on('exit', all);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      all();
      process.kill(process.pid, signal);
    });
  }
}
