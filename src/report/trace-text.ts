// The text form of a trace, read like the kernel's TRACE target prints it
// (`filter:OUTPUT:rule:9`), one line per rule visited (a long run of non-matching rules as one
// `filter:DENYOUT:rules:1–100000` line unless `full`), then the verdict with the deciding
// rule's own line and counters, what the answer depends on, and the parser's diagnostics.
import type { Diagnostic } from '../diagnostics.js';
import { formatDiagnostic } from './diagnostic-text.js';
import { formatIp } from '../firewall/address.js';
import type { Chain, Counters, Ruleset } from '../firewall/model.js';
import { findChain, findTable } from '../firewall/model.js';
import type { NoMatchRun, TraceEntry } from '../firewall/simulate/collapse.js';
import { collapseTrace } from '../firewall/simulate/collapse.js';
import type { DecidedBy, Packet, TraceResult, TraceStep } from '../firewall/simulate/types.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';
import type { Tri } from '../firewall/tri.js';
import type { Palette } from './color.js';

export interface TraceTextInput {
  result: TraceResult;
  packet: Packet;
  /** the ruleset traced, for the deciding rule's counters; absent when none was supplied */
  ruleset?: Ruleset;
  /** iptables-legacy tables traced beside it: a legacy decider's line is there */
  legacy?: Ruleset;
  diagnostics: readonly Diagnostic[];
  palette: Palette;
  /** every rule visited, no run collapsed (`trace --full`) */
  full?: boolean;
}

const PROTOCOL_NAMES: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'ipv6-icmp' };

function describeAddress(packet: Packet, address = packet.dst, port = packet.dport): string {
  return packet.family === 6 ? `[${formatIp(address)}]:${port}` : `${formatIp(address)}:${port}`;
}

export function describePacket(packet: Packet): string {
  const proto = PROTOCOL_NAMES[packet.protocol] ?? `protocol ${packet.protocol}`;
  const sport = packet.sport.from === packet.sport.to ? `${packet.sport.from}` : `${packet.sport.from}-${packet.sport.to}`;
  const flags = packet.protocol === 6 ? (packet.state === 'NEW' ? ' (SYN)' : ' (ACK)') : '';
  if (packet.origin?.kind === 'forwarded') {
    // no socket on this host: no uid/gid to show
    return [
      `${proto} to ${describeAddress(packet)}, ${packet.state}${flags}`,
      `forwarded from ${packet.src ? formatIp(packet.src) : 'an unknown address'} port ${sport}`,
      `in-interface ${packet.origin.iif ?? 'unknown'}`,
      `out-interface ${packet.oif ?? 'unknown'}`,
    ].join(', ');
  }
  return [
    `${proto} to ${describeAddress(packet)}, ${packet.state}${flags}`,
    `from ${packet.src ? formatIp(packet.src) : 'this host'} port ${sport}`,
    `uid ${packet.uid ?? 'unknown'}`,
    `gid ${packet.gid ?? 'unknown'}`,
    `out-interface ${packet.oif ?? 'unknown'}`,
  ].join(', ');
}

function mark(result: Tri, p: Palette): string {
  switch (result) {
    case 'match':
      return p.good('✓');
    case 'no-match':
      return p.dim('·');
    case 'maybe':
      return p.uncertain('?');
  }
}

function renderStep(step: TraceStep, p: Palette): string {
  const indent = '  '.repeat(step.depth);
  const legacy = legacyMark(step);
  if (step.policy) return `${mark(step.result, p)} ${indent}${step.table}:${step.chain}:policy:${step.target ?? '?'}${legacy}`;
  const target = step.target ? ` → ${step.target}` : '';
  const head = `${mark(step.result, p)} ${indent}${step.table}:${step.chain}:rule:${step.rule}${legacy}${target}`;
  return step.reason ? `${head}  ${p.dim(`(${step.reason})`)}` : head;
}

/** iptables-legacy's tables beside iptables-nft's have the same names: said after the chain. */
function legacyMark(x: { backend?: 'legacy' }): string {
  return x.backend === 'legacy' ? ' (iptables-legacy)' : '';
}

