// The trace analysis: one outgoing packet through the firewall texts of its family, parsed and
// merged into one ruleset, rule by rule. Without a ruleset of that family the trace says so.
import type { Diagnostic } from '../../diagnostics.js';
import type { Family, Ruleset } from '../../firewall/model.js';
import { parseFirewallText } from '../../firewall/parse/index.js';
import { mergeRulesets } from '../../firewall/simulate/merge.js';
import { traceInModel, tracePacket, traceWithoutRuleset } from '../../firewall/simulate/trace.js';
import { buildNetfilterModel } from '../../firewall/hooks.js';
import { parseNft } from '../../firewall/nft/index.js';
import { dropTablesSavedByIptables } from '../../firewall/nft/iptables-nft.js';
import type { Packet, TraceResult } from '../../firewall/simulate/types.js';

export interface FirewallText {
  origin: string;
  text: string;
  /** declared by the option that named it (--iptables 4, --ip6tables 6) */
  family: Family;
  /** from iptables-legacy-save (--iptables-legacy): its tables run beside iptables-nft's, not merged with them */
  backend?: 'legacy';
}

export interface TraceAnalysis {
  result: TraceResult;
  /** the merged ruleset of the packet's family, when one was given */
  ruleset?: Ruleset;
  /** the iptables-legacy tables beside it (--iptables-legacy) */
  legacy?: Ruleset;
  diagnostics: Diagnostic[];
}

/**
 * `nft` texts (`nft list ruleset`, `nft -j list ruleset`) add their base chains beside the
 * iptables tables: one hook model, every base chain at its priority.
 */
export function traceThrough(texts: readonly FirewallText[], packet: Packet, nft: readonly { origin: string; text: string }[] = []): TraceAnalysis {
  const family = packet.family;
  const mine = texts.filter((t) => t.family === family);
  const parse = (t: FirewallText): Ruleset => parseFirewallText(t.text, { origin: t.origin, family });
  const rulesets = mine.filter((t) => t.backend !== 'legacy').map(parse);
  const legacyRulesets = mine.filter((t) => t.backend === 'legacy').map(parse);
  // legacy tables alone are the host's only iptables tables; beside iptables-nft's, both run
  const legacy = rulesets.length > 0 && legacyRulesets.length > 0 ? { ...mergeRulesets(legacyRulesets), family, backend: 'legacy' as const } : undefined;
  const ruleset = rulesets.length > 0 ? mergeRulesets(rulesets) : legacyRulesets.length > 0 ? mergeRulesets(legacyRulesets) : undefined;
  if (legacy && nft.length === 0) {
    const result = traceInModel(buildNetfilterModel([ruleset!, legacy]), packet);
    return { result, ruleset: ruleset!, legacy, diagnostics: [...ruleset!.diagnostics, ...legacy.diagnostics] };
  }
  if (nft.length > 0) {
    // an iptables-nft table both in the nft text and in the save text is one kernel table: the save's is kept
    const deduplicated = nft.map((t) => dropTablesSavedByIptables(parseNft(t.text, t.origin), ruleset, family));
    const native = deduplicated.map((d) => d.native);
    const model = buildNetfilterModel([...(ruleset ? [ruleset] : []), ...native, ...(legacy ? [legacy] : [])]);
    const diagnostics = [...(ruleset?.diagnostics ?? []), ...native.flatMap((r) => r.diagnostics), ...(legacy?.diagnostics ?? [])];
    const result = traceInModel(model, packet);
    // say where each iptables-nft table was read from (the "read as" of a trace)
    for (const [i, d] of deduplicated.entries()) {
      for (const r of d.replaced) result.notes.push(`${r.table} in ${nft[i]!.origin} is the iptables-nft table ${r.by} of ${r.origin}: read once, from ${r.origin} (its save text carries every match's arguments)`);
    }
    return { result, ...(ruleset ? { ruleset } : {}), ...(legacy ? { legacy } : {}), diagnostics };
  }
  const result = ruleset ? tracePacket(ruleset, packet) : traceWithoutRuleset(packet);
  return { result, ...(ruleset ? { ruleset } : {}), diagnostics: ruleset?.diagnostics ?? [] };
}
