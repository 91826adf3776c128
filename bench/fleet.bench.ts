// 7 (issues 9 and 19): `mailleak fleet` over 1,000 bundles of realistic size — a CSF ruleset of a few
// hundred rules per family (bench/generate.ts), an `exim -bP config` of a cPanel-like server,
// /etc/passwd and /etc/group, routes — one probe and one allowed domain. The headline is the
// wall time of the bundled CLI (start-up, reading, parsing, planning, tracing, rendering JSON)
// with one worker per core; the baseline is the same folder analysed in one worker, and
// --jobs 2×cores shows what more workers than cores do (scaling with --jobs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { formatBundle, type BundleRecord } from '../src/input/bundle-format.js';
import type { BenchContext, BenchRow } from './types.js';
import { generateCsfSave } from './generate.js';

const HOSTS = 1_000;
const TARGET_MS = 60_000;

// the main options of a WHM-generated exim.conf, as `exim -bP config` prints them
const MAIN_OPTIONS = ['accept_8bitmime = true', 'auth_advertise_hosts = *', 'bounce_return_size_limit = 100K', 'check_rfc2047_length = true', 'daemon_smtp_ports = 25 : 465 : 587', 'delay_warning = 24h', 'dns_retrans = 3s', 'dns_retry = 3', 'helo_accept_junk_hosts = ', 'helo_try_verify_hosts = ', 'host_lookup = *', 'ignore_bounce_errors_after = 2d', 'log_selector = +all', 'message_size_limit = 100M', 'queue_only_load = 6', 'queue_run_max = 5', 'received_headers_max = 60', 'recipients_max = 300', 'rfc1413_hosts = ', 'smtp_accept_max = 100', 'smtp_accept_max_per_host = 20', 'smtp_banner = $smtp_active_hostname ESMTP Exim $version_number', 'smtp_connect_backlog = 50', 'smtp_receive_timeout = 5m', 'split_spool_directory = true', 'system_filter = /etc/cpanel_exim_system_filter', 'timeout_frozen_after = 7d', 'tls_advertise_hosts = *', 'tls_certificate = /etc/exim.crt', 'tls_privatekey = /etc/exim.key', 'tls_require_ciphers = ECDHE-ECDSA-AES256-GCM-SHA384', 'untrusted_set_sender = *'].join('\n');

const EXIM = (smarthost: boolean): string => `# Exim Configuration (4.96)
primary_hostname = server.example
domainlist local_domains = lsearch;/etc/localdomains
domainlist relay_domains = lsearch;/etc/localdomains : lsearch;/etc/secondarymx
hostlist relay_hosts = 127.0.0.1 : ::1
exim_user = mailnull
exim_group = mail
acl_smtp_rcpt = acl_check_rcpt
acl_smtp_data = acl_check_data
remote_max_parallel = 4
${MAIN_OPTIONS}
begin acl
acl_check_rcpt:
  accept  hosts = :
  deny    domains = +local_domains
          local_parts = ^[.] : ^.*[@%!/|]
  accept  hosts = +relay_hosts
  require verify = sender
  accept  domains = +local_domains
  deny    message = relay not permitted
acl_check_data:
  accept
begin routers
${smarthost ? 'smarthost:\n  driver = manualroute\n  domains = ! +local_domains\n  transport = remote_smtp\n  route_list = * relay.example\n  no_more\n' : ''}lookuphost:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8
  no_more
localuser:
  driver = accept
  check_local_user
  transport = local_delivery
begin transports
remote_smtp:
  driver = smtp
  dkim_canon = relaxed
local_delivery:
  driver = appendfile
  file = /var/mail/$local_part
begin retry
*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h
`;

const PASSWD = ['root:x:0:0:root:/root:/bin/bash', 'mailnull:x:47:47::/var/spool/mqueue:/sbin/nologin', ...Array.from({ length: 60 }, (_, i) => `user${i}:x:${1000 + i}:${1000 + i}::/home/user${i}:/bin/bash`)].join('\n');
const GROUP = ['root:x:0:', 'mail:x:12:', 'mailnull:x:47:', ...Array.from({ length: 60 }, (_, i) => `user${i}:x:${1000 + i}:`)].join('\n');

