// Decides whether this machine can run the kernel truth tier: it needs root, `ip netns`,
// iptables/ip6tables (restore + save), python3 and a link type that can carry probe SYNs
// out of a namespace without anyone answering. Checked once, synchronously, so that test
// files can use `describe.skipIf` with the reason.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type KernelEnv =
  | { ok: true; python: string; linkKind: LinkKind }
  | { ok: false; reason: string };

/** Link types tried for the probe interface, in order: all drop what they transmit (or hand it to a peer we drop). */
export type LinkKind = 'dummy' | 'ifb' | 'veth';
const LINK_KINDS: readonly LinkKind[] = ['dummy', 'ifb', 'veth'];

const TOOLS = ['ip', 'iptables', 'ip6tables', 'iptables-save', 'ip6tables-save', 'iptables-restore', 'ip6tables-restore'];

let cached: KernelEnv | undefined;

export function detectKernelEnv(): KernelEnv {
  cached ??= probeEnv();
  return cached;
}

function probeEnv(): KernelEnv {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root: network namespaces and iptables need uid 0' };
  for (const tool of TOOLS) {
    if (!findOnPath(tool)) return { ok: false, reason: `${tool} not found on PATH` };
  }
  // the system python: a pyenv shim under /root would not be usable after dropping privileges
  const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? findOnPath('python3');
  if (!python) return { ok: false, reason: 'python3 not found (it sends the probe SYNs)' };
  const name = `ml-k-envcheck-${process.pid}`;
  try {
    run('ip', ['netns', 'add', name]);
  } catch (e) {
    return { ok: false, reason: `cannot create a network namespace: ${firstLine(e)}` };
  }
  try {
    const linkKind = LINK_KINDS.find((kind) => tryLink(name, kind));
    if (!linkKind) return { ok: false, reason: 'no dummy, ifb or veth link type available in a namespace' };
    try {
      run('ip', ['netns', 'exec', name, 'iptables-save']);
      run('ip', ['netns', 'exec', name, 'ip6tables-save']);
    } catch (e) {
      return { ok: false, reason: `iptables does not work inside a namespace: ${firstLine(e)}` };
    }
    return { ok: true, python, linkKind };
  } finally {
    try { run('ip', ['netns', 'del', name]); } catch { /* reported by the next run's stale cleanup */ }
  }
}

function tryLink(ns: string, kind: LinkKind): boolean {
  try {
    const args = kind === 'veth' ? ['type', 'veth', 'peer', 'name', 'probe1'] : ['type', kind];
    run('ip', ['-n', ns, 'link', 'add', 'probe0', ...args]);
    run('ip', ['-n', ns, 'link', 'del', 'probe0']);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(cmd: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  return dirs.map((d) => `${d}/${cmd}`).find((p) => existsSync(p));
}

export function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
}

export function firstLine(e: unknown): string {
  const err = e as { stderr?: string | Buffer; message?: string };
  const text = String(err.stderr ?? '').trim() || String(err.message ?? e);
  return text.split('\n')[0] ?? text;
}
