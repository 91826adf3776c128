// `mailleak explain DOMAIN|ADDRESS`: wires options to acquisition and the analysis core, picks
// a renderer, and maps the outcome to an exit code (0 whenever an analysis was produced).
// Also registers `check` (check.ts), which shares the input options.
import { Command, Option } from 'commander';
import { formatDiagnostic } from '../../diagnostics.js';
import { analyse } from '../../analyses/explain/analyse.js';
import { findDemoDir, loadDemoInputs } from '../../analyses/explain/demo.js';
import type { Report } from '../../analyses/explain/types.js';
import { acquireInputs, type AcquireOptions } from '../../input/acquire.js';
import type { CollectedInputs } from '../../input/collected.js';
import { paletteForStdout } from '../../report/color.js';
import { renderExplainJson } from '../../report/explain-json.js';
import { renderExplainText } from '../../report/explain-text.js';
import { EXIT, UsageError } from '../exit.js';
import { registerCheck } from './check.js';

export interface InputFlags {
  iptables: string[];
  ip6tables: string[];
  eximConfig?: string;
  eximBp?: string;
  eximBt?: string;
  dns: string[];
  dnsServer?: string;
  offline?: boolean;
  uid?: string;
  gid?: string;
  oif?: string;
  src?: string;
  family?: '4' | '6';
  live?: boolean;
  json?: boolean;
  bundle?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
/** `--allow a.com,b.com --allow c.com` → [a.com, b.com, c.com] */
export const collectList = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** The input options explain and check share (acquisition is src/input/acquire.ts). */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--iptables <file>', 'IPv4 ruleset: iptables -L -n -v / iptables-save / -S / a script (repeatable; - = stdin)', collect, [])
    .option('--ip6tables <file>', 'IPv6 ruleset, same formats (repeatable)', collect, [])
    .option('--exim-config <file>', 'Exim configuration file')
    .option('--exim-bp <file>', 'output of `exim -bP config`')
    .option('--exim-bt <file>', 'output of `exim -bt ADDRESS`')
    .option('--dns <file>', 'DNS records: a zone file or dig output (repeatable)', collect, [])
    .option('--dns-server <addr>', 'ask this DNS server (ADDR[:PORT])')
    .option('--offline', 'do not use DNS at all')
    .option('--uid <uid>', "the MTA's uid (number or user name)")
    .option('--gid <gid>', "the MTA's gid (number or group name)")
    .option('--oif <iface>', 'the out-interface of mail traffic')
    .option('--src <addr>', "this host's source address for mail")
    .addOption(new Option('--family <n>', 'family of a pasted ruleset that does not show it').choices(['4', '6']))
    .option('--live', 'collect from this machine even when stdin is a pipe')
    .option('--bundle <file>', 'a bundle written by `mailleak collect --script` on the server (- = stdin; a bundle piped to stdin is recognised without it)')
    .option('--json', 'JSON output (docs/json-schema.md)');
}

export function toAcquireOptions(flags: InputFlags): AcquireOptions {
  const options: AcquireOptions = { iptables: flags.iptables, ip6tables: flags.ip6tables, dns: flags.dns, stdinIsTTY: process.stdin.isTTY === true };
  if (flags.eximConfig !== undefined) options.eximConfig = flags.eximConfig;
  if (flags.eximBp !== undefined) options.eximBp = flags.eximBp;
  if (flags.eximBt !== undefined) options.eximBt = flags.eximBt;
  if (flags.dnsServer !== undefined) options.dnsServer = flags.dnsServer;
  if (flags.offline) options.offline = true;
  if (flags.uid !== undefined) options.uid = flags.uid;
  if (flags.gid !== undefined) options.gid = flags.gid;
  if (flags.oif !== undefined) options.oif = flags.oif;
  if (flags.src !== undefined) options.src = flags.src;
  if (flags.family !== undefined) options.family = flags.family === '6' ? 6 : 4;
  if (flags.live) options.live = true;
  if (flags.bundle !== undefined) options.bundle = flags.bundle;
  return options;
}

/** A domain or an address at one; anything else is a usage error. */
export function checkTarget(target: string, what = 'target'): void {
  const domain = target.slice(target.lastIndexOf('@') + 1).replace(/\.$/, '');
  if (!/^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(domain)) {
    throw new UsageError(`${what} ${JSON.stringify(target)} is not a mail domain or address (e.g. gmail.com or user@gmail.com)`);
  }
}

/** Exit 2 when nothing usable was read: no section at all, or a ruleset no parser could read. */
export function assertReadable(inputs: CollectedInputs, report: Report): void {
  if (inputs.sections.length === 0) {
    const problem = inputs.problems[0];
    throw new UsageError(problem ? `${problem.what}: ${problem.message}` : 'no input was read');
  }
  const firewallRead = report.inputs.some((i) => i.kind.startsWith('iptables'));
  const rulesRead = report.inputs.some((i) => i.kind.startsWith('iptables') && !/: 0 rules in 0 chains/.test(i.summary));
  if (firewallRead && !rulesRead) {
    const error = report.diagnostics.find((d) => d.severity === 'error');
    if (error) throw new UsageError(formatDiagnostic(error).split('\n')[0]!.replace(/ \[[\w-]+\]$/, ''));
  }
}

export function registerExplain(program: Command): void {
  addInputOptions(
    program
      .command('explain')
      .argument('<target>', 'a mail domain (gmail.com) or address (user@gmail.com)')
      .description('Explains why mail to TARGET leaks through (or is blocked by) the firewall: the delivery plan joined with a trace of every connection attempt.')
      .option('--allow <domain>', 'the domain(s) mail is meant to reach (repeatable, comma-separated): checks their MX hosts are covered', collectList, [])
      .option('--demo', 'run the bundled ServerFault 930157 example (CSF listing, gmail.com zone)'),
  ).action(async (target: string, flags: InputFlags & { allow: string[]; demo?: boolean }, cmd: Command) => {
    checkTarget(target);
    for (const d of flags.allow) checkTarget(d, '--allow');
    const inputs = flags.demo ? await demoInputs() : await acquireInputs(toAcquireOptions(flags));
    const report = await analyse(inputs, target, { allow: flags.allow });
    assertReadable(inputs, report);
    const color = (cmd.optsWithGlobals() as { color?: boolean }).color;
    process.stdout.write(flags.json ? renderExplainJson(report) : renderExplainText(report, paletteForStdout(color)));
    process.exitCode = EXIT.ok;
  });
  registerCheck(program);
}

/** --demo: the bundled example's inputs (explain and egress). */
export async function demoInputs(): Promise<CollectedInputs> {
  const dir = findDemoDir();
  if (!dir) throw new UsageError('--demo: the bundled fixtures/demo folder was not found next to the program');
  return loadDemoInputs(dir);
}