/** One host's bundle: rule counts and the smarthost vary so hosts differ as a real fleet does. */
function hostBundle(i: number): string {
  const rules4 = 200 + ((i * 37) % 300);
  const rules6 = 80 + ((i * 11) % 120);
  const ok = (type: BundleRecord['type'], name: string, stdout: string): Omit<BundleRecord, 'line'> => ({ type, name, stdout, stderr: '', exit: 0 });
  return formatBundle({ hostname: `host${String(i).padStart(4, '0')}.example`, date: '2026-11-26T21:00:00Z', system: 'Linux', kernel: '3.10.0-1160.el7.x86_64 x86_64', iptables: 'iptables v1.4.21', backend: 'legacy' }, [
    ok('cmd', 'iptables-save -c', generateCsfSave(rules4)),
    ok('cmd', 'ip6tables-save -c', generateCsfSave(rules6, { family: 6 })),
    ok('cmd', 'exim -bP config', EXIM(i % 10 === 0)),
    ok('cmd', 'exim -bP exim_user exim_group', 'exim_user = mailnull\nexim_group = mail\n'),
    ok('file', '/etc/passwd', `${PASSWD}\n`),
    ok('file', '/etc/group', `${GROUP}\n`),
    ok('cmd', 'ip -o addr', '1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0\n'),
    ok('cmd', 'ip route', 'default via 192.0.2.1 dev eth0\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.10\n'),
    ok('cmd', 'ip -6 route', '2001:db8::/64 dev eth0 proto kernel metric 256\ndefault via 2001:db8::1 dev eth0 metric 1024\n'),
    ok('file', '/etc/resolv.conf', 'nameserver 192.0.2.53\n'),
  ], `mlb${i}x1764190000`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function runCli(cli: string, dir: string, zones: string[], jobs: number): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [cli, 'fleet', dir, '--probe', 'gmail.com', '--allow', 'domain.com', ...zones.flatMap((z) => ['--dns', z]), '--json', '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - started;
  if (r.status === null || r.status > 3 || r.status === 2) throw new Error(`mailleak fleet failed (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  const hosts = (JSON.parse(r.stdout) as { hosts: unknown[] }).hosts.length;
  if (hosts !== HOSTS) throw new Error(`mailleak fleet reported ${hosts} hosts, not ${HOSTS}`);
  return elapsed;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const cli = join(ctx.root, 'dist', 'mailleak.js');
  if (!existsSync(cli) || !existsSync(join(ctx.root, 'dist', 'fleet-worker.js'))) throw new Error('dist/mailleak.js and dist/fleet-worker.js are needed: run `npm run build` first');
  const dir = join(ctx.scratch, 'fleet-bundles');
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < HOSTS; i++) {
    const text = hostBundle(i);
    bytes += text.length;
    writeFileSync(join(dir, `host${String(i).padStart(4, '0')}.bundle`), text);
  }
  const zones = ['fixtures/demo/gmail.com.zone', 'fixtures/demo/domain.com.zone', 'fixtures/via-smarthost/relay.example.zone'].map((z) => join(ctx.root, z));
  for (const z of zones) readFileSync(z);
  ctx.log(`fleet: ${HOSTS} bundles, ${(bytes / HOSTS / 1024).toFixed(0)} KiB each on average, ${availableParallelism()} cores`);

  // the fleet takes seconds per run: a few repetitions are enough for a stable median
  const repeat = Math.max(1, Math.min(ctx.repeat, 3));
  const load = loadavg()[0]!;
  const cores = availableParallelism();
  const parallel: number[] = [];
  const single: number[] = [];
  const over: number[] = [];
  for (let r = 0; r < repeat; r++) {
    parallel.push(runCli(cli, dir, zones, cores));
    single.push(runCli(cli, dir, zones, 1));
    over.push(runCli(cli, dir, zones, cores * 2));
  }
  const wall = median(parallel);
  const one = median(single);
  const baseline = { name: '1 worker (--jobs 1)', median: one };
  // the machine may be shared: the load average says how much of the cores the run had
  const note = `${cores} cores, load average ${load.toFixed(1)} before; bundles ${(bytes / HOSTS / 1024).toFixed(0)} KiB avg (CSF 200-500 v4 + 80-200 v6 rules, Exim -bP config); 2 domains per host`;
  const group = '7. fleet';
  return [
    { group, name: `mailleak fleet: ${HOSTS} bundles, --jobs ${cores} (wall, CLI)`, median: wall, unit: 'ms', baseline, target: 'report (< 60 s on 2 cores)', met: wall < TARGET_MS, note },
    { group, name: `mailleak fleet: ${HOSTS} bundles, --jobs ${cores} (throughput)`, median: HOSTS / (wall / 1000), unit: 'hosts/s' },
    { group, name: `mailleak fleet: ${HOSTS} bundles, --jobs ${cores * 2} (more workers than cores)`, median: median(over), unit: 'ms', baseline, note: `speed-up over --jobs 1: ${(one / median(over)).toFixed(2)}×` },
    { group, name: `scaling: --jobs 1 wall ÷ --jobs ${cores} wall`, median: one / wall, unit: 'ratio', target: `report (ideal ${cores})`, note: `parallel efficiency ${((one / wall / cores) * 100).toFixed(0)} % of ${cores} cores` },
  ];
}
