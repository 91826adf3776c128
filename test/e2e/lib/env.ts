// Whether this machine can run the e2e tier, checked once: it needs root, network namespaces
// with veth, iptables/ip6tables, Debian's Exim, dnsmasq, python3 (the SMTP sink), unshare (a
// private mount namespace puts the scenario's Exim configuration where Exim looks) and the
// directory Debian's Exim reads its configuration from.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dnsmasqAvailable } from '../../support/dnsmasq.js';

export const EXIM = '/usr/sbin/exim4';
export const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? 'python3';

let cached: string | null | undefined;

/** null when the tier can run here, else why not. */
export function e2eUnavailable(): string | null {
  cached ??= check();
  return cached;
}

/** The directory holding the file Debian's exim4 reads (`exim4 -bP configure_file`). */
export function eximConfigFile(): string {
  return execFileSync(EXIM, ['-bP', 'configure_file'], { encoding: 'utf8' }).trim().replace(/^configure_file\s*=\s*/, '');
}

function check(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: namespaces, iptables-restore and Exim deliveries need uid 0';
  for (const tool of ['/usr/bin/unshare', '/usr/bin/setpriv']) if (!existsSync(tool)) return `${tool} not found (util-linux)`;
  if (!existsSync(EXIM)) return `${EXIM} not found (Debian package exim4-daemon-light)`;
  if (spawnSync('id', ['Debian-exim']).status !== 0) return 'user Debian-exim does not exist';
  if (!existsSync(PYTHON)) return 'python3 not found (it runs the SMTP sink)';
  for (const tool of ['iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save']) {
    if (spawnSync('sh', ['-c', 'command -v "$0"', tool]).status !== 0) return `${tool} not found`;
  }
  const dns = dnsmasqAvailable();
  if (dns) return dns;
  try {
    const dir = eximConfigFile().replace(/\/[^/]+$/, '');
    if (!existsSync(dir)) return `${dir} (where exim4 reads its configuration) does not exist`;
  } catch (e) {
    return `exim4 -bP configure_file failed: ${(e as Error).message.split('\n')[0]}`;
  }
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
