// nft(8) OVERALL EVALUATION OF THE RULESET: an accept ends only its own base chain, the packet
// goes on to the next base chain on the hook, and a drop (or reject) in any of them is final.
// So an allow written in one table (a native `inet filter` output, or iptables-nft's `ip filter
// OUTPUT`) does not let mail out when another table's base chain drops it, whichever runs first
// (shared/reference/postfix-nftables.md §2.3, kernel-checked both ways).
import { parseIp } from '../../../firewall/address.js';
import { buildNetfilterModel } from '../../../firewall/hooks.js';
import type { Family, Rule, Ruleset, TableName } from '../../../firewall/model.js';
import { traceInModel } from '../../../firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type Packet, type TraceStep } from '../../../firewall/simulate/types.js';
import type { Analysis, AttemptResult } from '../types.js';
import { familyRulesets, findChainIn, isIptablesNftTable, nftTables } from './native.js';
import { makeFinding, type ChainPlace, type Evidence, type Finding } from './types.js';

interface AcceptStep {
  step: TraceStep;
  rule: Rule;
  /** met on the traced path before the drop; false when found with the deciding table left out */
  first: boolean;
}

// mx-not-covered asks too, and check asks per domain: one answer per attempt
const known = new WeakMap<AttemptResult, AcceptStep | null>();

/** The explicit accept another table's base chain gave this stopped connection, if any. */
export function acceptElsewhere(a: Analysis, x: AttemptResult): AcceptStep | undefined {
  let found = known.get(x);
  if (found === undefined) known.set(x, (found = findAcceptElsewhere(a, x) ?? null));
  return found ?? undefined;
}

function findAcceptElsewhere(a: Analysis, x: AttemptResult): AcceptStep | undefined {
  const by = x.decidedBy;
  if ((x.verdict !== 'DROP' && x.verdict !== 'REJECT') || !by || !x.trace) return undefined;
  const onPath = x.trace.path.find((s) => s.table !== by.table && acceptRule(a, x.family, s));
  if (onPath) return { step: onPath, rule: acceptRule(a, x.family, onPath)!, first: true };
  // the drop ran first: what would the other tables have done without it?
  const others = familyRulesets(a, x.family).map((r): Ruleset => ({ ...r, tables: r.tables.filter((t) => t.name !== by.table) })).filter((r) => r.tables.length > 0);
  const dst = x.address !== undefined ? parseIp(x.address) : undefined;
  if (others.length === 0 || !dst) return undefined;
  const packet: Packet = { family: x.family, protocol: 6, dst, dport: x.port, sport: EPHEMERAL_PORTS, state: 'NEW', ...(x.uid !== undefined ? { uid: x.uid } : {}) };
  const trace = traceInModel(buildNetfilterModel(others), packet);
  if (trace.verdict !== 'ACCEPT') return undefined;
  const later = trace.path.find((s) => acceptRule(a, x.family, s));
  return later ? { step: later, rule: acceptRule(a, x.family, later)!, first: false } : undefined;
}

function acceptRule(a: Analysis, family: Family, s: TraceStep): Rule | undefined {
  if (s.rule === undefined || s.result !== 'match') return undefined;
  const rule = findChainIn(a, family, s.table, s.chain)?.rules.find((r) => r.position === s.rule);
  return rule?.target.kind === 'accept' ? rule : undefined;
}

function place(a: Analysis, table: TableName, chain: string, rule: number | undefined): ChainPlace {
  const p: ChainPlace = { table, chain };
  if (rule !== undefined) p.rule = rule;
  else p.policy = true;
  const t = nftTables(a).find((n) => n.table.name === table);
  if (t && isIptablesNftTable(t.table)) p.iptablesNft = true;
  return p;
}

export function detectAcceptNotFinal(a: Analysis): Finding[] {
  const found = new Map<string, Finding>();
  const all = [...a.attempts.map((x) => ({ x, domain: a.domain })), ...a.allowed.flatMap((d) => d.attempts.map((x) => ({ x, domain: d.domain })))];
  for (const { x, domain } of all) {
    const accepted = acceptElsewhere(a, x);
    const by = x.decidedBy;
    if (!accepted || !by) continue;
    const key = `${accepted.step.table}:${accepted.step.chain}:${accepted.step.rule}>${by.table}:${by.chain}:${by.rule ?? 'policy'}`;
    const known = found.get(key);
    if (known?.code === 'accept-not-final') {
      known.args.connections++;
      continue;
    }
    const evidence: Evidence[] = [
      { origin: by.origin ?? '', ...(by.line !== undefined ? { line: by.line } : {}), ...(by.text !== undefined ? { text: by.text } : {}), family: x.family, note: `${by.table} ${by.chain} ${by.policy ? 'policy' : `rule ${by.rule}`} ${x.verdict === 'REJECT' ? 'rejects' : 'drops'}: final` },
      { origin: accepted.rule.loc.origin, line: accepted.rule.loc.line, text: accepted.rule.loc.text, family: x.family, note: `${accepted.step.table} ${accepted.step.chain} rule ${accepted.step.rule} accepts: ends only its own base chain` },
    ];
    found.set(key, makeFinding('accept-not-final', {
      accepted: place(a, accepted.step.table, accepted.step.chain, accepted.step.rule),
      decided: { ...place(a, by.table, by.chain, by.rule), verdict: x.verdict === 'REJECT' ? 'REJECT' : 'DROP' },
      acceptFirst: accepted.first,
      connections: 1,
      host: x.host,
      address: x.address,
      port: x.port,
      family: x.family,
      domain,
    }, evidence));
  }
  return [...found.values()];
}
