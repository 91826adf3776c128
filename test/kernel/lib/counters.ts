// Ground truth from the kernel's own counters. `iptables-save -c` is read before and after one
// probe SYN; the rules whose packet counter moved are the rules that matched it. A matching
// ACCEPT/DROP/REJECT ends the traversal, so the one terminal rule of the filter table whose
// counter moved decided the packet; when none did, the OUTPUT policy did (its counter moves).
// This reader is deliberately independent of the project's parsers: it only needs counters,
// chain names and targets.
import type { TableName } from '../../../src/firewall/model.js';
import type { DecidedBy } from '../../../src/firewall/simulate/types.js';

export interface SavedRule {
  position: number;
  packets: number;
  /** -j or -g target, undefined for a counting rule */
  target?: string;
  text: string;
}

export interface SavedChain {
  name: string;
  policy?: string;
  policyPackets?: number;
  rules: SavedRule[];
}

/** table → chain → counters */
export type CounterSnapshot = Map<string, Map<string, SavedChain>>;

export type KernelVerdict = 'ACCEPT' | 'DROP' | 'REJECT';

export interface KernelAnswer {
  verdict: KernelVerdict;
  decidedBy: DecidedBy;
  /** the nat rule (DNAT/REDIRECT) that rewrote the destination, if any */
  rewrittenBy?: DecidedBy;
  /** that nat rule's save text */
  rewriteText?: string;
  /** every rule whose counter moved, e.g. "filter OUTPUT #2 -j LOGDROP", for evidence */
  matched: string[];
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT']);
const NAT_REWRITE = new Set(['DNAT', 'REDIRECT']);

export function readSaveCounters(text: string): CounterSnapshot {
  const snapshot: CounterSnapshot = new Map();
  let table: Map<string, SavedChain> | undefined;
  for (const line of text.split('\n')) {
    const tableMatch = /^\*(\w+)/.exec(line);
    if (tableMatch) {
      table = new Map();
      snapshot.set(tableMatch[1]!, table);
      continue;
    }
    const chainMatch = /^:(\S+) (\S+) \[(\d+):\d+\]/.exec(line);
    if (chainMatch && table) {
      const [, name = '', policy = '', packets = '0'] = chainMatch;
      table.set(name, policy === '-' ? { name, rules: [] } : { name, policy, policyPackets: Number(packets), rules: [] });
      continue;
    }
    const ruleMatch = /^\[(\d+):\d+\] -A (\S+)(.*)$/.exec(line);
    if (ruleMatch && table) {
      const [, packets = '0', chainName = '', rest = ''] = ruleMatch;
      const chain = table.get(chainName);
      if (!chain) throw new Error(`iptables-save: rule for undeclared chain ${chainName}`);
      chain.rules.push({ position: chain.rules.length + 1, packets: Number(packets), target: targetOf(rest), text: `-A ${chainName}${rest}` });
    }
  }
  return snapshot;
}

/** The -j/-g argument, skipping quoted strings (comments, log prefixes). */
function targetOf(rest: string): string | undefined {
  const tokens = rest.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const at = tokens.findIndex((t) => t === '-j' || t === '-g');
  return at >= 0 ? tokens[at + 1] : undefined;
}

/** Works out which rule decided one probe from the counters before and after it. */
export function decideFromCounters(before: CounterSnapshot, after: CounterSnapshot): KernelAnswer {
  const moved: { table: string; chain: SavedChain; rule: SavedRule; delta: number }[] = [];
  for (const [tableName, chains] of after) {
    for (const [chainName, chain] of chains) {
      const old = before.get(tableName)?.get(chainName);
      for (const rule of chain.rules) {
        const delta = rule.packets - (old?.rules[rule.position - 1]?.packets ?? 0);
        if (delta !== 0) moved.push({ table: tableName, chain, rule, delta });
      }
    }
  }
  const matched = moved.map((m) => `${m.table} ${m.chain.name} #${m.rule.position} ${m.rule.text}${m.delta === 1 ? '' : ` (+${m.delta})`}`);
  const inconsistent = (why: string): Error => new Error(`kernel counters inconsistent: ${why}\n  moved: ${matched.join('\n         ') || '(nothing)'}`);

  // A rule may move by more than 1: one packet can cross a user chain twice (jumped to from two
  // rules that both match). That the probe was the only packet is checked on raw OUTPUT's policy
  // below (the guard drops stray ICMPv6 and what REJECT sends), and a terminal rule moves by 1.
  // the rig's guard in raw OUTPUT drops what REJECT sends back; the probe itself must pass raw
  const rawOutput = after.get('raw')?.get('OUTPUT');
  if (rawOutput && (rawOutput.policyPackets ?? 0) - (before.get('raw')?.get('OUTPUT')?.policyPackets ?? 0) !== 1) {
    throw inconsistent('the probe did not pass raw OUTPUT exactly once (caught by the rig guard?)');
  }

  const terminal = moved.filter((m) => m.table === 'filter' && m.rule.target !== undefined && TERMINAL.has(m.rule.target));
  const policyDelta = (after.get('filter')?.get('OUTPUT')?.policyPackets ?? 0) - (before.get('filter')?.get('OUTPUT')?.policyPackets ?? 0);
  const rewrites = moved.filter((m) => m.table === 'nat' && m.rule.target !== undefined && NAT_REWRITE.has(m.rule.target));
  if (rewrites.length > 1) throw inconsistent('two nat rewrites for one packet');
  const rewrite = rewrites[0];
  const rewrittenBy = rewrite ? { by: { table: 'nat', chain: rewrite.chain.name, rule: rewrite.rule.position } as DecidedBy, text: rewrite.rule.text } : undefined;

  const decision = terminal[0];
  if (terminal.length === 1 && decision && decision.delta === 1 && policyDelta === 0) {
    return withRewrite({
      verdict: decision.rule.target as KernelVerdict,
      decidedBy: { table: decision.table as TableName, chain: decision.chain.name, rule: decision.rule.position },
      matched,
    }, rewrittenBy);
  }
  if (terminal.length === 0 && policyDelta === 1) {
    const policy = after.get('filter')?.get('OUTPUT')?.policy;
    if (policy !== 'ACCEPT' && policy !== 'DROP') throw inconsistent(`filter OUTPUT policy is ${policy}`);
    return withRewrite({ verdict: policy, decidedBy: { table: 'filter', chain: 'OUTPUT', policy: true }, matched }, rewrittenBy);
  }
  throw inconsistent(`${terminal.length} terminal rules and a policy counter change of ${policyDelta}`);
}

function withRewrite(answer: KernelAnswer, rewrite: { by: DecidedBy; text: string } | undefined): KernelAnswer {
  return rewrite ? { ...answer, rewrittenBy: rewrite.by, rewriteText: rewrite.text } : answer;
}
