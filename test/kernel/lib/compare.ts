// Asks the simulator about a probe the kernel decided, from the listing text, the save text and
// the loaded rules written as a shell script of iptables commands, and says whether it agrees: same verdict, same deciding rule (table, chain,
// position or policy) and the same nat rewrite. UNKNOWN on a fully specified packet is a
// disagreement too.
import { parseIp } from '../../../src/firewall/address.js';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseRuleCommands } from '../../../src/firewall/parse/commands.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import type { DecidedBy, Packet, TraceResult } from '../../../src/firewall/simulate/types.js';
import type { KernelAnswer } from './counters.js';
import type { CapturedRuleset, KernelProbe } from './rig.js';
import { describeCause } from '../../../src/firewall/simulate/uncertainty-text.js';

export type TextKind = 'listing' | 'save' | 'script';
export const TEXT_KINDS: readonly TextKind[] = ['listing', 'save', 'script'];

/** The three texts of one load, parsed (or the exception a parser threw, itself a bug). */
export type ParsedTexts = Record<TextKind, { text: string; ruleset?: Ruleset; error?: string }>;

export interface Verdict {
  kind: TextKind;
  agreed: boolean;
  /** one line: what the simulator said and, when it disagrees, why */
  summary: string;
}

/** The listing as a user would paste both commands' output, with the root prompt lines. */
export function listingText(captured: CapturedRuleset): string {
  const tool = captured.family === 6 ? 'ip6tables' : 'iptables';
  return [
    `# ${tool} -L -n -v -x --line-numbers`,
    captured.listingFilter.trimEnd(),
    `# ${tool} -t nat -L -n -v -x --line-numbers`,
    captured.listingNat.trimEnd(),
    '',
  ].join('\n');
}

/**
 * The restore text the rig loaded, as an admin's script: `IPT=/sbin/iptables`, then
 * `$IPT -t TABLE -P/-N/-A …` with the rules' words exactly as written (option prefixes included:
 * iptables-restore reads them with the same getopt_long as the command line).
 */
export function scriptText(captured: CapturedRuleset): string {
  const lines = ['#!/bin/sh', `IPT=/sbin/${captured.family === 6 ? 'ip6tables' : 'iptables'}`];
  let table = 'filter';
  for (const line of captured.loaded.split('\n')) {
    const header = /^\*(\w+)\s*$/.exec(line);
    const chain = /^:(\S+)\s+(\S+)/.exec(line);
    if (header) table = header[1]!;
    else if (chain) lines.push(chain[2] === '-' ? `$IPT -t ${table} -N ${chain[1]}` : `$IPT -t ${table} -P ${chain[1]} ${chain[2]}`);
    else if (line.startsWith('-A ')) lines.push(`$IPT -t ${table} ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

export function parseCaptured(captured: CapturedRuleset): ParsedTexts {
  const tool = captured.family === 6 ? 'ip6tables' : 'iptables';
  const parse = (text: string, origin: string, parser = parseFirewallText): { text: string; ruleset?: Ruleset; error?: string } => {
    try {
      return { text, ruleset: parser(text, { origin, family: captured.family }) };
    } catch (e) {
      return { text, error: `parser threw: ${(e as Error).stack ?? String(e)}` };
    }
  };
  return {
    listing: parse(listingText(captured), `${tool} -L -n -v -x --line-numbers`),
    save: parse(captured.save, `${tool}-save -c`),
    script: parse(scriptText(captured), 'fw.sh', parseRuleCommands),
  };
}

/** The packet exactly as the kernel sent it: nothing left unknown. */
export function toSimulatorPacket(probe: KernelProbe): Packet {
  const dst = parseIp(probe.dst);
  const src = parseIp(probe.src);
  if (!dst || !src) throw new Error(`bad probe address ${probe.dst} / ${probe.src}`);
  return {
    family: probe.family,
    protocol: 6,
    dst,
    dport: probe.dport,
    src,
    sport: { from: probe.sport, to: probe.sport },
    state: 'NEW',
    uid: probe.uid,
    gid: probe.gid,
    oif: probe.oif,
  };
}

export function formatDecidedBy(d: DecidedBy | null | undefined): string {
  if (!d) return 'nothing';
  return 'policy' in d ? `${d.table} ${d.chain} policy` : `${d.table} ${d.chain} #${d.rule}`;
}

function sameDecider(a: DecidedBy | null | undefined, b: DecidedBy | null | undefined): boolean {
  return formatDecidedBy(a) === formatDecidedBy(b);
}

export function describeKernel(answer: KernelAnswer): string {
  const nat = answer.rewrittenBy ? `, rewritten by ${formatDecidedBy(answer.rewrittenBy)}` : '';
  return `${answer.verdict} by ${formatDecidedBy(answer.decidedBy)}${nat}`;
}

export function describeTrace(trace: TraceResult): string {
  const nat = trace.rewrittenTo ? `, rewritten by ${formatDecidedBy(trace.rewrittenTo.byRule)}` : '';
  const maybe = trace.uncertain.length > 0 ? `; uncertain: ${trace.uncertain.map((u) => `${u.chain}${u.rule ? ` #${u.rule}` : ''}: ${describeCause(u.cause)}`).join('; ')}` : '';
  return `${trace.verdict} by ${formatDecidedBy(trace.decidedBy)}${nat}${maybe}`;
}

export function judge(parsed: ParsedTexts, probe: KernelProbe): Verdict[] {
  return TEXT_KINDS.map((kind) => {
    const { ruleset, error } = parsed[kind];
    if (!ruleset) return { kind, agreed: false, summary: error ?? 'no ruleset' };
    let trace: TraceResult;
    try {
      trace = tracePacket(ruleset, toSimulatorPacket(probe));
    } catch (e) {
      return { kind, agreed: false, summary: `simulator threw: ${(e as Error).stack ?? String(e)}` };
    }
    const problems: string[] = [];
    if (trace.verdict !== probe.answer.verdict) problems.push('verdict differs');
    if (!sameDecider(trace.decidedBy, probe.answer.decidedBy)) problems.push('deciding rule differs');
    const kernelNat = probe.answer.rewrittenBy;
    const natDiffers = kernelNat
      ? !sameDecider(trace.rewrittenTo?.byRule, kernelNat) && !(trace.rewrittenTo === undefined && isNoopRewrite(probe))
      : trace.rewrittenTo !== undefined;
    if (natDiffers) {
      problems.push('nat rewrite differs');
    }
    const summary = describeTrace(trace);
    return { kind, agreed: problems.length === 0, summary: problems.length ? `${summary} (${problems.join(', ')})` : summary };
  });
}

/** A DNAT to the very destination the packet already had: the simulator may say nothing changed. */
function isNoopRewrite(probe: KernelProbe): boolean {
  const to = /--to-destination (\S+)$/.exec(probe.answer.rewriteText ?? '')?.[1];
  if (!to) return false;
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(to);
  const [address, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : probe.family === 6 ? [to, undefined] : to.split(':');
  const target = parseIp(address ?? '');
  const dst = parseIp(probe.dst);
  return !!target && !!dst && target.value === dst.value && (port === undefined || Number(port) === probe.dport);
}
