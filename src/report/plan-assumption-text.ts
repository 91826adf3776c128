// The wording of a delivery plan's assumptions (src/mail/types.ts PlanAssumption): what must
// hold for one possible routing, e.g. "router hubbed_hosts is skipped (…)".
import type { PlanAlternative, PlanAssumption } from '../mail/types.js';

export function describePlanAssumption(a: PlanAssumption): string {
  switch (a.assumed) {
    case 'runs':
      return `router ${a.router} runs (${a.because.join('; ')})`;
    case 'skipped':
      return `router ${a.router} is skipped (${a.because.join('; ')})`;
    case 'declines':
      return `router ${a.router} declines`;
    case 'decides':
      return `router ${a.router} ${a.decision === 'accept' ? 'accepts' : `${a.decision}s`}`;
    case 'sender-matches':
      return `the sender matches ${a.key} in ${a.parameter} (→ ${a.value})`;
    case 'sender-matches-none':
      return `the sender matches no entry of ${a.parameter}`;
  }
}

/** An alternative as JSON: its assumptions worded, in the place they have always had. */
export function alternativeJson(a: PlanAlternative): Record<string, unknown> {
  return { ...a, assumptions: a.assumptions.map(describePlanAssumption) };
}
