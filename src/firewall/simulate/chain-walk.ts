// Runs one branch through the base chains the way ipt_do_table does: rules in order, jump pushes
// the caller, goto (-g) replaces the current chain, RETURN or falling off a user chain pops,
// and RETURN or the end of the builtin chain applies its policy (iptables(8) TARGETS).
// An explicit stack, never recursion: deep or looping jumps cannot overflow it.
import type { BaseChain } from '../hooks.js';
import { isDestinationNatHook, isNatChain, legacyOf } from '../hooks.js';
import type { Rule } from '../model.js';
import type { Branch, Exploration, Frame, Outcome } from './branch.js';
import { addUncertainty, cloneBranch, stateKey, UNDETERMINED } from './branch.js';
import { evaluateMatches, undecidedRule } from './match-eval.js';
import { enterChain, enterHook, leaveHook } from './hooks.js';
import { applyNat, listCommand, targetLabel, untracks } from './tables.js';
import type { DecidedBy, TraceStep } from './types.js';
import type { UncertaintyCause } from './uncertainty.js';
import { describeCause } from './uncertainty-text.js';
import { untrackView } from './view.js';
import type { ChainIndex } from './chain-index.js';
import { candidatesFor, chainIndex, nextCandidate } from './chain-index.js';

const JOINED: Outcome = { verdict: 'JOINED' };

export function runBranch(x: Exploration, b: Branch): Outcome {
  for (;;) {
    if (b.frames.length === 0) {
      if (b.hook >= b.path.length) return { verdict: 'ACCEPT', decidedBy: pickAcceptDecider(b.accepts), acceptedBy: b.accepts };
      enterHook(x, b);
      continue;
    }
    const hook = b.path[b.hook]!;
    const frame = b.frames[b.frames.length - 1]!;
    if (frame.index >= frame.chain.rules.length) {
      const end = fallOffChain(x, b, frame, hook);
      if (end) return end;
      continue;
    }
    if (x.indexed && skipRuledOut(x, b, hook, frame)) {
      if (x.stoppedEarly) return UNDETERMINED;
      continue;
    }
    const rule = frame.chain.rules[frame.index]!;
    frame.index++;
    if (++x.steps > x.maxSteps) {
      x.stoppedEarly = true;
      return UNDETERMINED;
    }
    const result = evaluateMatches(rule.matches, b.view);
    if (result === 'maybe') {
      const cause = undecidedRule(rule.matches, b.view);
      recordRule(b, hook, frame, rule, 'maybe', cause);
      if (mayChangeOutcome(rule, hook)) forkMatchingSide(x, b, hook, frame, rule, cause);
      continue;
    }
    recordRule(b, hook, frame, rule, result);
    if (result === 'match') {
      const end = applyTarget(x, b, hook, rule);
      if (end) return end;
    }
  }
}

/**
 * Moves the frame past the rules its chain index rules out, counting and recording them as the
 * rule-by-rule walk would (each a no-match step); true when it moved. Stops exactly where the
 * step budget would have stopped the walk.
 */
function skipRuledOut(x: Exploration, b: Branch, hook: BaseChain, frame: Frame): boolean {
  if (frame.chainIndex === undefined) frame.chainIndex = chainIndex(frame.chain);
  const index = frame.chainIndex;
  if (!index) return false;
  if (frame.candidatesView !== b.view || !frame.candidates) {
    frame.candidates = candidatesFor(index, b.view);
    frame.candidatesView = b.view;
  }
  const end = frame.chain.rules.length;
  const next = nextCandidate(frame.candidates, frame.index, end);
  if (next === frame.index) return false;
  let skipped = next - frame.index;
  if (x.steps + skipped > x.maxSteps) {
    // the walk would have evaluated the rules up to the budget, then stopped on the next one
    skipped = Math.max(0, x.maxSteps - x.steps);
    x.stoppedEarly = true;
  }
  if (b.record) recordSkipped(b.record, index, hook, frame, frame.index, frame.index + skipped);
  x.steps += skipped;
  frame.index += skipped;
  if (x.stoppedEarly) {
    x.steps++;
    frame.index++;
  }
  return true;
}

