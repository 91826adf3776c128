// Whether this machine can run the postfix tier, checked once: everything the e2e tier needs
// (root, namespaces, iptables, dnsmasq, python3 for the SMTP sink), plus unshare and overlayfs for
// a private mount namespace, and Debian's Postfix unpacked by scripts/setup-postfix.sh (never
// installed: the postfix package removes exim4) with its user and groups.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { worldUnavailable } from '../../e2e/lib/env.js';

/** Where scripts/setup-postfix.sh unpacks the package (its MAILLEAK_POSTFIX_CACHE, default /var/cache/mailleak-postfix). */
export const POSTFIX_ROOT = join(process.env.MAILLEAK_POSTFIX_CACHE ?? '/var/cache/mailleak-postfix', 'root');

let cached: string | null | undefined;

/** null when the tier can run here, else why not. */
export function postfixUnavailable(): string | null {
  cached ??= check();
  return cached;
}

function check(): string | null {
  const world = worldUnavailable();
  if (world) return world;
  if (!existsSync('/usr/bin/unshare') || !existsSync('/usr/bin/nsenter')) return 'unshare/nsenter not found (util-linux)';
  if (!existsSync(join(POSTFIX_ROOT, 'usr/sbin/postfix'))) return `Postfix is not unpacked in ${POSTFIX_ROOT} (run scripts/setup-postfix.sh as root; .ci/run does)`;
  for (const prog of ['postdrop', 'postqueue']) {
    if ((statSync(join(POSTFIX_ROOT, 'usr/sbin', prog)).mode & 0o2000) === 0) return `${prog} in ${POSTFIX_ROOT} is not set-gid postdrop (run scripts/setup-postfix.sh)`;
  }
  if (spawnSync('id', ['postfix']).status !== 0) return 'user postfix does not exist (run scripts/setup-postfix.sh)';
  if (spawnSync('getent', ['group', 'postdrop']).status !== 0) return 'group postdrop does not exist (run scripts/setup-postfix.sh)';
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `mount -t overlay overlay -o lowerdir=${POSTFIX_ROOT}/usr/sbin:/usr/sbin /usr/sbin && mount -t overlay overlay -o lowerdir=${POSTFIX_ROOT}/usr/lib:/usr/lib /usr/lib && /usr/sbin/postconf -d -h mail_version`], { encoding: 'utf8' });
  if (probe.status !== 0) return `Postfix does not run in a private mount namespace with overlayfs: ${(probe.stderr || probe.stdout).split('\n')[0]}`;
  return null;
}

export function postfixUid(): number {
  return Number(spawnSync('id', ['-u', 'postfix'], { encoding: 'utf8' }).stdout.trim());
}
