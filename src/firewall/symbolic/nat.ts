// nat targets on a flow. In nat OUTPUT, DNAT/REDIRECT send the whole flow to one destination
// (or keep its address and fix the port): the rewrite becomes an attribute of the flow, and
// later tables see the rewritten packet through the simulator's own applyNat and view
// functions. NETMAP maps every address differently: UNKNOWN rather than approximated.
import type { IpAddress } from '../address.js';
import type { Rule } from '../model.js';
import type { DecidedBy } from '../simulate/types.js';
import { isDestinationNatHook, isNatChain, legacyOf, type BaseChain } from '../hooks.js';
import { applyNat } from '../simulate/tables.js';
import { recordAccept, recordUndetermined } from './record.js';
import type { Flow, FlowSet } from './region.js';
import { viewOf, type EvalState } from './state.js';

export function applyNatTarget(s: EvalState, hook: BaseChain, chain: string, rule: Rule, f: Flow, accepted: FlowSet): void {
  const t = rule.target;
  if (t.kind !== 'nat') return;
  const by = { table: hook.table, chain, rule: rule.position, ...legacyOf(hook) };
  let attrs = f.attrs;
  if (isNatChain(hook) && isDestinationNatHook(hook.hook)) {
    if (t.action === 'NETMAP' && t.toAddress?.type === 'cidr' && t.toAddress.family === s.family) {
      recordUndetermined(s, f, { table: hook.table, chain: by.chain, rule: rule.position, line: rule.loc.line, cause: { code: 'netmap-range', target: t.text } });
      return;
    }
    const [a, p] = f.region.first()!;
    const view = viewOf(s, attrs, a, p);
    const effect = applyNat(rule, view, hook.hook);
    if (effect.approximation) s.notes.add(`${hook.table}:${hook.chain}:rule:${rule.position}: ${effect.approximation}`);
    if (effect.view !== view) attrs = { ...attrs, rewrite: rewriteOf(s, rule, by, effect.view.dst, effect.view.dport) };
  }
  const flow = { attrs, region: f.region };
  recordAccept(s, flow, hook.table, by);
  accepted.add(flow);
}

/** One rewrite per rule: the fixed address (DNAT to an address, REDIRECT) and the fixed port (--to-ports, :PORT). */
function rewriteOf(s: EvalState, rule: Rule, by: DecidedBy, dst: IpAddress, dport: number): number {
  const known = s.rewriteIndex.get(rule);
  if (known !== undefined) return known;
  const t = rule.target;
  if (t.kind !== 'nat') return -1;
  const fixedAddress = t.action === 'REDIRECT' || (t.action === 'DNAT' && t.toAddress !== undefined);
  const id = s.rewrites.length;
  s.rewrites.push({ ...(fixedAddress ? { address: dst } : {}), ...(t.toPorts ? { port: dport } : {}), by });
  s.rewriteIndex.set(rule, id);
  return id;
}
