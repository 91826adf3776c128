// One way routing can go (a path), and how paths combine: alternatives (only one happens; the
// answer is known only when they agree) and copies (unseen routers and redirection children all
// happen; mail leaves if any copy leaves).
import type { UnorderedAttempt } from './plan-attempts.js';
import type { DeliveryOutcome, PlanAssumption, RouterStep } from './types.js';

export interface PlanPath {
  outcome: DeliveryOutcome;
  router?: string;
  transport?: string;
  steps: RouterStep[];
  attempts: UnorderedAttempt[];
  reason: string;
  /** what has to hold for this path (from forks at unknown preconditions and decisions) */
  assumptions: PlanAssumption[];
  uncertain: string[];
  notes: string[];
}

/** All copies are delivered: remote if any copy goes out, else the common outcome, else unknown. */
export function combineCopies(paths: PlanPath[]): PlanPath {
  const [first, ...rest] = paths;
  if (!first) throw new Error('combineCopies needs at least one path');
  if (rest.length === 0) return first;
  const outcomes = new Set(paths.map((p) => p.outcome));
  const outcome: DeliveryOutcome = outcomes.size === 1 ? first.outcome : outcomes.has('remote') ? 'remote' : 'unknown';
  const remote = paths.find((p) => p.outcome === 'remote') ?? first;
  return {
    outcome,
    ...(remote.router !== undefined ? { router: remote.router } : {}),
    ...(remote.transport !== undefined ? { transport: remote.transport } : {}),
    steps: paths.flatMap((p) => p.steps),
    attempts: paths.flatMap((p) => p.attempts),
    reason: paths.map((p) => p.reason).join('; and '),
    assumptions: uniqueAssumptions(paths.flatMap((p) => p.assumptions)),
    uncertain: unique(paths.flatMap((p) => p.uncertain)),
    notes: unique(paths.flatMap((p) => p.notes)),
  };
}

/** Exactly one of the alternatives happens: the outcome is known only when they all agree. */
export function collapseAlternatives(paths: PlanPath[]): PlanPath {
  const [first] = paths;
  if (!first) throw new Error('collapseAlternatives needs at least one path');
  if (paths.length === 1) return first;
  const same = paths.every((p) => p.outcome === first.outcome);
  return {
    ...first,
    outcome: same ? first.outcome : 'unknown',
    attempts: uniqueAttempts(paths.flatMap((p) => p.attempts)),
    reason: same ? first.reason : `depends on what mailleak cannot know: ${distinctWays(paths).map((w) => `${w.outcome}${w.router ? ` via ${w.router}` : ''}`).join(' or ')}`,
    uncertain: unique(paths.flatMap((p) => p.uncertain)),
    notes: unique(paths.flatMap((p) => p.notes)),
  };
}

/** Each way the alternatives can go once (outcome and router), in the order first met: forks
 *  at several unknowns often end at the same router with the same outcome. */
export function distinctWays(paths: PlanPath[]): { outcome: DeliveryOutcome; router?: string }[] {
  const ways = new Map<string, { outcome: DeliveryOutcome; router?: string }>();
  for (const p of paths) {
    const key = `${p.outcome}|${p.router ?? ''}`;
    if (!ways.has(key)) ways.set(key, { outcome: p.outcome, ...(p.router !== undefined ? { router: p.router } : {}) });
  }
  return [...ways.values()];
}

export function uniqueAttempts(attempts: UnorderedAttempt[]): UnorderedAttempt[] {
  const seen = new Set<string>();
  return attempts.filter((a) => {
    const key = [a.router, a.transport, a.host, a.address ?? `?${a.family}`, a.port, a.fallback ? 'f' : ''].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One of each assumption, compared as data (router, way, and why), never as a sentence. */
export function uniqueAssumptions(assumptions: PlanAssumption[]): PlanAssumption[] {
  const seen = new Set<string>();
  return assumptions.filter((a) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
