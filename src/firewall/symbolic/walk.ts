// One chain walked by a set of cells at once, the way ipt_do_table walks one packet: rules in
// order, a jump walks the callee and carries on with what returned, goto hands what returns to
// the caller, RETURN or the end of a user chain returns (iptables(8) TARGETS). Cells a rule
// cannot decide fork as in the simulator: the flow goes on as if it did not match, and a fork
// flow takes the matching side.
import type { Chain, Rule } from '../model.js';
import { undecidedRule } from '../simulate/match-eval.js';
import { MAX_CHAIN_DEPTH } from '../simulate/hooks.js';
import { legacyOf, type BaseChain } from '../hooks.js';
import { listCommand, untracks } from '../simulate/tables.js';
import type { Lineage } from '../simulate/branch.js';
import { applyNatTarget } from './nat.js';
import { profileRule, triAnd2, type RuleProfile } from './profile.js';
import { attrsKey, FlowSet, Region, type Flow } from './region.js';
import { markForkReason, recordAccept, recordSideUnknown, recordUndetermined, recordVerdict } from './record.js';
import { reasonId, ruleDeciderId, V_DROP, V_REJECT, viewOf, type EvalState } from './state.js';

export interface Walk {
  s: EvalState;
  hook: BaseChain;
  /** what this base chain accepted, on to the next base chain */
  accepted: FlowSet;
}

export interface Call {
  chain: Chain;
  depth: number;
  lineage: Lineage;
}

/** A maybe rule whose target only logs or counts cannot change the verdict (as in the simulator). */
function mayChangeOutcome(rule: Rule, hook: BaseChain): boolean {
  const t = rule.target;
  if (t.kind === 'none') return false;
  if (t.kind === 'non-terminal') return untracks(hook, t);
  return true;
}

function splitCells(s: EvalState, region: Region, prof: RuleProfile): { matched: Region; maybe: Region } {
  const P = s.ports.ranges.length;
  // sized once to the atoms the rule can touch (growing cell by cell would be quadratic), and
  // only when a cell lands there: most rules of a long chain touch nothing
  let lo = Number.MAX_SAFE_INTEGER;
  let hi = -1;
  for (const piece of prof.pieces) {
    if (piece.tri === 'no-match') continue;
    lo = Math.min(lo, Math.max(piece.from, region.lo));
    hi = Math.max(hi, Math.min(piece.to, region.hi));
  }
  let matched: Region | undefined;
  let maybe: Region | undefined;
  for (const piece of prof.pieces) {
    if (piece.tri === 'no-match') continue;
    const from = Math.max(piece.from, region.lo);
    const to = Math.min(piece.to, region.hi);
    const head = triAnd2(prof.context, piece.tri);
    for (let a = from; a <= to; a++) {
      const base = (a - region.lo) * P;
      for (let p = 0; p < P; p++) {
        if (region.bits[base + p] !== 1) continue;
        const t = triAnd2(head, prof.ports[p]!);
        if (t === 'match') (matched ??= new Region(lo, hi, P)).add(a, p);
        else if (t === 'maybe') (maybe ??= new Region(lo, hi, P)).add(a, p);
      }
    }
  }
  return { matched: matched ?? EMPTY, maybe: maybe ?? EMPTY };
}

/** Shared and never written: a split that found nothing. */
const EMPTY = new Region(0, -1, 1);

