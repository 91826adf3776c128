// `mailleak trace`: one outgoing (or, with --forward, forwarded) packet through the supplied ruleset, shown rule by rule.
// Wiring only: options → Packet, files → text, the trace analysis → renderer.
import type { Command } from 'commander';
import { traceThrough } from '../../analyses/trace/trace.js';
import type { IpAddress } from '../../firewall/address.js';
import { parseIp } from '../../firewall/address.js';
import type { Range } from '../../firewall/model.js';
import { MIN_COLLAPSED_RUN } from '../../firewall/simulate/collapse.js';
import type { Packet } from '../../firewall/simulate/types.js';
import { EPHEMERAL_PORTS } from '../../firewall/simulate/types.js';
import { LOCAL_ORIGIN, type PacketOrigin } from '../../firewall/hooks.js';
import { readInput } from '../../input/node/read.js';
import { paletteForStdout } from '../../report/color.js';
import { renderTraceJson } from '../../report/trace-json.js';
import { renderTraceText } from '../../report/trace-text.js';
import { UsageError } from '../shared/exit.js';
import { collect } from '../shared/options.js';

interface TraceOptions {
  to?: string;
  port?: string;
  proto: string;
  uid?: string;
  gid?: string;
  oif?: string;
  src?: string;
  sport?: string;
  state: string;
  forward?: boolean;
  in?: string;
  iptables: string[];
  ip6tables: string[];
  iptablesLegacy: string[];
  ip6tablesLegacy: string[];
  nft: string[];
  json?: boolean;
  full?: boolean;
}

function parseAddress(option: string, text: string): IpAddress {
  const address = parseIp(text);
  if (!address) throw new UsageError(`${option}: "${text}" is not an IPv4 or IPv6 address`);
  return address;
}

