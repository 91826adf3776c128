// Entering and leaving the base chains of the path, and jumping into user chains, with the
// checks the kernel does when it loads a ruleset (no loops) and what a listing may lack.
import type { BaseChain } from '../hooks.js';
import { conntrackStage, isNatChain, seesFamily, seesRoute } from '../hooks.js';
import type { Rule } from '../model.js';
import type { Branch, Exploration, Outcome } from './branch.js';
import { addUncertainty, UNDETERMINED } from './branch.js';
import { listCommand } from './tables.js';
import { afterRouting, asFirstPacket, atConntrackStage, withStateOf } from './view.js';

/** Deeper than this is reported, not followed (the kernel's own jump stack is far smaller in practice). */
export const MAX_CHAIN_DEPTH = 1000;

/** Ends the current base chain (ACCEPT, a nat target, an ACCEPT policy): on to the next one. */
export function leaveHook(b: Branch): void {
  b.frames = [];
  b.hook++;
  if (b.viewOutsideNat) {
    b.view = withStateOf(b.view, b.viewOutsideNat);
    b.viewOutsideNat = undefined;
  }
}

/**
 * The routing decision for a forwarded packet, made when it leaves PREROUTING: a destination on
 * this host (possibly after DNAT or REDIRECT) is delivered through INPUT, not forwarded.
 */
function routeForwarded(x: Exploration, b: Branch, next: BaseChain): void {
  const last = b.path[b.hook - 1];
  if (!x.localDelivery || !last || last.hook !== 'prerouting' || next.hook === 'prerouting') return;
  if (b.view.dstLocal && b.path !== x.localDelivery) b.path = x.localDelivery;
}

/** Starts the next hook's builtin chain, or skips it when its table is absent or does not apply. */
export function enterHook(x: Exploration, b: Branch): void {
  routeForwarded(x, b, b.path[b.hook]!);
  if (b.hook >= b.path.length) return;
  const hook = b.path[b.hook]!;
  if (!seesFamily(hook, x.family)) {
    b.hook++;
    return;
  }
  if (seesRoute(hook.hook)) b.view = afterRouting(b.view);
  b.view = atConntrackStage(b.view, conntrackStage(hook));
  const table = x.chains[hook.source]!.get(hook.table);
  if (!table) {
    // iptables-save prints every table in use, so an absent one has no rules; a listing
    // shows one table per command, so an absent filter table was simply not supplied.
    if (hook.table === 'filter' && x.model.rulesets[hook.source]!.format !== 'save') {
      addUncertainty(x, { table: 'filter', chain: hook.chain, cause: { code: 'filter-table-missing' }, command: listCommand(x.family, 'filter', hook.chain) });
      x.outcomes.push(UNDETERMINED);
    }
    b.hook++;
    return;
  }
  if (isNatChain(hook)) {
    if (b.view.state === 'UNTRACKED') {
      // nat needs a conntrack entry: an untracked packet skips the nat table entirely
      x.notes.add('the nat table was skipped: the packet is untracked (raw NOTRACK / CT --notrack), and nat needs a tracked connection');
      b.hook++;
      return;
    }
    if (b.view.state === 'ESTABLISHED') {
      x.notes.add('nat is consulted only for a connection\'s first packet; its mapping applies to the ESTABLISHED packets, so nat was evaluated as for the SYN');
      b.viewOutsideNat = b.view;
      b.view = asFirstPacket(b.view);
    }
  }
  const chain = table.get(hook.chain);
  if (!chain || !chain.bodyKnown) {
    addUncertainty(x, { table: hook.table, chain: hook.chain, cause: { code: 'base-chain-missing', table: hook.table, chain: hook.chain }, command: listCommand(x.family, hook.table, hook.chain) });
    x.outcomes.push(UNDETERMINED);
    leaveHook(b);
    return;
  }
  b.frames.push({ chain, index: 0, depth: 0, lineage: { name: chain.name, prev: undefined } });
}

/**
 * `-j CHAIN` pushes a frame; `-g CHAIN` replaces the current one, so that a RETURN goes back
 * to the chain that called the current one (iptables(8) --goto). Returns 'returned' when the
 * chain's body is unknown and the branch goes on as if it returned without a verdict (the
 * other possibility is recorded as an undetermined outcome), an outcome when the jump
 * cannot be followed, undefined when the branch is now inside the chain.
 */
export function enterChain(x: Exploration, b: Branch, hook: BaseChain, rule: Rule, name: string, isGoto: boolean): Outcome | 'returned' | undefined {
  const current = b.frames[b.frames.length - 1]!;
  const chain = x.chains[hook.source]!.get(hook.table)?.get(name);
  const where = { table: hook.table, chain: current.chain.name, rule: rule.position, line: rule.loc.line };
  if (!chain || !chain.bodyKnown) {
    addUncertainty(x, { ...where, cause: { code: 'chain-missing', chain: name }, command: listCommand(x.family, hook.table, name) });
    x.outcomes.push(UNDETERMINED);
    return 'returned';
  }
  for (let l: typeof current.lineage = current.lineage; l; l = l.prev) {
    if (l.name === name) {
      // the kernel refuses to load a ruleset with a loop (ELOOP), so the input is inconsistent
      addUncertainty(x, { ...where, cause: { code: 'jump-loop', chain: name } });
      return UNDETERMINED;
    }
  }
  if (current.depth + 1 >= MAX_CHAIN_DEPTH) {
    addUncertainty(x, { ...where, cause: { code: 'chains-too-deep', max: MAX_CHAIN_DEPTH } });
    return UNDETERMINED;
  }
  if (isGoto) b.frames.pop();
  b.frames.push({ chain, index: 0, depth: current.depth + 1, lineage: { name, prev: current.lineage } });
  return undefined;
}
