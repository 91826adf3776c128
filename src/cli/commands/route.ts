// `mailleak route <recipient>`: the delivery plan for one recipient — which router takes it, the
// transport, and every connection Exim would try, in order. Wires options to the planner and
// picks a renderer; never runs `exim -bt` (router conditions can have side effects).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import type { Diagnostic } from '../../diagnostics.js';
import { createLiveResolver, checkDnsServer } from '../../mail/dns/live-resolver.js';
import { createOfflineResolver } from '../../mail/dns/offline-resolver.js';
import { createRecordsResolver } from '../../mail/dns/records-resolver.js';
import type { Resolver } from '../../mail/dns/resolver.js';
import { parseZoneText } from '../../mail/dns/zone-parse.js';
import type { ZoneRecord } from '../../mail/dns/zone-record.js';
import { readBtOutput } from '../../mail/exim/bt-output.js';
import type { EximConfig } from '../../mail/exim/config.js';
import { readEximBpConfig, readEximConfigFile } from '../../mail/exim/read-config.js';
import { planDelivery, type PlanContext, type PlanInputs } from '../../mail/plan.js';
import { MAX_INPUT_BYTES, readInput } from '../../input/node/read.js';
import { paletteForStdout } from '../../report/color.js';
import { renderRouteJson } from '../../report/route-json.js';
import { renderRouteText } from '../../report/route-text.js';
import { EXIT, UsageError } from '../exit.js';

interface RouteFlags {
  eximConfig?: string;
  eximBp?: string;
  eximBt?: string;
  dns: string[];
  dnsServer?: string;
  offline?: boolean;
  uid?: string;
  gid?: string;
  define: string[];
  readLookups?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerRoute(program: Command): void {
  program
    .command('route')
    .description('show where Exim delivers mail for a recipient: router, transport, and each connection attempt in order')
    .argument('<recipient>', 'an address (user@gmail.com) or a bare domain (routed as postmaster@domain)')
    .option('--exim-config <file>', 'Exim configuration file (macros, .ifdef, .include are processed)')
    .option('--exim-bp <file>', 'output of `exim -bP config` (preferred: Exim already resolved macros and includes)')
    .option('--exim-bt <file>', 'output of `exim -bt ADDRESS` (authoritative about router and hosts)')
    .option('--dns <file>', 'DNS records: a zone file or dig output (repeatable)', collect, [])
    .option('--dns-server <addr>', 'ask this DNS server (ADDR[:PORT])')
    .option('--offline', 'do not use DNS at all (host addresses become unknown)')
    .option('--uid <n>', "the Exim user's uid (the owner of its SMTP connections)")
    .option('--gid <n>', "the Exim user's gid")
    .option('--define <NAME=VALUE>', 'an Exim -D macro for --exim-config (repeatable)', collect, [])
    .option('--read-lookups', 'read lsearch lookups and list files named by the configuration from this machine')
    .option('--json', 'JSON output')
    .action(async (recipient: string, flags: RouteFlags, cmd: Command) => {
      checkRecipient(recipient);
      const inputs = await readEximInputs(flags);
      const dns = await chooseResolver(flags);
      const ctx: PlanContext = { resolver: dns, readLookups: flags.readLookups === true, primaryHostname: hostname() };
      if (flags.uid !== undefined) ctx.uid = readId(flags.uid, '--uid');
      if (flags.gid !== undefined) ctx.gid = readId(flags.gid, '--gid');
      const passwd = readLocalFile('/etc/passwd');
      const group = readLocalFile('/etc/group');
      if (passwd !== undefined) ctx.passwd = passwd;
      if (group !== undefined) ctx.group = group;
      if (flags.readLookups) ctx.readLookupFile = readLocalFile;
      const plan = await planDelivery(recipient, inputs, ctx);
      const colorOption = (cmd.parent?.opts() as { color?: boolean } | undefined)?.color;
      process.stdout.write(flags.json ? renderRouteJson(plan, dns.description) : renderRouteText(plan, dns.description, paletteForStdout(colorOption)));
      process.exitCode = EXIT.ok;
    });
}

function checkRecipient(recipient: string): void {
  const domain = recipient.trim().replace(/^<|>$/g, '').split('@').pop() ?? '';
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?)$/.test(domain) || /\s/.test(recipient.trim())) {
    throw new UsageError(`recipient ${JSON.stringify(recipient)} is not a mail address or domain (e.g. user@gmail.com or gmail.com)`);
  }
}

