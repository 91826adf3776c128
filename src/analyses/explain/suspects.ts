// What the answer depends on, ranked: an unknown that affects the attempt Exim makes first
// matters most (Exim tries addresses in order and falls back), then one that affects more
// attempts. Blocked or accepted attempts contribute nothing: their answer does not depend on it.
import type { Family, Ruleset } from '../../firewall/model.js';
import { findChain, findTable } from '../../firewall/model.js';
import type { Uncertainty } from '../../firewall/simulate/types.js';
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
      const reason = attempt.reason ?? 'not traced';
      // an unknown address is one unknown for both families; a missing ruleset is per family
      add(attempt.address === undefined ? `address:${reason}` : `${attempt.family}:${reason}`, () => ({ ...missingInput(attempt, reason), key: `input:${reason}` }), attempt.order);
      continue;
    }
    for (const u of attempt.trace.uncertain) {
      const key = `${u.table}:${u.chain}:${u.rule ?? ''}:${u.reason}`;
      add(`${attempt.family}:${key}`, () => ({ ...fromUncertainty(attempt, u, rulesets[attempt.family]), key }), attempt.order);
    }
  }
  const ranked = [...byKey.values()].sort((a, b) => Math.min(...a.attempts) - Math.min(...b.attempts) || b.attempts.length - a.attempts.length);
  // an uncertain plan (DNS unknown, an expansion) matters after the firewall's own unknowns
  for (const reason of planUncertain) ranked.push({ reason, attempts: [] });
  return ranked;
}

/** The suspect when the MTA refuses only because of DNS answered here (dns-here.ts). */
export function dnsHereSuspect(domain: string): Suspect {
  return { reason: 'DNS answered here, not on the server; give --dns or --dns-server', attempts: [], command: `--dns-server ADDR (the server's resolver), or --dns FILE with \`dig ${domain} MX\` run on the server` };
}

function missingInput(attempt: AttemptResult, reason: string): Suspect {
  const suspect: Suspect = { reason, attempts: [attempt.order], family: attempt.family };
  if (attempt.address !== undefined) {
    const tool = attempt.family === 6 ? 'ip6tables' : 'iptables';
    suspect.command = `${tool}-save -c   (or: ${tool} -L -n -v --line-numbers; ${tool} -t nat -L -n -v)`;
  }
  return suspect;
}

function fromUncertainty(attempt: AttemptResult, u: Uncertainty, ruleset: Ruleset | undefined): Suspect {
  // the rule that led there; a reason about a whole chain already names it
  const where = u.rule !== undefined ? ` (${u.table} ${u.chain} rule ${u.rule})` : '';
  const suspect: Suspect = { reason: `${u.reason}${where}`, attempts: [attempt.order], family: attempt.family };
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
