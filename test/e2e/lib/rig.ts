// Runs one scenario for real: builds the world (./world.ts: the two namespaces, DNS on the
// host's loopback, the SMTP sink(s), the rulesets loaded with iptables-restore), sends one
// message with Exim (-odf, foreground delivery), then reads what happened: the sinks' records
// and the mail host's own counters. Exim (and mailleak's live mode) read the scenario's
// configuration as /etc/exim4/exim4.conf inside the host namespace (see below); in a container
// scenario Exim sends from the container namespace behind the host's bridge. Everything is
// removed in stop(), also on failure.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labMain } from '../../mail/exim/support/exim-rig.js';
import { EXIM } from './env.js';
import { E2E_CONTAINER_NET, E2E_ZONE, WORLD_ADDRESSES, type Scenario } from './scenario.js';
import { startWorld, type Delivery, type World, type WorldRead } from './world.js';

export type { Delivery };

export interface Reality extends WorldRead {
  /** the MTA's logs and what the sending command printed, for the failure message */
  mtaLog: string;
}

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface ScenarioRig {
  reality: Reality;
  /** runs a command on the mail host, seeing the scenario's Exim configuration */
  onHost(cmd: string, args: string[], input?: string): Run;
  /** the scenario's Exim configuration file (for --exim-config) */
  eximConfigPath: string;
  stop(): Promise<void>;
}

export function eximUid(): number {
  return Number(spawnSync('id', ['-u', 'Debian-exim'], { encoding: 'utf8' }).stdout.trim());
}

export async function runScenario(s: Scenario, tag: string): Promise<ScenarioRig> {
  const dir = mkdtempSync(join(tmpdir(), 'ml-e2e-'));
  let world: World | undefined;
  const stop = async () => {
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Exim writes its spool and logs as Debian-exim: it must be able to enter the directory
    chmodSync(dir, 0o755);
    for (const sub of ['spool', 'log']) mkdirSync(join(dir, sub));
    spawnSync('chown', ['-R', 'Debian-exim:Debian-exim', join(dir, 'spool'), join(dir, 'log')]);
    world = await startWorld({ zone: E2E_ZONE, worldAddresses: WORLD_ADDRESSES, v4: s.v4, v6: s.v6, replace: { EXIM_UID: String(eximUid()) }, ...(s.localSinkPort !== undefined ? { localSinkPort: s.localSinkPort } : {}), ...(s.container ? { container: E2E_CONTAINER_NET } : {}) }, tag, dir);
    // `ip netns exec` bind-mounts /etc/netns/<host>/exim4 over /etc/exim4 (as it does with
    // resolv.conf), and Debian's exim4 reads /etc/exim4/exim4.conf first when it exists: Exim and
    // mailleak's live mode on the host read the scenario's configuration, the machine's own Exim
    // configuration is never touched. In a container scenario the host sees the same
    // configuration: it is the MTA's, as `docker exec` would show it to the collect script
    const host = world.pair.host;
    const sender = world.pair.container ?? host;
    for (const ns of new Set([host, sender])) {
      const eximDir = `/etc/netns/${ns}/exim4`;
      mkdirSync(eximDir, { recursive: true });
      writeFileSync(join(eximDir, 'exim4.conf'), eximConfig(s, dir));
      chmodSync(join(eximDir, 'exim4.conf'), 0o644);
    }
    const eximConfigPath = join(dir, 'exim4.conf');
    writeFileSync(eximConfigPath, eximConfig(s, dir));
    const onHost = (cmd: string, args: string[], input?: string): Run => inNamespace(host, cmd, args, input);
    world.zeroCounters();

    const sent = inNamespace(sender, EXIM, ['-odf', '-oi', '-f', 'sender@mailhost.test', s.recipient], `From: sender@mailhost.test\nTo: ${s.recipient}\nSubject: e2e\n\nhello\n`);
    const logs = () => ['mainlog', 'rejectlog', 'paniclog'].map((f) => join(dir, 'log', f)).filter(existsSync).map((f) => readFileSync(f, 'utf8'));
    if (sent.status === null) throw new Error(`exim did not finish: ${sent.stderr}\n${logs().join('\n')}`);
    const reality: Reality = { ...world.read(), mtaLog: [`exim exited ${sent.status}: ${sent.stdout}${sent.stderr}`, ...logs()].join('\n') };
    return { reality, onHost, eximConfigPath, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function inNamespace(ns: string, cmd: string, args: string[], input?: string): Run {
  const r = spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], { input, encoding: 'utf8', timeout: 40_000, maxBuffer: 64 << 20 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : ''), status: r.status };
}

function eximConfig(s: Scenario, dir: string): string {
  return [
    labMain(dir),
    'domainlist local_domains = @ : localhost',
    'begin routers',
    s.routers,
    'begin transports',
    // Exim 4.96 tries TCP Fast Open by default: connect() then returns at once and a dropped SYN
    // is only noticed by command_timeout (5m); without TFO connect_timeout applies
    'remote_smtp:\n  driver = smtp\n  connect_timeout = 2s\n  hosts_try_fastopen =\n  command_timeout = 10s\n',
    s.transports ?? '',
    'begin retry',
    '* * F,1h,15m',
    '',
  ].join('\n');
}