function readId(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 4294967294) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a numeric id`);
  return Number(value);
}

function readLocalFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Reads an included configuration file; too large or unreadable counts as missing (a diagnostic). */
function readIncludedFile(path: string): string | undefined {
  const text = readLocalFile(path);
  return text !== undefined && text.length <= MAX_INPUT_BYTES ? text : undefined;
}

async function readEximInputs(flags: RouteFlags): Promise<PlanInputs> {
  if (flags.eximConfig !== undefined && flags.eximBp !== undefined) throw new UsageError('give either --exim-config or --exim-bp, not both');
  const defines = readDefines(flags.define);
  if (Object.keys(defines).length > 0 && flags.eximConfig === undefined) throw new UsageError('--define needs --exim-config (exim -bP config output already has macros applied)');
  const inputs: PlanInputs = {};
  let config: EximConfig | undefined;
  if (flags.eximConfig !== undefined) {
    const input = await readInput(flags.eximConfig);
    config = readEximConfigFile(input.text, input.origin, { defines, readFile: readIncludedFile });
  } else if (flags.eximBp !== undefined) {
    const input = await readInput(flags.eximBp);
    config = readEximBpConfig(input.text, input.origin);
  }
  if (config) {
    refuseOnErrors(config.diagnostics);
    inputs.config = config;
  }
  if (flags.eximBt !== undefined) {
    const input = await readInput(flags.eximBt);
    const bt = readBtOutput(input.text, input.origin);
    if (bt.blocks.length === 0) {
      const first = bt.diagnostics[0];
      throw new UsageError(first?.loc ? `${first.loc.origin}:${first.loc.line}: not exim -bt output` : `${input.origin}: no exim -bt output found`);
    }
    inputs.bt = bt;
  }
  return inputs;
}

/** Errors Exim itself would refuse to start with become exit 2, each as `file:line: message`. */
function refuseOnErrors(diagnostics: Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  const lines = errors.map((d) => (d.loc ? `${d.loc.origin}:${d.loc.line}: ${d.message}` : d.message));
  throw new UsageError(lines.join('\nmailleak: '));
}

function readDefines(defines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of defines) {
    const m = /^([A-Z][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(d);
    if (!m) throw new UsageError(`--define ${JSON.stringify(d)}: expected NAME=VALUE with NAME starting with an upper-case letter`);
    out[m[1]!] = m[2] ?? '';
  }
  return out;
}

async function chooseResolver(flags: RouteFlags): Promise<Resolver> {
  const given = [flags.offline ? '--offline' : '', flags.dns.length > 0 ? '--dns' : '', flags.dnsServer !== undefined ? '--dns-server' : ''].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} cannot be combined: choose one source of DNS answers`);
  if (flags.offline) return createOfflineResolver();
  if (flags.dnsServer !== undefined) {
    const problem = checkDnsServer(flags.dnsServer);
    if (problem) throw new UsageError(`--dns-server: ${problem}`);
    return createLiveResolver({ server: flags.dnsServer });
  }
  if (flags.dns.length === 0) return createLiveResolver();
  const records: ZoneRecord[] = [];
  for (const file of flags.dns) {
    const input = await readInput(file);
    const parsed = parseZoneText(input.text, input.origin);
    refuseOnErrors(parsed.diagnostics);
    for (const r of parsed.records) records.push(r);
  }
  return createRecordsResolver(records, `records from ${flags.dns.join(', ')}`);
}