function renderRun(run: NoMatchRun, p: Palette): string {
  const lines = run.firstLine !== undefined && run.lastLine !== undefined ? `, lines ${run.firstLine}–${run.lastLine}` : '';
  return `${mark('no-match', p)} ${'  '.repeat(run.depth)}${run.table}:${run.chain}:rules:${run.from}–${run.to}${legacyMark(run)}: no match  ${p.dim(`(${run.count} rules${lines}; --full lists each)`)}`;
}

function renderEntry(entry: TraceEntry, p: Palette): string {
  switch (entry.kind) {
    case 'step':
      return renderStep(entry.step, p);
    case 'no-match-run':
      return renderRun(entry, p);
  }
}

function formatCounters(c: Counters | undefined): string {
  return c ? `, counters ${c.packets} packets ${c.bytes} bytes${c.approx ? ` (as printed: ${c.text})` : ''}` : '';
}

function deciderName(d: DecidedBy): string {
  return 'policy' in d ? `${d.table}:${d.chain}:policy${legacyMark(d)}` : `${d.table}:${d.chain}:rule:${d.rule}${legacyMark(d)}`;
}

function renderDecider(d: DecidedBy, ruleset: Ruleset | undefined): string[] {
  const chain: Chain | undefined = findChain(ruleset && findTable(ruleset, d.table), d.chain);
  if ('policy' in d) {
    const where = chain?.loc ? ` (${chain.loc.origin}:${chain.loc.line}${formatCounters(chain.policyCounters)})` : '';
    return [`  decided by ${deciderName(d)} ${chain?.policy ?? ''}${where}`, ...(chain?.loc ? [`    ${chain.loc.text.trim()}`] : [])];
  }
  const rule = chain?.rules.find((r) => r.position === d.rule);
  if (!rule) return [`  decided by ${deciderName(d)}`];
  return [`  decided by ${deciderName(d)} (${rule.loc.origin}:${rule.loc.line}${formatCounters(rule.counters)})`, `    ${rule.loc.text.trim()}`];
}

function verdictColour(result: TraceResult, p: Palette): string {
  switch (result.verdict) {
    case 'ACCEPT':
      return p.good(result.verdict);
    case 'DROP':
    case 'REJECT':
      return p.bad(result.verdict);
    case 'UNKNOWN':
      return p.uncertain(`UNKNOWN (possible: ${result.possible.join(', ')})`);
  }
}

export function renderTraceText({ result, packet, ruleset, legacy, diagnostics, palette: p, full }: TraceTextInput): string {
  const lines: string[] = [`packet: ${describePacket(packet)}`];
  if (result.path.length > 0) lines.push('', ...collapseTrace(result, full ? { minRun: Number.POSITIVE_INFINITY } : {}).map((e) => renderEntry(e, p)));
  if (result.rewrittenTo) {
    const to = describeAddress(packet, result.rewrittenTo.address ?? packet.dst, result.rewrittenTo.port ?? packet.dport);
    lines.push('', `destination rewritten to ${to} by ${deciderName(result.rewrittenTo.byRule)}`);
  }
  lines.push('', `${p.strong('verdict:')} ${verdictColour(result, p)}`);
  if (result.decidedBy) lines.push(...renderDecider(result.decidedBy, result.decidedBy.backend === 'legacy' ? legacy : ruleset));
  if (result.uncertain.length > 0) {
    lines.push('', 'the answer depends on:');
    for (const u of result.uncertain) {
      const where = `${u.table}:${u.chain}${u.rule !== undefined ? `:rule:${u.rule}` : ''}${u.line !== undefined ? ` (line ${u.line})` : ''}`;
      lines.push(`  ${p.uncertain('?')} ${where}: ${describeCause(u.cause)}`);
      if (u.command) lines.push(`      run: ${u.command}`);
    }
  }
  if (result.notes.length > 0) lines.push('', 'notes:', ...result.notes.map((n) => `  - ${n}`));
  if (diagnostics.length > 0) lines.push('', 'input diagnostics:', ...diagnostics.map((d) => `  ${formatDiagnostic(d).replace(/\n/g, '\n  ')}`));
  return `${lines.join('\n')}\n`;
}
