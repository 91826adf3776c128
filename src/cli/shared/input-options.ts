// The input options explain, check and egress share, and what they become: AcquireOptions for
// acquisition (src/input/acquire.ts), or the bundled demo's inputs.
import { Command, Option } from 'commander';
import { findNothingRead, findUnreadable } from '../../analyses/explain/readable.js';
import type { Report } from '../../analyses/explain/types.js';
import type { AcquireOptions } from '../../input/acquire.js';
import type { CollectedInputs } from '../../input/collected.js';
import { findDemoDir, loadDemoInputs } from '../../input/node/demo.js';
import { stdinIsNullDevice } from '../../input/node/read.js';
import { describeUnreadable } from '../../report/unreadable-text.js';
import { UsageError } from './exit.js';
import { collect } from './options.js';

/** The mail-side options every command that plans a delivery takes (route too). */
export interface MailFlags {
  eximConfig?: string;
  eximBp?: string;
  eximBt?: string;
  postfixConfig?: string;
  postconf: string[];
  dns: string[];
  dnsServer?: string;
  offline?: boolean;
  uid?: string;
  gid?: string;
  json?: boolean;
}

export interface InputFlags extends MailFlags {
  iptables: string[];
  ip6tables: string[];
  nft: string[];
  oif?: string;
  src?: string;
  mtaContainer: string[];
  family?: '4' | '6';
  live?: boolean;
  bundle?: string;
}

/** The input options explain and check share (acquisition is src/input/acquire.ts). */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--iptables <file>', 'IPv4 ruleset: iptables -L -n -v / iptables-save / -S / a script (repeatable; - = stdin)', collect, [])
    .option('--ip6tables <file>', 'IPv6 ruleset, same formats (repeatable)', collect, [])
    .option('--nft <file>', 'nftables ruleset: nft list ruleset (text, -a, -n) or nft -j list ruleset; ip tables filter IPv4, ip6 IPv6, inet both (repeatable; - = stdin)', collect, [])
    .option('--exim-config <file>', 'Exim configuration file')
    .option('--exim-bp <file>', 'output of `exim -bP config`')
    .option('--exim-bt <file>', 'output of `exim -bt ADDRESS`')
    .option('--postfix-config <path>', 'Postfix main.cf, or its directory (master.cf and the lookup tables it names for routing are read beside it)')
    .option('--postconf <file>', 'output of `postconf -n`, `postconf`, `postconf -M` or `postconf -P` (repeatable)', collect, [])
    .option('--dns <file>', 'DNS records: a zone file or dig output (repeatable)', collect, [])
    .option('--dns-server <addr>', 'ask this DNS server (ADDR[:PORT])')
    .option('--offline', 'do not use DNS at all')
    .option('--uid <uid>', "the MTA's uid (number or user name)")
    .option('--gid <gid>', "the MTA's gid (number or group name)")
    .option('--oif <iface>', 'the out-interface of mail traffic')
    .option('--src <addr>', "this host's source address for mail")
    .option('--mta-container <addr@iface>', 'the MTA runs in a container at ADDR on bridge IFACE (e.g. 172.22.1.5@br-mailcow; once per family): its mail is forwarded (FORWARD, DOCKER-USER), not sent through OUTPUT. Not for rootless Podman (slirp4netns, pasta): its connections leave through OUTPUT as the user who runs it (give --uid)', collect, [])
    .addOption(new Option('--family <n>', 'family of a pasted ruleset that does not show it').choices(['4', '6']))
    .option('--live', 'collect from this machine; inputs given as flags or on stdin replace that kind of live collection (--iptables replaces iptables-save, --exim-config exim -bP config)')
    .option('--bundle <file>', 'a bundle written by `mailleak collect --script` on the server (- = stdin; a bundle piped to stdin is recognised without it)')
    .option('--json', 'JSON output (docs/json-schema.md)');
}

export function toAcquireOptions(flags: InputFlags): AcquireOptions {
  const options: AcquireOptions = { iptables: flags.iptables, ip6tables: flags.ip6tables, dns: flags.dns, stdinIsTTY: process.stdin.isTTY === true, stdinIsNull: stdinIsNullDevice() };
  if (flags.nft.length > 0) options.nft = flags.nft;
  if (flags.eximConfig !== undefined) options.eximConfig = flags.eximConfig;
  if (flags.eximBp !== undefined) options.eximBp = flags.eximBp;
  if (flags.eximBt !== undefined) options.eximBt = flags.eximBt;
  if (flags.postfixConfig !== undefined) options.postfixConfig = flags.postfixConfig;
  if (flags.postconf.length > 0) options.postconf = flags.postconf;
  if (flags.dnsServer !== undefined) options.dnsServer = flags.dnsServer;
  if (flags.offline) options.offline = true;
  if (flags.uid !== undefined) options.uid = flags.uid;
  if (flags.gid !== undefined) options.gid = flags.gid;
  if (flags.oif !== undefined) options.oif = flags.oif;
  if (flags.src !== undefined) options.src = flags.src;
  if (flags.mtaContainer.length > 0) options.mtaContainer = flags.mtaContainer;
  if (flags.family !== undefined) options.family = flags.family === '6' ? 6 : 4;
  if (flags.live) options.live = true;
  if (flags.bundle !== undefined) options.bundle = flags.bundle;
  return options;
}

/** Exit 2 when nothing usable was read: no section at all, or a ruleset no parser could read. */
export function assertReadable(inputs: CollectedInputs, report: Report): void {
  const unreadable = findUnreadable(inputs, report);
  if (unreadable !== undefined) throw new UsageError(describeUnreadable(unreadable));
}

/** Exit 2 when no section at all was read, with the first problem. */
export function assertSomethingRead(inputs: CollectedInputs): void {
  const nothing = findNothingRead(inputs);
  if (nothing !== undefined) throw new UsageError(describeUnreadable(nothing));
}

/** --demo: the bundled example's inputs (explain and egress). */
export async function demoInputs(): Promise<CollectedInputs> {
  const dir = findDemoDir();
  if (!dir) throw new UsageError('--demo: the bundled fixtures/demo folder was not found next to the program');
  return loadDemoInputs(dir);
}
