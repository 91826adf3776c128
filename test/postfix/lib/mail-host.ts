// The mail host's view for one Postfix scenario: a private mount namespace (unshare -m) inside
// the scenario's host network namespace, where overlay mounts lay the unpacked package over
// /usr/sbin and /usr/lib (its libraries' RUNPATH is /usr/lib/postfix), the scenario's files over
// /etc (upperdir: what the scenario writes, /etc/postfix/main.cf and the tables, postmap's .db
// files too) and a scratch /var over /var (queue, data directory, the log). A sleeping process
// holds the namespaces; commands enter them with nsenter. The machine's own /etc, /usr and
// /var are never written, and the mounts vanish with the namespace.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { POSTFIX_ROOT } from './env.js';
import type { Run } from '../../e2e/lib/rig.js';

export interface MailHost {
  /** runs a command inside the mail host's network and mount namespaces */
  run(cmd: string, args: string[], input?: string): Run;
  /** the scenario's /etc, seen from outside (the overlay's upperdir) */
  etc: string;
  /** the scenario's /var, seen from outside */
  varDir: string;
  stop(): void;
}

/** Prepares `dir` (etc, var, overlay work dirs) and starts the namespace holder in `netns`. */
export async function enterMailHost(netns: string, dir: string, postfixUid: number): Promise<MailHost> {
  const etc = join(dir, 'etc');
  const varDir = join(dir, 'var');
  for (const d of ['etc/postfix', 'etc-work', 'var/spool/postfix', 'var/lib/postfix', 'var/log', 'var-work']) mkdirSync(join(dir, d), { recursive: true });
  // post-install wants data_directory owned by the postfix user (master.lock is created there)
  chownSync(join(varDir, 'lib/postfix'), postfixUid, -1);
  chmodSync(dir, 0o755);
  const mounts = [
    `mount -t overlay overlay -o lowerdir=${POSTFIX_ROOT}/usr/sbin:/usr/sbin /usr/sbin`,
    `mount -t overlay overlay -o lowerdir=${POSTFIX_ROOT}/usr/lib:/usr/lib /usr/lib`,
    `mount -t overlay overlay -o lowerdir=${POSTFIX_ROOT}/etc:/etc,upperdir=${etc},workdir=${join(dir, 'etc-work')} /etc`,
    `mount -t overlay overlay -o lowerdir=/var,upperdir=${varDir},workdir=${join(dir, 'var-work')} /var`,
  ].join(' && ');
  // ip netns exec and unshare exec (no fork): the child's pid is the holder's
  const holder: ChildProcess = spawn('ip', ['netns', 'exec', netns, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', `${mounts} && echo ready && exec sleep infinity`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  holder.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mount namespace did not start: ${err}`)), 10_000);
    holder.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    holder.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mount namespace exited (${code}): ${err}`));
    });
  });
  const pid = String(holder.pid);
  const run = (cmd: string, args: string[], input?: string): Run => {
    const r = spawnSync('nsenter', ['-t', pid, '-m', '-n', '--', cmd, ...args], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : ''), status: r.status };
  };
  return { run, etc, varDir, stop: () => holder.kill('SIGKILL') };
}