function recordSkipped(record: TraceStep[], index: ChainIndex, hook: BaseChain, frame: Frame, from: number, to: number): void {
  let steps = index.skippedSteps.get(frame.depth);
  if (!steps) {
    // built whole, once per chain and depth: a packed array is far faster to copy from than a holey one
    steps = frame.chain.rules.map((rule): TraceStep => ({ table: hook.table, chain: frame.chain.name, rule: rule.position, result: 'no-match', target: targetLabel(rule.target), line: rule.loc.line, text: rule.loc.text, depth: frame.depth, ...legacyOf(hook) }));
    index.skippedSteps.set(frame.depth, steps);
  }
  for (let i = from; i < to; i++) record.push(steps[i]!);
}

/**
 * A maybe rule whose target only logs or counts cannot change the verdict: no fork needed.
 * Nor can SNAT/MASQUERADE in nat POSTROUTING: they rewrite the source after every filtering
 * hook, and the nat table cannot drop or reject (iptables inhibits DROP there; REJECT is valid
 * in filter only, iptables-extensions(8)), so either way the packet leaves as the filter decided.
 */
function mayChangeOutcome(rule: Rule, hook: BaseChain): boolean {
  const t = rule.target;
  if (t.kind === 'none') return false;
  if (rewritesSourceOnly(rule, hook)) return false;
  if (t.kind === 'non-terminal') return untracks(hook, t);
  return true;
}

function rewritesSourceOnly(rule: Rule, hook: BaseChain): boolean {
  const t = rule.target;
  return t.kind === 'nat' && isNatChain(hook) && hook.hook === 'postrouting' && (t.action === 'SNAT' || t.action === 'MASQUERADE');
}

/** This branch goes on as if the rule did not match; a copy takes the side where it did. */
function forkMatchingSide(x: Exploration, b: Branch, hook: BaseChain, frame: Frame, rule: Rule, cause: UncertaintyCause): void {
  addUncertainty(x, { table: hook.table, chain: frame.chain.name, rule: rule.position, line: rule.loc.line, cause });
  x.seen.add(stateKey(b));
  const fork = cloneBranch(b);
  const end = applyTarget(x, fork, hook, rule);
  if (end) x.outcomes.push(end);
  else x.pending.push(fork);
}

function ruleDecider(hook: BaseChain, b: Branch, rule: Rule): DecidedBy {
  return { table: hook.table, chain: b.frames[b.frames.length - 1]!.chain.name, rule: rule.position, ...legacyOf(hook) };
}

/** Applies the target of a matching rule; returns the outcome when the packet's fate is sealed. */
function applyTarget(x: Exploration, b: Branch, hook: BaseChain, rule: Rule): Outcome | undefined {
  const t = rule.target;
  switch (t.kind) {
    case 'accept':
      // ACCEPT ends this base chain only; the next base chain (this hook's or the next hook's) still sees the packet
      b.accepts.push(ruleDecider(hook, b, rule));
      leaveHook(b);
      return undefined;
    case 'drop':
      return { verdict: 'DROP', decidedBy: ruleDecider(hook, b, rule) };
    case 'reject':
      return { verdict: 'REJECT', decidedBy: ruleDecider(hook, b, rule) };
    case 'return':
      return returnFromChain(x, b, hook);
    case 'jump':
    case 'goto': {
      const entered = enterChain(x, b, hook, rule, t.chain, t.kind === 'goto');
      // a chain that returns without a verdict: after a jump the next rule, after a goto the caller
      if (entered === 'returned') return t.kind === 'goto' ? returnFromChain(x, b, hook) : undefined;
      return entered;
    }
    case 'none':
      return undefined;
    case 'nat':
      return applyNatTarget(x, b, hook, rule);
    case 'non-terminal':
      if (untracks(hook, t)) b.view = untrackView(b.view);
      return undefined;
    case 'unknown':
      // it may end traversal with any verdict, or carry on like LOG does
      addUncertainty(x, { table: hook.table, chain: b.frames[b.frames.length - 1]!.chain.name, rule: rule.position, line: rule.loc.line, cause: { code: 'target-unknown', target: t.name } });
      x.outcomes.push(UNDETERMINED);
      return undefined;
  }
}

