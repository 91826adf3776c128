// Truth on Debian's own generated configurations: for each configtype (internet, smarthost,
// satellite, local), split and non-split, with /etc/exim4/hubbed_hosts absent and present,
// `update-exim4.conf --confdir DIR --output FILE` writes the configuration from a temporary copy of
// /etc/exim4, real Exim 4.96 routes recipients with `exim -C FILE -bt` (in the rig's network
// namespace, with the copy bind-mounted over /etc/exim4 in a private mount namespace, because the
// generated configuration names CONFDIR = /etc/exim4), and mailleak's plan of the same file must
// name the same router, transport, hosts and ports. The planner reads /etc/exim4/… from the same
// copy through its lookup-file reader, so hubbed_hosts present overrides the stack's "absent".
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveResolver } from '../../../src/mail/dns/live-resolver.js';
import type { Resolver } from '../../../src/mail/dns/resolver.js';
import { readBtOutput } from '../../../src/mail/exim/bt-output.js';
import { readEximConfigFile } from '../../../src/mail/exim/read-config.js';
import { planDelivery } from '../../../src/mail/plan.js';
import { expectAgreement } from './support/agreement.js';
import { eximRigAvailable, startEximRig, type EximRig } from './support/exim-rig.js';
import { LAB_ZONE } from './support/lab-zone.js';

const UPDATE = '/usr/sbin/update-exim4.conf';

function unavailableReason(): string | null {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root (network and mount namespaces need root)';
  if (!existsSync(UPDATE)) return `${UPDATE} not found (Debian package exim4-config)`;
  if (!existsSync('/etc/exim4/exim4.conf.template') || !existsSync('/etc/exim4/conf.d')) return '/etc/exim4 has no exim4.conf.template or conf.d (exim4-config)';
  if (spawnSync('unshare', ['--help']).status !== 0) return 'unshare is not usable';
  return eximRigAvailable();
}

const unavailable = unavailableReason();
if (unavailable) console.warn(`skipping Debian configtype truth tests: ${unavailable}`);

const CONFIGTYPES = ['internet', 'smarthost', 'satellite', 'local'] as const;
type Configtype = (typeof CONFIGTYPES)[number];
const HUBBED = 'hubbed.test: relay.test\norg.example: smtp.relay.example\n';
// a remote domain with MX records, two hubbed ones (when the file is present), local domains
const ADDRESSES = ['user@gmail.test', 'user@hubbed.test', 'user@org.example', 'postgres@localhost', 'nosuchuser@mailhost.test'];

function confConf(configtype: Configtype, split: boolean, readhost: string): string {
  const smarthost = configtype === 'smarthost' || configtype === 'satellite' ? 'smtp.relay.example::587' : '';
  return [
    `dc_eximconfig_configtype='${configtype}'`,
    "dc_other_hostnames='mailhost.test'",
    "dc_local_interfaces='127.0.0.1 ; ::1'",
    `dc_readhost='${readhost}'`,
    `dc_relay_domains='${configtype === 'internet' ? 'relayed.test' : ''}'`,
    "dc_minimaldns='false'",
    "dc_relay_nets=''",
    `dc_smarthost='${smarthost}'`,
    "CFILEMODE='644'",
    `dc_use_split_config='${split}'`,
    "dc_hide_mailname=''",
    "dc_mailname_in_oh='true'",
    "dc_localdelivery='mail_spool'",
    '',
  ].join('\n');
}

const agreed = new Map<Configtype, { agreed: number; total: number }>();

describe.skipIf(unavailable !== null)("Debian's generated configurations agree with exim -bt", () => {
  let rig: EximRig;
  let resolver: Resolver;
  let work: string;
  beforeAll(async () => {
    rig = await startEximRig(LAB_ZONE);
    resolver = createLiveResolver({ server: rig.dnsServer, timeoutMs: 1000, tries: 1 });
    work = mkdtempSync(join(tmpdir(), 'ml-debian-'));
  });
  afterAll(async () => {
    await rig?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    const rows = [...agreed].map(([t, c]) => `${t} ${c.agreed}/${c.total}`);
    if (rows.length > 0) console.log(`debian-configtypes: ${rows.join(', ')} (recipients agreed with exim -bt)`);
  });

  // satellite also with dc_readhost (its local users' mail is redirected to user@readhost and sent
  // to the smarthost); without it, hub_user's `user@` makes Exim defer
  const cases = CONFIGTYPES.flatMap((t) => [false, true].flatMap((split) => [false, true].flatMap((hubbed) => (t === 'satellite' ? ['', 'readhost.test'] : ['']).map((readhost) => [t, split, hubbed, readhost] as const))));
  it.each(cases)('%s, split %s, hubbed_hosts present %s, readhost "%s"', async (configtype, split, hubbed, readhost) => {
    const name = `${configtype}-${split ? 'split' : 'single'}-${hubbed ? 'hubbed' : 'nohub'}${readhost ? '-readhost' : ''}`;
    const confdir = join(work, name);
    cpSync('/etc/exim4', confdir, { recursive: true });
    writeFileSync(join(confdir, 'update-exim4.conf.conf'), confConf(configtype, split, readhost));
    if (hubbed) writeFileSync(join(confdir, 'hubbed_hosts'), HUBBED);
    else rmSync(join(confdir, 'hubbed_hosts'), { force: true });
    const output = join(work, `${name}.conf`);
    // asynchronously: a worker blocked in synchronous children for long stalls vitest's RPC under load
    await promisify(execFile)(UPDATE, ['--confdir', confdir, '--output', output], { encoding: 'utf8', timeout: 60_000 });

    const defines = { SPOOLDIR: `${rig.dir}/spool` };
    const exim = rig.runBt(output, ADDRESSES, defines, { etcExim4: confdir });
    await new Promise((resolve) => setImmediate(resolve));
    expect(exim.stderr).not.toMatch(/configuration error/i);
    const bt = readBtOutput(exim.stdout, `exim -bt (${name})`);
    expect(bt.diagnostics, exim.stdout).toEqual([]);
    const config = readEximConfigFile(readFileSync(output, 'utf8'), output, { defines });
    expect(config.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // /etc/exim4/… is the copy, as for Exim; everything else is the machine's (/etc/aliases…)
    const readLookupFile = (p: string): string | undefined => {
      const real = p.startsWith('/etc/exim4/') ? join(confdir, p.slice('/etc/exim4/'.length)) : p;
      try { return readFileSync(real, 'utf8'); } catch { return undefined; }
    };
    // Exim's check_local_user reads this machine's users: the planner is given the same passwd and group
    const passwd = readFileSync('/etc/passwd', 'utf8');
    const group = readFileSync('/etc/group', 'utf8');
    const count = agreed.get(configtype) ?? { agreed: 0, total: 0 };
    agreed.set(configtype, count);
    const failures: string[] = [];
    for (const address of ADDRESSES) {
      count.total++;
      const plan = await planDelivery(address, { config }, { resolver, mode: 'address-test', readLookups: true, readLookupFile, passwd, group, primaryHostname: hostname() });
      try {
        expectAgreement(plan, bt, address);
        count.agreed++;
      } catch (error) {
        failures.push(`${address}: ${(error as Error).message.split('\n')[0]}`);
      }
      if (address === 'user@hubbed.test' && configtype !== 'local') {
        if (hubbed) expect(plan.router, name).toBe('hubbed_hosts');
        else expect(plan.stackAssumptions, name).toContainEqual({ kind: 'file-absent', stack: 'debian', path: '/etc/exim4/hubbed_hosts' });
      }
    }
    expect(failures, `${name}\n${exim.stdout}`).toEqual([]);
  });
});
