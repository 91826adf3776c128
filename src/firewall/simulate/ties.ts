// Base chains registered on one hook with the same priority run in an order the kernel does not
// specify (nft(8) CHAINS: "the ordering of base chains with the same priority is not defined").
// A native `inet filter` at priority filter beside iptables-nft's filter table is the common
// case. The trace is run in every order of such chains; where the verdict depends on the order,
// the answer is UNKNOWN with the possible verdicts of every order, never one order's guess.
import type { BaseChain, HookName, NetfilterModel } from '../hooks.js';
import { hookPath, LOCAL_DELIVERY_PATH, seesFamily, type PacketOrigin } from '../hooks.js';
import type { Family } from '../model.js';
import type { TraceResult, Uncertainty } from './types.js';

export interface TieGroup {
  hook: HookName;
  priority: number;
  chains: BaseChain[];
}

/** More orders than this are not tried one by one: each group is then only reversed. */
const MAX_ORDERS = 24;

function present(model: NetfilterModel, c: BaseChain): boolean {
  return model.rulesets[c.source]!.tables.some((t) => t.name === c.table && t.chains.some((ch) => ch.name === c.chain));
}

/**
 * Groups of two or more base chains the packet meets on one hook at one priority, among them a
 * native nft one or from another ruleset (iptables' own tables never share a priority on a hook
 * within one backend). Chains whose table
 * was not supplied cannot decide anything and are left out.
 */
export function tieGroups(model: NetfilterModel, hooks: readonly HookName[], family: Family): TieGroup[] {
  const out: TieGroup[] = [];
  for (const { hook, chains } of model.hooks) {
    if (!hooks.includes(hook)) continue;
    const live = chains.filter((c) => seesFamily(c, family) && present(model, c));
    for (const priority of new Set(live.map((c) => c.priority))) {
      const same = live.filter((c) => c.priority === priority);
      // iptables-legacy's filter beside iptables-nft's: two backends, one priority
      if (same.length > 1 && (same.some((c) => c.table.includes(' ')) || new Set(same.map((c) => c.source)).size > 1)) out.push({ hook, priority, chains: same });
    }
  }
  return out;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The model with each group's chains in every other order (or, past MAX_ORDERS, reversed). */
export function reorderedModels(model: NetfilterModel, groups: readonly TieGroup[]): NetfilterModel[] {
  const perGroup = groups.map((g) => permutations(g.chains));
  const total = perGroup.reduce((n, p) => n * p.length, 1);
  const combos: BaseChain[][][] = total <= MAX_ORDERS ? perGroup.reduce<BaseChain[][][]>((acc, p) => acc.flatMap((a) => p.map((order) => [...a, order])), [[]]) : [groups.map((g) => [...g.chains].reverse())];
  return combos
    .filter((orders) => orders.some((order, i) => order.some((c, k) => c !== groups[i]!.chains[k])))
    .map((orders) => ({
      ...model,
      hooks: model.hooks.map(({ hook, chains }) => {
        let out = chains;
        groups.forEach((g, i) => {
          if (g.hook !== hook) return;
          const queue = [...orders[i]!];
          out = out.map((c) => (g.chains.includes(c) ? queue.shift()! : c));
        });
        return { hook, chains: out };
      }),
    }));
}

/** Every order gave the same verdicts: the first answer stands; otherwise UNKNOWN over all of them. */
export function combineOrders(first: TraceResult, others: readonly TraceResult[], groups: readonly TieGroup[]): TraceResult {
  const same = (r: TraceResult): boolean => r.verdict === first.verdict && r.possible.join() === first.possible.join();
  if (others.every(same)) return first;
  const tie: Uncertainty[] = groups.map(tieUncertainty);
  const possible = new Set([first, ...others].flatMap((r) => r.possible));
  const out: TraceResult = {
    ...first,
    verdict: 'UNKNOWN',
    decidedBy: null,
    uncertain: [...tie, ...first.uncertain, ...others.flatMap((r) => r.uncertain)],
    possible: (['ACCEPT', 'DROP', 'REJECT'] as const).filter((v) => possible.has(v)),
    notes: [...new Set([...first.notes, ...others.flatMap((r) => r.notes)])],
  };
  delete out.acceptedBy;
  return out;
}

/** The uncertainty a tie group causes when the verdict depends on the order of its chains. */
export function tieUncertainty(g: TieGroup): Uncertainty {
  return { table: g.chains[0]!.table, chain: g.chains[0]!.chain, cause: { code: 'priority-tie', hook: g.hook, priority: g.priority, chains: g.chains.map((c) => `${c.table} ${c.chain}${c.backend === 'legacy' ? ' (iptables-legacy)' : ''}`) } };
}

/** The hooks whose tie groups matter to a packet of this origin (a forwarded one may be for this host). */
export function tieHooks(origin: PacketOrigin): HookName[] {
  return origin.kind === 'forwarded' ? [...hookPath(origin), ...LOCAL_DELIVERY_PATH] : hookPath(origin);
}
