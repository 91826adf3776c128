// The JSON form of a trace: one object, stable field names (other tools and issues rely on
// them; docs/json-schema.md). `rule` is the 1-based position as --line-numbers prints it; a
// policy step has `rule: null, policy: true`; a run of non-matching rules is one entry with
// `kind: "no-match-run"` unless `full` asks for every rule.
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticMessage } from './diagnostic-text.js';
import { uncertaintyJson } from './uncertainty-json.js';
import { formatIp } from '../firewall/address.js';
import type { NoMatchRun, TraceEntry } from '../firewall/simulate/collapse.js';
import { collapseTrace } from '../firewall/simulate/collapse.js';
import type { Packet, TraceResult } from '../firewall/simulate/types.js';

export interface TraceJsonInput {
  result: TraceResult;
  packet: Packet;
  diagnostics: readonly Diagnostic[];
  /** every rule visited, no run collapsed (`trace --full`) */
  full?: boolean;
}

/** A collapsed run in any JSON path (trace and explain): `result` lets filters on it keep working. */
export function noMatchRunJson(run: NoMatchRun): Record<string, unknown> {
  return { kind: run.kind, table: run.table, chain: run.chain, from: run.from, to: run.to, count: run.count, result: 'no-match', firstLine: run.firstLine ?? null, lastLine: run.lastLine ?? null, depth: run.depth };
}

export function buildTraceJson({ result, packet, diagnostics, full }: TraceJsonInput): Record<string, unknown> {
  return {
    verdict: result.verdict,
    decidedBy: result.decidedBy,
    // ACCEPT: every base chain's accepting step (an accept ends only its own base chain); null otherwise
    acceptedBy: result.acceptedBy ?? null,
    possible: result.possible,
    packet: {
      family: packet.family,
      protocol: packet.protocol,
      dst: formatIp(packet.dst),
      dport: packet.dport,
      src: packet.src ? formatIp(packet.src) : null,
      sport: packet.sport,
      state: packet.state,
      uid: packet.uid ?? null,
      gid: packet.gid ?? null,
      oif: packet.oif ?? null,
      // a forwarded packet (trace --forward) crosses PREROUTING → FORWARD → POSTROUTING, arriving on iif
      origin: packet.origin?.kind ?? 'local',
      iif: packet.origin?.kind === 'forwarded' ? packet.origin.iif ?? null : null,
    },
    path: collapseTrace(result, full ? { minRun: Number.POSITIVE_INFINITY } : {}).map(entryJson),
    uncertain: result.uncertain.map(uncertaintyJson),
    rewrittenTo: result.rewrittenTo
      ? { address: result.rewrittenTo.address ? formatIp(result.rewrittenTo.address) : null, port: result.rewrittenTo.port ?? null, byRule: result.rewrittenTo.byRule }
      : null,
    notes: result.notes,
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: diagnosticMessage(d),
      origin: d.loc?.origin ?? null,
      line: d.loc?.line ?? null,
      ...(d.loc?.column ? { column: d.loc.column } : {}),
      text: d.loc?.text ?? null,
    })),
  };
}

function entryJson(entry: TraceEntry): Record<string, unknown> {
  switch (entry.kind) {
    case 'no-match-run':
      return noMatchRunJson(entry);
    case 'step': {
      const s = entry.step;
      return {
        table: s.table,
        chain: s.chain,
        rule: s.rule ?? null,
        ...(s.policy ? { policy: true } : {}),
        result: s.result,
        target: s.target ?? null,
        line: s.line ?? null,
        text: s.text ?? null,
        depth: s.depth,
        ...(s.reason ? { reason: s.reason } : {}),
      };
    }
  }
}

export function renderTraceJson(input: TraceJsonInput): string {
  return `${JSON.stringify(buildTraceJson(input), null, 2)}\n`;
}
