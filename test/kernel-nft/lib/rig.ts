// The nftables kernel rig: a namespace of the iptables tier's kind (test/kernel/lib), a ruleset
// loaded with `nft -f` (after `flush ruleset`, inside the namespace only), real SYNs from the
// prober and the kernel's counters read back as `nft -j list ruleset` after every probe.
// A guard table at priority -500 counts the probe and drops what the kernel sends back
// (a reject's RST or ICMP error), so that only the probe crosses the rules under test; a sink
// table after every other base chain counts the probes that got through all of them.
import { execFileSync } from 'node:child_process';
import { detectKernelEnv } from '../../kernel/lib/env.js';
import { createNamespace, deleteNamespace, LOCAL_V4, LOCAL_V6 } from '../../kernel/lib/namespace.js';
import { Prober } from '../../kernel/lib/prober.js';
import { recordTier } from '../../kernel/lib/report.js';

export const GUARD = `table inet mlguard {
	chain o {
		type filter hook output priority -500; policy accept;
		tcp flags & (syn | ack | rst) == syn counter accept
		drop
	}
}
table inet mlsink {
	chain o {
		type filter hook output priority 100000; policy accept;
		counter
	}
}
`;

export type NftEnv = { ok: true; python: string; linkKind: 'dummy' | 'ifb' | 'veth' } | { ok: false; reason: string };

export function nftEnvOrWarn(): NftEnv {
  const env = detectKernelEnv();
  let result: NftEnv = env;
  if (env.ok) {
    try {
      execFileSync('nft', ['--version'], { stdio: 'ignore' });
    } catch {
      result = { ok: false, reason: 'nft not found on PATH' };
    }
  }
  if (!result.ok) {
    console.warn(`kernel-nft tier skipped: ${result.reason}`);
    recordTier({ kind: 'skip', reason: result.reason });
  }
  return result;
}

/** Packets counted per rule: "FAMILY TABLE CHAIN POSITION" → packets. */
export type RuleCounts = Map<string, number>;

export interface Listed {
  text: string;
  json: string;
  /** iptables-nft-save -c / ip6tables-nft-save -c, when the case loads iptables-nft rules too */
  saves?: IptablesSaves;
}

/** iptables-restore input per family, loaded with iptables-nft-restore beside the nft ruleset. */
export interface IptablesSaves {
  v4?: string;
  v6?: string;
}

export interface KernelOutcome {
  /** the sink after every base chain counted the probe */
  passed: boolean;
  /** rules whose counter moved */
  moved: Set<string>;
  guardCount: number;
  /** every rule with a counter (the only ones the kernel can tell about) */
  counted: Set<string>;
}

export function countsOf(json: string): { rules: RuleCounts; guard: number; sink: number } {
  const rules: RuleCounts = new Map();
  const position = new Map<string, number>();
  let guard = 0;
  let sink = 0;
  for (const item of (JSON.parse(json) as { nftables: Record<string, Record<string, unknown>>[] }).nftables) {
    const rule = item.rule;
    if (!rule) continue;
    const chain = `${String(rule.family)} ${String(rule.table)} ${String(rule.chain)}`;
    const n = (position.get(chain) ?? 0) + 1;
    position.set(chain, n);
    const counter = (rule.expr as Record<string, { packets?: number }>[]).find((e) => e.counter)?.counter;
    if (rule.table === 'mlguard') guard += counter?.packets ?? 0;
    else if (rule.table === 'mlsink') sink += counter?.packets ?? 0;
    else if (counter) rules.set(`${chain} ${n}`, counter.packets ?? 0);
  }
  return { rules, guard, sink };
}

export class NftRig {
  readonly namespace: string;
  private readonly prober: Prober;
  private before: ReturnType<typeof countsOf> = { rules: new Map(), guard: 0, sink: 0 };

  constructor(tag: string, env: Extract<NftEnv, { ok: true }>) {
    this.namespace = createNamespace(`nft-${tag}`, env.linkKind);
    this.prober = new Prober(this.namespace, env.python);
  }

  /** Loads a ruleset (with the guard) and returns how nft lists it: `-a` text and JSON. */
  async load(ruleset: string, iptables?: IptablesSaves): Promise<Listed> {
    await this.prober.run(['nft', '-f', '-'], `flush ruleset\n${GUARD}${ruleset}`);
    // iptables-nft's tables are nft tables: `flush ruleset` above removed the previous ones
    if (iptables?.v4) await this.prober.run(['iptables-nft-restore'], iptables.v4);
    if (iptables?.v6) await this.prober.run(['ip6tables-nft-restore'], iptables.v6);
    const text = await this.prober.run(['nft', '-a', 'list', 'ruleset']);
    const json = await this.prober.run(['nft', '-j', 'list', 'ruleset']);
    this.before = countsOf(json);
    if (!iptables) return { text, json };
    const saves: IptablesSaves = { v4: await this.prober.run(['iptables-nft-save', '-c']), v6: await this.prober.run(['ip6tables-nft-save', '-c']) };
    return { text, json, saves };
  }

  /** Runs a command inside the namespace (iptables-legacy-restore, a save): its stdout. */
  run(argv: string[], input?: string): Promise<string> {
    return this.prober.run(argv, input);
  }

  async probe(p: { family: 4 | 6; dst: string; dport: number; sport: number; uid: number; gid: number }): Promise<KernelOutcome> {
    const reply = await this.prober.probe({ ...p, src: p.family === 4 ? LOCAL_V4 : LOCAL_V6 }, ['nft', '-j', 'list', 'ruleset']);
    const after = countsOf(reply.save?.stdout ?? '{"nftables":[]}');
    const moved = new Set<string>();
    for (const [key, packets] of after.rules) if (packets !== (this.before.rules.get(key) ?? 0)) moved.add(key);
    const guardCount = after.guard - this.before.guard;
    const passed = after.sink - this.before.sink === 1;
    this.before = after;
    return { passed, moved, guardCount, counted: new Set(after.rules.keys()) };
  }

  close(): void {
    this.prober.close();
    deleteNamespace(this.namespace);
  }
}
