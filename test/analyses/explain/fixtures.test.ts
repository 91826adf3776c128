// Every fixtures/<case>/ folder: analyse its inputs and compare the verdict and the finding
// codes with expected.json (codes, never wording).
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { FINDING_CODES } from '../../../src/analyses/explain/findings/types.js';
import { collectFixture, listFixtureCases, readExpected } from './fixture-inputs.js';

const cases = await listFixtureCases();

describe('fixture cases', () => {
  it.each(cases)('%s: verdict and finding codes as expected', async (name) => {
    const expected = await readExpected(name);
    const inputs = await collectFixture(name, expected);
    const report = await analyse(inputs, expected.target, { allow: expected.allow ?? [] });
    const codes = [...new Set(report.findings.map((f) => f.code))].sort();
    expect({ verdict: report.verdict, codes }).toEqual({ verdict: expected.verdict, codes: [...expected.codes].sort() });
  });

  it('cover every finding code at least once', async () => {
    const covered = new Set<string>();
    for (const name of cases) for (const code of (await readExpected(name)).codes) covered.add(code);
    expect(FINDING_CODES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('use only known finding codes in expected.json', async () => {
    const known = new Set<string>(FINDING_CODES);
    for (const name of cases) for (const code of (await readExpected(name)).codes) expect(known.has(code), `${name}: ${code}`).toBe(true);
  });
});