export function walkChain(w: Walk, call: Call, start: number, flow: Flow): FlowSet {
  const { s, hook } = w;
  const P = s.ports.ranges.length;
  const returned = new FlowSet(P);
  const { attrs, region } = flow;
  const key = attrsKey(attrs);
  const rules = call.chain.rules;
  const carryOn = (rule: Rule, index: number, f: Flow): void => {
    const cont = applyTarget(w, call, rule, f, returned);
    for (const c of cont?.flows.values() ?? []) {
      if (attrsKey(c.attrs) === key) region.addAll(c.region);
      else returned.addAll(walkChain(w, call, index + 1, c));
    }
  };
  for (let i = start; i < rules.length; i++) {
    if (region.count === 0) return returned;
    if (attrs.fork && --s.forkBudget < 0) {
      recordUndetermined(s, flow, { table: hook.table, chain: call.chain.name, cause: { code: 'regions-exhausted' } });
      return returned;
    }
    const rule = rules[i]!;
    if (rule.target.kind === 'none') continue;
    const prof = profileRule(s, rule, attrs, key);
    if (prof.context === 'no-match') continue;
    const { matched, maybe } = splitCells(s, region, prof);
    if (maybe.count > 0 && mayChangeOutcome(rule, hook)) {
      const [a, p] = maybe.first()!;
      const reason = reasonId(s, { table: hook.table, chain: call.chain.name, rule: rule.position, line: rule.loc.line, cause: undecidedRule(rule.matches, viewOf(s, attrs, a, p)) });
      markForkReason(s, { attrs, region: maybe }, reason);
      carryOn(rule, i, { attrs: { ...attrs, fork: true }, region: maybe });
    }
    if (matched.count === 0) continue;
    const t = rule.target;
    if (t.kind === 'non-terminal' && !untracks(hook, t)) continue;
    matched.forEach((a, p) => region.delete(a, p));
    carryOn(rule, i, { attrs, region: matched });
  }
  if (call.chain.truncated && region.count > 0) {
    recordSideUnknown(s, flow, { table: hook.table, chain: call.chain.name, cause: { code: 'chain-cut-off', chain: call.chain.name }, command: listCommand(s.family, hook.table, call.chain.name) });
  }
  returned.add(flow);
  return returned;
}

/** What a matching rule does to a flow; returns the flows that go on at the next rule. */
function applyTarget(w: Walk, call: Call, rule: Rule, f: Flow, returned: FlowSet): FlowSet | undefined {
  const { s, hook } = w;
  const t = rule.target;
  const by = { table: hook.table, chain: call.chain.name, rule: rule.position, ...legacyOf(hook) };
  const ruleId = (): number => ruleDeciderId(s, rule, by, call.chain);
  const where = { table: hook.table, chain: call.chain.name, rule: rule.position, line: rule.loc.line };
  const goOn = (flow: Flow): FlowSet => {
    const set = new FlowSet(s.ports.ranges.length);
    set.add(flow);
    return set;
  };
  switch (t.kind) {
    case 'accept':
      // ACCEPT ends this base chain only; the next base chain still sees the packet
      recordAccept(s, f, hook.table, by, ruleId());
      w.accepted.add(f);
      return undefined;
    case 'drop':
      recordVerdict(s, f, V_DROP, ruleId());
      return undefined;
    case 'reject':
      recordVerdict(s, f, V_REJECT, ruleId());
      return undefined;
    case 'return':
      returned.add(f);
      return undefined;
    case 'jump':
    case 'goto': {
      const callee = s.chains[hook.source]!.get(hook.table)?.get(t.chain);
      if (!callee || !callee.bodyKnown) {
        recordSideUnknown(s, f, { ...where, cause: { code: 'chain-missing', chain: t.chain }, command: listCommand(s.family, hook.table, t.chain) });
        if (t.kind === 'jump') return goOn(f);
        returned.add(f);
        return undefined;
      }
      for (let l: Lineage | undefined = call.lineage; l; l = l.prev) {
        if (l.name === t.chain) {
          recordUndetermined(s, f, { ...where, cause: { code: 'jump-loop', chain: t.chain } });
          return undefined;
        }
      }
      if (call.depth + 1 >= MAX_CHAIN_DEPTH) {
        recordUndetermined(s, f, { ...where, cause: { code: 'chains-too-deep', max: MAX_CHAIN_DEPTH } });
        return undefined;
      }
      const back = walkChain(w, { chain: callee, depth: call.depth + 1, lineage: { name: t.chain, prev: call.lineage } }, 0, f);
      if (t.kind === 'jump') return back;
      returned.addAll(back);
      return undefined;
    }
    case 'none':
      return goOn(f);
    case 'nat':
      applyNatTarget(w.s, hook, call.chain.name, rule, f, w.accepted);
      return undefined;
    case 'non-terminal':
      if (untracks(hook, t)) return goOn({ attrs: { ...f.attrs, untracked: true }, region: f.region });
      return goOn(f);
    case 'unknown':
      recordSideUnknown(s, f, { ...where, cause: { code: 'target-unknown', target: t.name } });
      return goOn(f);
  }
}
