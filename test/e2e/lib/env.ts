// Whether this machine can run the e2e tier, checked once: it needs root, network namespaces
// with veth, iptables/ip6tables, dnsmasq, python3 (the SMTP sink) and setpriv — the world of
// ./world.ts, which the postfix tier needs too — and Debian's Exim with its /etc/exim4 (`ip
// netns exec` mounts the scenario's configuration over it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dnsmasqAvailable } from '../../support/dnsmasq.js';

export const EXIM = '/usr/sbin/exim4';
export const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? 'python3';

let cached: string | null | undefined;
let cachedWorld: string | null | undefined;

/** null when the tier can run here, else why not. */
export function e2eUnavailable(): string | null {
  cached ??= worldUnavailable() ?? checkExim();
  return cached;
}

/** null when the world of ./world.ts (namespaces, iptables, dnsmasq, the sink) can be built here, else why not. */
export function worldUnavailable(): string | null {
  cachedWorld ??= checkWorld();
  return cachedWorld;
}

function checkExim(): string | null {
  if (!existsSync(EXIM)) return `${EXIM} not found (Debian package exim4-daemon-light)`;
  if (spawnSync('id', ['Debian-exim']).status !== 0) return 'user Debian-exim does not exist';
  if (!existsSync('/etc/exim4')) return '/etc/exim4 does not exist (ip netns exec mounts the scenario\'s configuration over it)';
  return null;
}

function checkWorld(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: namespaces, iptables-restore and MTA deliveries need uid 0';
  if (!existsSync('/usr/bin/setpriv')) return '/usr/bin/setpriv not found (util-linux)';
  if (!existsSync(PYTHON)) return 'python3 not found (it runs the SMTP sink)';
  for (const tool of ['iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save']) {
    if (spawnSync('sh', ['-c', 'command -v "$0"', tool]).status !== 0) return `${tool} not found`;
  }
  const dns = dnsmasqAvailable();
  if (dns) return dns;
  const probe = `ml-e2e-envcheck-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['-n', probe, 'link', 'add', 'mlx0', 'type', 'veth', 'peer', 'name', 'mlx1'], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'exec', probe, 'iptables-save'], { stdio: 'pipe' });
  } catch (e) {
    return `network namespaces with veth and iptables are not usable: ${String((e as { stderr?: unknown }).stderr ?? e).split('\n')[0]}`;
  } finally {
    spawnSync('ip', ['netns', 'del', probe]);
  }
  return null;
}
