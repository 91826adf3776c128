// Exim falls back to the next address after a failure: a dropped first attempt and an
// accepted later one is a leak over the later one, and the report says which.
import { expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { collectFixture, readExpected } from './fixture-inputs.js';

it('names the IPv4 attempt the mail leaks over after the IPv6 one is dropped', async () => {
  const expected = await readExpected('ipv4-fallback');
  const report = await analyse(await collectFixture('ipv4-fallback', expected), expected.target);
  expect(report.attempts[0]).toMatchObject({ order: 1, family: 6, verdict: 'DROP' });
  expect(report.leaksVia).toBe(2);
  expect(report.attempts[1]).toMatchObject({ order: 2, family: 4, verdict: 'ACCEPT', address: '203.0.113.26', decidedBy: { chain: 'OUTPUT', policy: true } });
  expect(report.answer).toContain('203.0.113.26');
});
