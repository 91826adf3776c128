// Real Exim as the truth for the planner: `exim -C CONFIG -bt ADDRESS…` inside a network namespace
// this test creates (ml-x-<pid>), whose /etc/resolv.conf (ip netns exec bind-mounts
// /etc/netns/<name>/resolv.conf) points at dnsmasq on 127.0.0.1:53 inside it. A second dnsmasq
// with the same records on the host's loopback serves mailleak's live resolver. `-bt` starts no
// daemon; everything is removed in stop().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dnsmasqAvailable, startDnsmasq, type DnsmasqServer } from '../../../support/dnsmasq.js';

export const EXIM = '/usr/sbin/exim4';

/** null when the rig can run here, else why not. */
export function eximRigAvailable(): string | null {
  if (!existsSync(EXIM)) return `${EXIM} not found (Debian package exim4-daemon-light)`;
  if (spawnSync('id', ['Debian-exim']).status !== 0) return 'user Debian-exim does not exist';
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return 'ip netns is not usable';
  return dnsmasqAvailable();
}

export interface EximRig {
  dir: string;
  /** the host-side DNS server for mailleak's live resolver */
  dnsServer: string;
  /** writes a config into the temp dir with the lab main options prepended; returns its path */
  writeConfig(name: string, body: string): string;
  /** `etcExim4`: a directory bind-mounted over /etc/exim4 in a private mount namespace (`unshare -m`) for this run only */
  runBt(config: string, addresses: string[], defines?: Record<string, string>, options?: { etcExim4?: string }): { stdout: string; stderr: string; status: number | null };
  stop(): Promise<void>;
}

export async function startEximRig(zone: string): Promise<EximRig> {
  const ns = `ml-x-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'ml-exim-'));
  mkdirSync(join(dir, 'spool'), { recursive: true });
  mkdirSync(join(dir, 'log'), { recursive: true });
  const etc = `/etc/netns/${ns}`;
  const servers: DnsmasqServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    spawnSync('ip', ['netns', 'delete', ns]);
    rmSync(etc, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    spawnSync('ip', ['netns', 'delete', ns]);
    const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
    if (add.status !== 0) throw new Error(`ip netns add ${ns}: ${add.stderr}`);
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions attempts:1 timeout:2\n');
    servers.push(await startDnsmasq({ records: zone, netns: ns }));
    const host = await startDnsmasq({ records: zone });
    servers.push(host);
    // Exim opens its spool and log as the Exim user
    spawnSync('chown', ['-R', 'Debian-exim:Debian-exim', join(dir, 'spool'), join(dir, 'log')]);
    return {
      dir,
      dnsServer: host.server,
      writeConfig(name, body) {
        const path = join(dir, name);
        writeFileSync(path, `${labMain(dir)}\n${body}`);
        return path;
      },
      runBt(config, addresses, defines = {}, options = {}) {
        const d = Object.entries(defines).map(([k, v]) => (v === '' ? `-D${k}` : `-D${k}=${v}`));
        const command = ['ip', 'netns', 'exec', ns, EXIM, '-C', config, ...d, '-bt', ...addresses];
        // the bind mount lives only in the private mount namespace unshare creates; the machine's /etc/exim4 is untouched
        const argv = options.etcExim4 === undefined ? command : ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc/exim4 && exec "$@"', options.etcExim4, ...command];
        const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
        return { stdout: r.stdout, stderr: r.stderr, status: r.status };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The main options of every test Exim: its own spool and logs under `dir`, the Debian user. */
export function labMain(dir: string): string {
  return [
    'primary_hostname = mailhost.test',
    'qualify_domain = mailhost.test',
    'exim_user = Debian-exim',
    'exim_group = Debian-exim',
    `spool_directory = ${dir}/spool`,
    `log_file_path = ${dir}/log/%slog`,
    'keep_environment =',
  ].join('\n');
}
