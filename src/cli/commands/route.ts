// `mailleak route <recipient>`: the delivery plan for one recipient — which router takes it, the
// transport, and every connection Exim would try, in order. Wires options to acquisition and
// the route analysis (src/analyses/route) and picks a renderer; never runs `exim -bt` (router
// conditions can have side effects).
import type { Command } from 'commander';
import { chooseRouteResolver, errorsIn, readRouteBt, readRouteConfig, type DnsSource } from '../../analyses/route/route.js';
import type { Diagnostic } from '../../diagnostics.js';
import { diagnosticMessage } from '../../report/diagnostic-text.js';
import { readHostFiles } from '../../input/node/host-files.js';
import { readFileText, readInput, readLocalFile } from '../../input/node/read.js';
import { runCommand } from '../../input/node/run-command.js';
import { collectLive } from '../../input/live.js';
import { planLiveRoute } from '../../analyses/route/route-live.js';
import { MAX_INPUT_BYTES } from '../../input/read.js';
import { liveDns } from '../../mail/dns/live-resolver.js';
import type { Resolver } from '../../mail/dns/resolver.js';
import { checkDnsServer } from '../../mail/dns/server-address.js';
import type { EximConfig } from '../../mail/exim/config.js';
import { planDelivery, type PlanContext, type PlanInputs } from '../../mail/plan.js';
import { classifyMailTarget } from '../../mail/target.js';
import { planPostfixDelivery } from '../../mail/postfix/plan.js';
import type { DeliveryPlan } from '../../mail/types.js';
import { readRoutePostfix } from '../../analyses/route/route-postfix.js';
import { paletteForStdout } from '../../report/color.js';
import { renderRouteJson } from '../../report/route-json.js';
import { renderRouteText } from '../../report/route-text.js';
import { EXIT, UsageError } from '../shared/exit.js';
import type { MailFlags } from '../shared/input-options.js';
import { collect, readSender, SENDER_HELP } from '../shared/options.js';

interface RouteFlags extends MailFlags {
  define: string[];
  sender?: string;
  live?: boolean;
  readLookups?: boolean;
}

export function registerRoute(program: Command): void {
  program
    .command('route')
    .description('show where the MTA (Exim, or Postfix with --postfix-config/--postconf) delivers mail for a recipient: router or next hop, transport, and each connection attempt in order')
    .argument('<recipient>', 'an address (user@gmail.com) or a bare domain (routed as postmaster@domain)')
    .option('--exim-config <file>', 'Exim configuration file (macros, .ifdef, .include are processed)')
    .option('--exim-bp <file>', 'output of `exim -bP config` (preferred: Exim already resolved macros and includes)')
    .option('--exim-bt <file>', 'output of `exim -bt ADDRESS` (authoritative about router and hosts)')
    .option('--postfix-config <path>', 'Postfix main.cf, or its directory (master.cf and the routing tables it names are read beside it)')
    .option('--postconf <file>', 'output of `postconf -n`, `postconf`, `postconf -M` or `postconf -P` (repeatable)', collect, [])
    .option('--dns <file>', 'DNS records: a zone file or dig output (repeatable)', collect, [])
    .option('--dns-server <addr>', 'ask this DNS server (ADDR[:PORT])')
    .option('--offline', 'do not use DNS at all (host addresses become unknown)')
    .option('--uid <n>', "the Exim user's uid (the owner of its SMTP connections)")
    .option('--gid <n>', "the Exim user's gid")
    .option('--sender <addr>', SENDER_HELP)
    .option('--define <NAME=VALUE>', 'an Exim -D macro for --exim-config (repeatable)', collect, [])
    .option('--read-lookups', 'read lsearch lookups and list files named by the configuration from this machine')
    .option('--live', "read this machine's MTA configuration as explain --live does (which MTA listens on 25, exim -bP config, postconf -n/-M/-P and the tables they name, a container's postconf); the firewall is not read")
    .option('--json', 'JSON output')
    .action(async (recipient: string, flags: RouteFlags, cmd: Command) => {
      checkRecipient(recipient);
      if (flags.live) return routeLive(recipient, flags, cmd);
      const postfix = flags.postfixConfig !== undefined || flags.postconf.length > 0;
      if (postfix && (flags.eximConfig !== undefined || flags.eximBp !== undefined || flags.eximBt !== undefined)) throw new UsageError('give the Exim inputs or the Postfix inputs (--postfix-config, --postconf), not both');
      const inputs = postfix ? {} : await readEximInputs(flags);
      const dns = await chooseResolver(flags);
      const host = readHostFiles();
      const sender = readSender(flags.sender);
      const ctx: PlanContext = { resolver: dns, readLookups: flags.readLookups === true, primaryHostname: host.hostname, ...(sender !== undefined ? { sender } : {}) };
      if (flags.uid !== undefined) ctx.uid = readId(flags.uid, '--uid');
      if (flags.gid !== undefined) ctx.gid = readId(flags.gid, '--gid');
      if (host.passwd !== undefined) ctx.passwd = host.passwd;
      if (host.group !== undefined) ctx.group = host.group;
      if (flags.readLookups) ctx.readLookupFile = (path) => readLocalFile(path);
      const plan = postfix ? await planPostfix(recipient, flags, ctx) : await planDelivery(recipient, inputs, ctx);
      const colorOption = (cmd.parent?.opts() as { color?: boolean } | undefined)?.color;
      process.stdout.write(flags.json ? renderRouteJson(plan, dns.description) : renderRouteText(plan, dns.description, paletteForStdout(colorOption)));
      process.exitCode = EXIT.ok;
    });
}

