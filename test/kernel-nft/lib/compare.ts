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
import type { KernelOutcome, Listed } from './rig.js';

export type NftForm = 'text' | 'listed' | 'json';

/** The listed forms without the rig's guard table. */
export function withoutGuard(listed: Listed): Listed {
  const text = listed.text.replace(/table inet ml(?:guard|sink) \{[\s\S]*?\n\}\n?/g, '');
  const doc = JSON.parse(listed.json) as { nftables: Record<string, { table?: string; name?: string; family?: string }>[] };
  const json = JSON.stringify({ nftables: doc.nftables.filter((i) => !Object.values(i).some((o) => o.family === 'inet' && /^ml(guard|sink)$/.test(o.table ?? o.name ?? ''))) });
  return { text, json };
}

export function simulate(text: string, p: NftPacket): ReturnType<typeof traceInModel> {
  const packet: Packet = { family: p.family, protocol: 6, dst: parseIp(p.dst)!, dport: p.dport, sport: { from: p.sport, to: p.sport }, state: 'NEW', uid: p.uid, gid: p.gid, oif: 'dm0', src: parseIp(p.family === 4 ? LOCAL_V4 : LOCAL_V6)! };
  return traceInModel(buildNetfilterModel([parseNft(text, 'probe')]), packet);
}

/** undefined when they agree; otherwise why not. */
export function disagreement(text: string, p: NftPacket, kernel: KernelOutcome): string | undefined {
  if (kernel.guardCount !== 1) return `the guard counted ${kernel.guardCount} packets, not the probe alone`;
  const r = simulate(text, p);
  if (r.verdict === 'UNKNOWN') return `mailleak: UNKNOWN (${r.uncertain.map((u) => JSON.stringify(u.cause)).join('; ')})`;
  const passed = r.verdict === 'ACCEPT';
  const matched = new Set(r.path.filter((s) => s.result === 'match' && s.rule !== undefined).map((s) => `${s.table} ${s.chain} ${s.rule}`).filter((k) => kernel.counted.has(k)));
  const moved = [...kernel.moved].sort().join(', ');
  const said = [...matched].sort().join(', ');
  if (passed !== kernel.passed || moved !== said) {
    return `kernel: ${kernel.passed ? 'through' : 'stopped'}, counted [${moved}]; mailleak: ${r.verdict} by ${JSON.stringify(r.decidedBy)}, matched [${said}]`;
  }
  if (!passed && r.decidedBy && 'rule' in r.decidedBy && !kernel.moved.has(`${r.decidedBy.table} ${r.decidedBy.chain} ${r.decidedBy.rule}`)) return `decided by a rule that did not count: ${JSON.stringify(r.decidedBy)}`;
  return undefined;
}
