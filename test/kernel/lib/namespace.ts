// Network namespaces for the kernel tier: one per test file, named ml-k-<pid>-<tag>, with `lo`
// up and a probe interface `dm0` that swallows what it sends (nothing ever answers a SYN).
// Every namespace is deleted in afterAll, at process exit and on SIGINT/SIGTERM; namespaces
// left by a crashed run (their pid is gone) are deleted before a new one is made.
import { execFileSync } from 'node:child_process';
import type { LinkKind } from './env.js';

/** The probe interface's name as rules and the simulator see it. */
export const PROBE_IF = 'dm0';
/** Local source addresses of the probes (documentation ranges; never used as a destination). */
export const LOCAL_V4 = '198.51.100.254';
export const LOCAL_V6 = '2001:db8:ffff::254';
/** Destinations routed out of dm0. */
export const ROUTED_V4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];
export const ROUTED_V6 = ['2001:db8::/32'];

const PREFIX = 'ml-k-';
const live = new Set<string>();
let handlersInstalled = false;

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
}

export function createNamespace(tag: string, linkKind: LinkKind): string {
  const name = createBareNamespace(tag);
  try {
    const peer = linkKind === 'veth' ? ['type', 'veth', 'peer', 'name', `${PROBE_IF}p`] : ['type', linkKind];
    ip(['-n', name, 'link', 'add', PROBE_IF, ...peer]);
    // no ARP/ND: the SYN leaves at once, and no neighbour traffic crosses the hooks
    ip(['-n', name, 'link', 'set', PROBE_IF, 'arp', 'off', 'up']);
    if (linkKind === 'veth') ip(['-n', name, 'link', 'set', `${PROBE_IF}p`, 'arp', 'off', 'up']);
    ip(['-n', name, 'addr', 'add', `${LOCAL_V4}/32`, 'dev', PROBE_IF]);
    ip(['-n', name, '-6', 'addr', 'add', `${LOCAL_V6}/128`, 'dev', PROBE_IF, 'nodad']);
    for (const net of ROUTED_V4) ip(['-n', name, 'route', 'add', net, 'dev', PROBE_IF, 'src', LOCAL_V4]);
    for (const net of ROUTED_V6) ip(['-n', name, '-6', 'route', 'add', net, 'dev', PROBE_IF, 'src', LOCAL_V6]);
  } catch (e) {
    deleteNamespace(name);
    throw e;
  }
  return name;
}

/** A namespace with only `lo` up, deleted like the others (the forward tier builds its own links). */
export function createBareNamespace(tag: string): string {
  installHandlers();
  removeStaleNamespaces();
  const name = `${PREFIX}${process.pid}-${tag}`;
  if (listNamespaces().includes(name)) deleteNamespace(name);
  ip(['netns', 'add', name]);
  live.add(name);
  try {
    ip(['-n', name, 'link', 'set', 'lo', 'up']);
  } catch (e) {
    deleteNamespace(name);
    throw e;
  }
  return name;
}

export function deleteNamespace(name: string): void {
  live.delete(name);
  try {
    ip(['netns', 'del', name]);
  } catch {
    // already gone
  }
}

export function deleteAllNamespaces(): void {
  for (const name of [...live]) deleteNamespace(name);
}

export function listNamespaces(): string[] {
  return ip(['netns', 'list']).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n !== '');
}

/** Deletes ml-k-* namespaces whose owning process no longer exists (a crashed earlier run). */
export function removeStaleNamespaces(): void {
  for (const name of listNamespaces()) {
    const m = /^ml-k-(?:envcheck-)?(\d+)(?:-|$)/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !isAlive(pid)) deleteNamespace(name);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', deleteAllNamespaces);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      deleteAllNamespaces();
      process.kill(process.pid, signal);
    });
  }
  // a test worker whose runner was killed is re-parented and may hang: clean up and leave
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      deleteAllNamespaces();
      // not process.exit: vitest replaces it inside workers
      process.kill(process.pid, 'SIGKILL');
    }
  }, 2000).unref();
}