/** --live: the host's MTA configuration, collected as explain --live collects it (not the firewall). */
async function routeLive(recipient: string, flags: RouteFlags, cmd: Command): Promise<void> {
  const given = [flags.eximConfig !== undefined ? '--exim-config' : '', flags.eximBp !== undefined ? '--exim-bp' : '', flags.eximBt !== undefined ? '--exim-bt' : '', flags.postfixConfig !== undefined ? '--postfix-config' : '', flags.postconf.length > 0 ? '--postconf' : '', flags.define.length > 0 ? '--define' : ''].filter(Boolean);
  if (given.length > 0) throw new UsageError(`--live reads the MTA configuration from this machine: it cannot be combined with ${given[0]}`);
  const sender = readSender(flags.sender);
  const dns = await chooseResolver(flags);
  const host = readHostFiles();
  const { plan, problems } = await planLiveRoute(recipient, dns, {
    // the firewall is not route's question: marked as supplied, it is not collected
    collect: () => collectLive({ run: runCommand, readFile: (path) => readFileText(path), platform: process.platform, supplied: { iptables: true, ip6tables: true, nft: true } }),
    ...(host.hostname !== undefined ? { hostname: host.hostname } : {}),
    ...(flags.uid !== undefined ? { uid: readId(flags.uid, '--uid') } : {}),
    ...(flags.gid !== undefined ? { gid: readId(flags.gid, '--gid') } : {}),
    ...(sender !== undefined ? { sender } : {}),
  });
  // what could not be read (not root, a command missing) is said, as explain says it
  for (const p of problems) process.stderr.write(`mailleak: live: ${p.what}: ${p.message}\n`);
  const colorOption = (cmd.parent?.opts() as { color?: boolean } | undefined)?.color;
  process.stdout.write(flags.json ? renderRouteJson(plan, dns.description) : renderRouteText(plan, dns.description, paletteForStdout(colorOption)));
  process.exitCode = EXIT.ok;
}

/** Postfix's plan; a named table that cannot be read makes lookups in it unknown (the plan says so). */
async function planPostfix(recipient: string, flags: RouteFlags, ctx: PlanContext): Promise<DeliveryPlan> {
  const read = await readRoutePostfix(flags, async (path) => (await readInput(path)).text);
  refuseOnErrors(read.config.diagnostics);
  return planPostfixDelivery(recipient, read.config, {
    resolver: ctx.resolver, ...(ctx.primaryHostname !== undefined ? { hostname: ctx.primaryHostname } : {}),
    ...(ctx.uid !== undefined ? { uid: ctx.uid } : {}), ...(ctx.gid !== undefined ? { gid: ctx.gid } : {}), ...(ctx.passwd !== undefined ? { passwd: ctx.passwd } : {}),
    ...(ctx.sender !== undefined ? { sender: ctx.sender } : {}),
  });
}

/** Any routable name or an address literal (root@localhost too), with or without <>; no spaces. */
function checkRecipient(recipient: string): void {
  if (classifyMailTarget(recipient.trim().replace(/^<|>$/g, '')) === undefined || /\s/.test(recipient.trim())) {
    throw new UsageError(`recipient ${JSON.stringify(recipient)} is not a mail address or domain (e.g. user@gmail.com or gmail.com)`);
  }
}

function readId(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 4294967294) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a numeric id`);
  return Number(value);
}

async function readEximInputs(flags: RouteFlags): Promise<PlanInputs> {
  if (flags.eximConfig !== undefined && flags.eximBp !== undefined) throw new UsageError('give either --exim-config or --exim-bp, not both');
  const defines = readDefines(flags.define);
  if (Object.keys(defines).length > 0 && flags.eximConfig === undefined) throw new UsageError('--define needs --exim-config (exim -bP config output already has macros applied)');
  const inputs: PlanInputs = {};
  let config: EximConfig | undefined;
  if (flags.eximConfig !== undefined) {
    // an included file too large or unreadable counts as missing (a diagnostic)
    config = readRouteConfig(await readInput(flags.eximConfig), 'file', { defines, readFile: (path) => readLocalFile(path, MAX_INPUT_BYTES) });
  } else if (flags.eximBp !== undefined) {
    config = readRouteConfig(await readInput(flags.eximBp), 'bp', { defines });
  }
  if (config) {
    refuseOnErrors(config.diagnostics);
    inputs.config = config;
  }
  if (flags.eximBt !== undefined) {
    const input = await readInput(flags.eximBt);
    const read = readRouteBt(input);
    if ('notBt' in read) {
      const first = read.notBt;
      throw new UsageError(first?.loc ? `${first.loc.origin}:${first.loc.line}: not exim -bt output` : `${input.origin}: no exim -bt output found`);
    }
    inputs.bt = read.bt;
  }
  return inputs;
}

/** Errors Exim itself would refuse to start with become exit 2, each as `file:line: message`. */
function refuseOnErrors(diagnostics: Diagnostic[]): void {
  const errors = errorsIn(diagnostics);
  if (errors.length > 0) throw refusal(errors);
}

function refusal(errors: Diagnostic[]): UsageError {
  return new UsageError(errors.map((d) => (d.loc ? `${d.loc.origin}:${d.loc.line}: ${diagnosticMessage(d)}` : diagnosticMessage(d))).join('\nmailleak: '));
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
  if (flags.dnsServer !== undefined) {
    const problem = checkDnsServer(flags.dnsServer);
    if (problem) throw new UsageError(`--dns-server: ${problem}`);
  }
  const source: DnsSource = flags.offline ? { kind: 'offline' } : flags.dnsServer !== undefined ? { kind: 'server', server: flags.dnsServer } : flags.dns.length > 0 ? { kind: 'records', paths: flags.dns } : { kind: 'system' };
  const chosen = await chooseRouteResolver(source, { liveDns, readText: readInput });
  if ('errors' in chosen) throw refusal(chosen.errors);
  return chosen.resolver;
}