/** DNAT/REDIRECT/NETMAP rewrite what later tables see; every nat target ends the nat table. */
function applyNatTarget(x: Exploration, b: Branch, hook: BaseChain, rule: Rule): undefined {
  const by = ruleDecider(hook, b, rule);
  if (isNatChain(hook) && isDestinationNatHook(hook.hook)) {
    const effect = applyNat(rule, b.view, hook.hook);
    if (effect.approximation) x.notes.add(`${hook.table}:${hook.chain}:rule:${rule.position}: ${effect.approximation}`);
    if (effect.view !== b.view) {
      b.rewrite = { address: effect.view.dst, port: effect.view.dport, byRule: by };
      b.view = effect.view;
    }
  }
  b.accepts.push(by);
  leaveHook(b);
  return undefined;
}

/** RETURN, or the end of a user chain: back to the caller; in the builtin chain, the policy. */
function returnFromChain(x: Exploration, b: Branch, hook: BaseChain): Outcome | undefined {
  b.frames.pop();
  if (b.frames.length === 0) return applyPolicy(x, b, hook);
  const key = stateKey(b);
  if (x.seen.has(key)) return JOINED;
  x.seen.add(key);
  return undefined;
}

function fallOffChain(x: Exploration, b: Branch, frame: Frame, hook: BaseChain): Outcome | undefined {
  if (frame.chain.truncated) {
    addUncertainty(x, { table: hook.table, chain: frame.chain.name, cause: { code: 'chain-cut-off', chain: frame.chain.name }, command: listCommand(x.family, hook.table, frame.chain.name) });
    x.outcomes.push(UNDETERMINED);
  }
  return returnFromChain(x, b, hook);
}

function applyPolicy(x: Exploration, b: Branch, hook: BaseChain): Outcome | undefined {
  const chain = x.chains[hook.source]!.get(hook.table)?.get(hook.chain);
  const policy = chain?.policy;
  b.record?.push({ table: hook.table, chain: hook.chain, policy: true, result: policy ? 'match' : 'maybe', target: policy, line: chain?.loc?.line, text: chain?.loc?.text, depth: 0, ...(policy ? {} : { reason: 'policy not shown' }), ...legacyOf(hook) });
  const by: DecidedBy = { table: hook.table, chain: hook.chain, policy: true, ...legacyOf(hook) };
  switch (policy) {
    case 'ACCEPT':
      b.accepts.push(by);
      leaveHook(b);
      return undefined;
    case 'DROP':
      return { verdict: 'DROP', decidedBy: by };
    case undefined:
      addUncertainty(x, { table: hook.table, chain: hook.chain, cause: { code: 'policy-not-shown', chain: hook.chain }, command: listCommand(x.family, hook.table, hook.chain) });
      return UNDETERMINED;
  }
}

/** The rule a user wants named for an accepted packet: filter's decision, else the last rule that accepted. */
function pickAcceptDecider(accepts: readonly DecidedBy[]): DecidedBy | null {
  const filter = accepts.find((a) => a.table === 'filter');
  if (filter) return filter;
  for (let i = accepts.length - 1; i >= 0; i--) if ('rule' in accepts[i]!) return accepts[i]!;
  return accepts[accepts.length - 1] ?? null;
}

function recordRule(b: Branch, hook: BaseChain, frame: Frame, rule: Rule, result: 'match' | 'no-match' | 'maybe', cause?: UncertaintyCause): void {
  if (!b.record) return;
  // the step keeps the sentence: it also carries notes such as where a goto returns to
  let reason = cause ? describeCause(cause) : undefined;
  const step: TraceStep = { table: hook.table, chain: frame.chain.name, rule: rule.position, result, target: targetLabel(rule.target), line: rule.loc.line, text: rule.loc.text, depth: frame.depth, ...legacyOf(hook) };
  const t = rule.target;
  // source NAT after every filter: matching or not, the packet leaves as the filter decided
  if (result === 'maybe' && rewritesSourceOnly(rule, hook)) reason = `${reason ? `${reason}; ` : ''}either way the verdict is the same: source NAT after every filter`;
  if (t.kind === 'goto' && result !== 'no-match') {
    const caller = b.frames.length > 1 ? b.frames[b.frames.length - 2]!.chain.name : `the policy of ${hook.chain}`;
    reason = `${reason ? `${reason}; ` : ''}goto: a RETURN from ${t.chain} goes back to ${caller}`;
  }
  if (reason) step.reason = reason;
  b.record.push(step);
}
