// What the answer depends on, ranked: an unknown that affects the attempt Exim makes first
// matters most (Exim tries addresses in order and falls back), then one that affects more
// attempts. Blocked or accepted attempts contribute nothing: their answer does not depend on it.
import type { Family, Ruleset } from '../../firewall/model.js';
import { findChain, findTable } from '../../firewall/model.js';
import type { Uncertainty } from '../../firewall/simulate/types.js';
import { causeKey, uncertaintyKey, type UncertaintyCause } from '../../firewall/simulate/uncertainty.js';
import type { AttemptResult, Suspect } from './types.js';

export function collectSuspects(attempts: AttemptResult[], rulesets: Partial<Record<Family, Ruleset>>, planUncertain: string[]): Suspect[] {
  const byKey = new Map<string, Suspect>();
  const add = (key: string, make: () => Suspect, order: number): void => {
    const known = byKey.get(key);
    if (known) {
      if (!known.attempts.includes(order)) known.attempts.push(order);
    } else byKey.set(key, make());
  };
  for (const attempt of attempts) {
    if (attempt.verdict !== 'UNKNOWN') continue;
    if (!attempt.trace) {
      const cause = attempt.cause;
      if (!cause) continue;
      // an unknown address is one unknown for both families; a missing ruleset is per family
      add(attempt.address === undefined ? `address:${causeKey(cause)}` : `${attempt.family}:${causeKey(cause)}`, () => missingInput(attempt, cause), attempt.order);
      continue;
    }
    for (const u of attempt.trace.uncertain) {
      add(`${attempt.family}:${uncertaintyKey(u)}`, () => fromUncertainty(attempt, u, rulesets[attempt.family]), attempt.order);
    }
  }
  const ranked = [...byKey.values()].sort((a, b) => Math.min(...a.attempts) - Math.min(...b.attempts) || b.attempts.length - a.attempts.length);
  // an uncertain plan (DNS unknown, an expansion) matters after the firewall's own unknowns
  for (const text of planUncertain) ranked.push({ cause: { code: 'plan-uncertain', text }, attempts: [] });
  return ranked;
}

/**
 * The unknown a suspect stands for, whatever the family: where (table, chain, rule) and why
 * (the cause with its arguments), never the sentence. The same policy missing from both the
 * iptables and the ip6tables input is two suspects (two commands) with one unknownKey.
 */
export function unknownKey(s: Pick<Suspect, 'cause' | 'where'>): string {
  const w = s.where;
  return w ? uncertaintyKey({ ...w, cause: s.cause }) : causeKey(s.cause);
}

/** The suspect when the MTA refuses only because of DNS answered here (dns-here.ts). */
export function dnsHereSuspect(domain: string): Suspect {
  return { cause: { code: 'dns-answered-here', domain }, attempts: [], command: `--dns-server ADDR (the server's resolver), or --dns FILE with \`dig ${domain} MX\` run on the server` };
}

function missingInput(attempt: AttemptResult, cause: UncertaintyCause): Suspect {
  const suspect: Suspect = { cause, attempts: [attempt.order], family: attempt.family };
  if (attempt.address !== undefined) {
    const tool = attempt.family === 6 ? 'ip6tables' : 'iptables';
    suspect.command = `${tool}-save -c   (or: ${tool} -L -n -v --line-numbers; ${tool} -t nat -L -n -v)`;
  }
  return suspect;
}

function fromUncertainty(attempt: AttemptResult, u: Uncertainty, ruleset: Ruleset | undefined): Suspect {
  const where = { table: u.table, chain: u.chain, ...(u.rule !== undefined ? { rule: u.rule } : {}) };
  const suspect: Suspect = { cause: u.cause, where, attempts: [attempt.order], family: attempt.family };
  if (u.command) suspect.command = u.command;
  const rule = u.rule !== undefined ? findChain(findTable(ruleset ?? emptyRuleset, u.table), u.chain)?.rules.find((r) => r.position === u.rule) : undefined;
  if (rule) {
    suspect.origin = rule.loc.origin;
    suspect.line = rule.loc.line;
    suspect.text = rule.loc.text;
    if (rule.counters) suspect.counters = rule.counters.text;
  } else if (u.line !== undefined) suspect.line = u.line;
  return suspect;
}

const emptyRuleset: Ruleset = { format: 'listing', origin: '', tables: [], interfacesKnown: true, diagnostics: [] };
