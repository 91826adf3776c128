// A ruleset as the tier builds it: policy, user chains and rules as iptables arguments. Kept
// structured (not as text) so a disagreement can be shrunk rule by rule.
import type { Family } from '../../../src/firewall/model.js';

export interface RuleSpec {
  table: 'filter' | 'nat';
  chain: string;
  /** iptables arguments after `-A CHAIN`, e.g. `-p tcp --dport 25 -j DROP` */
  args: string;
}

export interface RulesetSpec {
  family: Family;
  /** filter OUTPUT policy */
  policy: 'ACCEPT' | 'DROP';
  /** user chains of the filter table */
  chains: string[];
  rules: RuleSpec[];
}

export function toRestoreText(spec: RulesetSpec): string {
  const lines: string[] = [];
  const nat = spec.rules.filter((r) => r.table === 'nat');
  if (nat.length > 0) {
    lines.push('*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]');
    for (const r of nat) lines.push(`-A ${r.chain} ${r.args}`);
    lines.push('COMMIT');
  }
  lines.push('*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', `:OUTPUT ${spec.policy} [0:0]`);
  for (const c of spec.chains) lines.push(`:${c} - [0:0]`);
  for (const r of spec.rules.filter((x) => x.table === 'filter')) lines.push(`-A ${r.chain} ${r.args}`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Drops user chains nothing refers to any more (after shrinking) — iptables allows them, but they are noise. */
export function pruneUnusedChains(spec: RulesetSpec): RulesetSpec {
  const used = new Set<string>();
  for (const r of spec.rules) {
    const m = /-[jg] (\S+)/.exec(r.args);
    if (m) used.add(m[1]!);
  }
  const chains = spec.chains.filter((c) => used.has(c) || spec.rules.some((r) => r.chain === c));
  return { ...spec, chains };
}
