// What mailleak says about a probe, from the three forms of one loaded ruleset (the text as
// written, `nft -a list ruleset`, `nft -j list ruleset`), against the kernel: the same outcome
// (through, or stopped) and exactly the rules whose counters moved; a drop or reject must be
// decided by a rule that counted (or by a policy when none of the stopping kind did).
import { parseIp } from '../../../src/firewall/address.js';
import { buildNetfilterModel } from '../../../src/firewall/hooks.js';
import { parseNft } from '../../../src/firewall/nft/index.js';
import { traceInModel } from '../../../src/firewall/simulate/trace.js';
import type { Packet } from '../../../src/firewall/simulate/types.js';
import { LOCAL_V4, LOCAL_V6 } from '../../kernel/lib/namespace.js';
import type { NftPacket } from './generate.js';
import type { IptablesSaves, KernelOutcome, Listed } from './rig.js';
import { traceThrough } from '../../../src/analyses/trace/trace.js';
import { isIptablesTable, type TableName } from '../../../src/firewall/model.js';

export type NftForm = 'text' | 'listed' | 'json';

/** The listed forms without the rig's guard table. */
export function withoutGuard(listed: Listed): Listed {
  const saves = listed.saves ? { saves: listed.saves } : {};
  const text = listed.text.replace(/table inet ml(?:guard|sink) \{[\s\S]*?\n\}\n?/g, '');
  const doc = JSON.parse(listed.json) as { nftables: Record<string, { table?: string; name?: string; family?: string }>[] };
  const json = JSON.stringify({ nftables: doc.nftables.filter((i) => !Object.values(i).some((o) => o.family === 'inet' && /^ml(guard|sink)$/.test(o.table ?? o.name ?? ''))) });
  return { text, json, ...saves };
}

/**
 * mailleak's answer for one form. With iptables-nft rules loaded too, the form goes in as
 * `trace --nft FORM --iptables SAVE` does: the save text stands for the tables both describe.
 */
export function simulate(text: string, p: NftPacket, saves?: IptablesSaves): ReturnType<typeof traceInModel> {
  const packet: Packet = { family: p.family, protocol: 6, dst: parseIp(p.dst)!, dport: p.dport, sport: { from: p.sport, to: p.sport }, state: 'NEW', uid: p.uid, gid: p.gid, oif: 'dm0', src: parseIp(p.family === 4 ? LOCAL_V4 : LOCAL_V6)! };
  if (!saves) return traceInModel(buildNetfilterModel([parseNft(text, 'probe')]), packet);
  const texts = [
    ...(saves.v4 ? [{ origin: 'iptables-nft-save -c', text: saves.v4, family: 4 as const }] : []),
    ...(saves.v6 ? [{ origin: 'ip6tables-nft-save -c', text: saves.v6, family: 6 as const }] : []),
  ];
  return traceThrough(texts, packet, [{ origin: 'probe', text }]).result;
}

/** The kernel's name for a rule: iptables-nft's `filter` is the nft table `ip filter` (`ip6 filter`). */
function kernelKey(table: TableName, chain: string, rule: number, family: 4 | 6): string {
  return `${isIptablesTable(table) ? `${family === 4 ? 'ip' : 'ip6'} ${table}` : table} ${chain} ${rule}`;
}

/**
 * undefined when they agree; otherwise why not. `uncertain`: mailleak must not decide this
 * probe (an expression it does not read, an order nft leaves unspecified) — it agrees when it
 * says UNKNOWN and the kernel's outcome is among its possible verdicts.
 */
export function disagreement(text: string, p: NftPacket, kernel: KernelOutcome, saves?: IptablesSaves, uncertain = false): string | undefined {
  if (kernel.guardCount !== 1) return `the guard counted ${kernel.guardCount} packets, not the probe alone`;
  const r = simulate(text, p, saves);
  if (uncertain) {
    const possible = r.possible.some((v) => (v === 'ACCEPT') === kernel.passed);
    return r.verdict === 'UNKNOWN' && possible ? undefined : `expected UNKNOWN with the kernel's outcome (${kernel.passed ? 'through' : 'stopped'}) possible; mailleak: ${r.verdict}, possible ${r.possible.join(',')}`;
  }
  if (r.verdict === 'UNKNOWN') return `mailleak: UNKNOWN (${r.uncertain.map((u) => JSON.stringify(u.cause)).join('; ')})`;
  const passed = r.verdict === 'ACCEPT';
  const matched = new Set(r.path.filter((s) => s.result === 'match' && s.rule !== undefined).map((s) => kernelKey(s.table, s.chain, s.rule!, p.family)).filter((k) => kernel.counted.has(k)));
  const moved = [...kernel.moved].sort().join(', ');
  const said = [...matched].sort().join(', ');
  if (passed !== kernel.passed || moved !== said) {
    return `kernel: ${kernel.passed ? 'through' : 'stopped'}, counted [${moved}]; mailleak: ${r.verdict} by ${JSON.stringify(r.decidedBy)}, matched [${said}]`;
  }
  if (!passed && r.decidedBy && 'rule' in r.decidedBy && !kernel.moved.has(kernelKey(r.decidedBy.table, r.decidedBy.chain, r.decidedBy.rule, p.family))) return `decided by a rule that did not count: ${JSON.stringify(r.decidedBy)}`;
  return undefined;
}