function parseInteger(option: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${option}: "${text}" is not a number from ${min} to ${max}`);
  return Number(text);
}

function checkInterface(option: string, name: string): string {
  // IFNAMSIZ is 16 with the NUL: 15 characters, no blank or slash (dev_valid_name in net/core/dev.c)
  if (!/^[^\s/]{1,15}$/.test(name)) throw new UsageError(`${option}: "${name}" is not an interface name`);
  return name;
}

/** --forward [--in IFACE]: a packet routed through this host (a container's), with no socket behind it. */
function originOf(o: TraceOptions): PacketOrigin {
  if (!o.forward) {
    if (o.in !== undefined) throw new UsageError('--in IFACE describes a forwarded packet: give --forward too');
    return LOCAL_ORIGIN;
  }
  if (o.uid !== undefined || o.gid !== undefined) throw new UsageError('--uid/--gid: a forwarded packet has no sending process on this host (owner matches never match it); drop them or --forward');
  return o.in !== undefined ? { kind: 'forwarded', iif: checkInterface('--in', o.in) } : { kind: 'forwarded' };
}

function buildPacket(o: TraceOptions): Packet {
  if (o.to === undefined) throw new UsageError('trace: --to ADDR is required (the destination address, e.g. a mail server\'s)');
  if (o.port === undefined) throw new UsageError('trace: --port N is required (25, 465, 587 …)');
  const dst = parseAddress('--to', o.to);
  const proto = o.proto.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp') throw new UsageError(`--proto: "${o.proto}" is not tcp or udp`);
  const state = o.state.toUpperCase();
  if (state !== 'NEW' && state !== 'ESTABLISHED') throw new UsageError(`--state: "${o.state}" is not NEW or ESTABLISHED`);
  const sport: Range = o.sport === undefined ? EPHEMERAL_PORTS : { from: parseInteger('--sport', o.sport, 1, 65535), to: Number(o.sport) };
  const packet: Packet = { family: dst.family, protocol: proto === 'tcp' ? 6 : 17, dst, dport: parseInteger('--port', o.port, 1, 65535), sport, state };
  const origin = originOf(o);
  if (origin.kind === 'forwarded') packet.origin = origin;
  if (o.src !== undefined) {
    packet.src = parseAddress('--src', o.src);
    if (packet.src.family !== dst.family) throw new UsageError(`--src ${o.src} and --to ${o.to} are of different address families`);
  }
  if (o.uid !== undefined) packet.uid = parseInteger('--uid', o.uid, 0, 4294967294);
  if (o.gid !== undefined) packet.gid = parseInteger('--gid', o.gid, 0, 4294967294);
  if (o.oif !== undefined) packet.oif = checkInterface('--oif', o.oif);
  return packet;
}

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('Follow one outgoing packet (or, with --forward, one routed through this host) through the iptables/ip6tables rules and show every rule it meets.')
    .option('--to <addr>', 'destination address (its family picks --iptables or --ip6tables input)')
    .option('--port <n>', 'destination port')
    .option('--proto <tcp|udp>', 'protocol', 'tcp')
    .option('--uid <n>', 'uid of the sending process (owner matches)')
    .option('--gid <n>', 'gid of the sending process')
    .option('--oif <name>', 'out-interface the route uses')
    .option('--src <addr>', 'source address (this host\'s; with --forward, the sender\'s, e.g. a container\'s)')
    .option('--forward', 'a packet routed through this host (from a container or another machine): PREROUTING → FORWARD → POSTROUTING, not OUTPUT')
    .option('--in <iface>', 'with --forward: the interface it arrives on (a Docker bridge: docker0, br-…)')
    .option('--sport <n>', `source port (default: any of ${EPHEMERAL_PORTS.from}-${EPHEMERAL_PORTS.to})`)
    .option('--state <NEW|ESTABLISHED>', 'the connection\'s first packet (SYN) or a later one', 'NEW')
    .option('--iptables <file>', 'IPv4 rules: iptables-save or iptables -L -n -v output (repeatable; - = stdin)', collect, [])
    .option('--ip6tables <file>', 'IPv6 rules: ip6tables-save or ip6tables -L -n -v output (repeatable; - = stdin)', collect, [])
    .option('--iptables-legacy <file>', 'IPv4 rules from iptables-legacy-save beside --iptables (iptables-nft) ones: the kernel runs both (repeatable)', collect, [])
    .option('--ip6tables-legacy <file>', 'IPv6 rules from ip6tables-legacy-save beside --ip6tables ones (repeatable)', collect, [])
    .option('--nft <file>', 'nftables rules: nft list ruleset (text, -a, -n) or nft -j list ruleset (repeatable; - = stdin)', collect, [])
    .option('--json', 'print one JSON object')
    .option('--full', `list every rule visited (by default a run of ${MIN_COLLAPSED_RUN} or more non-matching rules is one line)`)
    .action(async (options: TraceOptions, cmd: Command) => {
      const packet = buildPacket(options);
      const all = [...options.iptables, ...options.ip6tables, ...options.iptablesLegacy, ...options.ip6tablesLegacy, ...options.nft];
      if (all.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
      // read every file named, so that a mistyped path is reported whichever family is traced
      const inputs = await Promise.all(all.map((path) => readInput(path)));
      const ipt = options.iptables.length + options.ip6tables.length;
      const legacyEnd = ipt + options.iptablesLegacy.length + options.ip6tablesLegacy.length;
      const texts = [
        ...inputs.slice(0, ipt).map((input, i) => ({ ...input, family: i < options.iptables.length ? (4 as const) : (6 as const) })),
        ...inputs.slice(ipt, legacyEnd).map((input, i) => ({ ...input, family: i < options.iptablesLegacy.length ? (4 as const) : (6 as const), backend: 'legacy' as const })),
      ];
      const { result, ruleset, legacy, diagnostics } = traceThrough(texts, packet, inputs.slice(legacyEnd));
      if (options.json) {
        process.stdout.write(renderTraceJson({ result, packet, diagnostics, full: options.full }));
        return;
      }
      const palette = paletteForStdout(cmd.optsWithGlobals().color as boolean | undefined);
      process.stdout.write(renderTraceText({ result, packet, ...(ruleset ? { ruleset } : {}), ...(legacy ? { legacy } : {}), diagnostics, palette, full: options.full }));
    });
}
