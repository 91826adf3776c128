// The JSON form of a trace: one object, stable field names (other tools and issues rely on
// them). `rule` is the 1-based position as --line-numbers prints it; a policy step has
// `rule: null, policy: true`.
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticMessage } from './diagnostic-text.js';
import { uncertaintyJson } from './uncertainty-json.js';
import { formatIp } from '../firewall/address.js';
import type { Packet, TraceResult } from '../firewall/simulate/types.js';

export interface TraceJsonInput {
  result: TraceResult;
  packet: Packet;
  diagnostics: readonly Diagnostic[];
}

export function buildTraceJson({ result, packet, diagnostics }: TraceJsonInput): Record<string, unknown> {
  return {
    verdict: result.verdict,
    decidedBy: result.decidedBy,
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
    },
    path: result.path.map((s) => ({
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
    })),
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

export function renderTraceJson(input: TraceJsonInput): string {
  return `${JSON.stringify(buildTraceJson(input), null, 2)}\n`;
}
