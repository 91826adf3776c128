// Alternatives that mailleak cannot choose between are each named once: forks at several
// unknown preconditions often end at the same router with the same outcome (issue 13: "refused
// via nonlocal or refused via nonlocal or unknown via hubbed_hosts").
import { describe, expect, it } from 'vitest';
import { collapseAlternatives, type PlanPath } from '../../src/mail/plan-path.js';

const path = (outcome: PlanPath['outcome'], router: string): PlanPath => ({ outcome, router, steps: [], attempts: [], reason: `${outcome} at ${router}`, assumptions: [], uncertain: [], notes: [] });

describe('collapseAlternatives', () => {
  it('names each way the alternatives go once, in the order first met', () => {
    const collapsed = collapseAlternatives([path('refused', 'nonlocal'), path('refused', 'nonlocal'), path('unknown', 'hubbed_hosts')]);
    expect(collapsed.outcome).toBe('unknown');
    expect(collapsed.reason).toBe('depends on what mailleak cannot know: refused via nonlocal or unknown via hubbed_hosts');
  });

  it('keeps the same outcome at different routers apart', () => {
    const collapsed = collapseAlternatives([path('refused', 'nonlocal'), path('remote', 'dnslookup'), path('refused', 'blocklist')]);
    expect(collapsed.reason).toBe('depends on what mailleak cannot know: refused via nonlocal or remote via dnslookup or refused via blocklist');
  });
});
