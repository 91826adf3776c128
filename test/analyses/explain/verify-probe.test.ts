// Postfix refuses the mail, but its address verification probes are routed otherwise and get
// out: the report names the probe's route and the Postfix fix, not only a note.
import { expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { findingFix, findingMessage } from '../../../src/analyses/explain/findings/wording.js';
import { renderExplainText } from '../../../src/report/explain-text.js';
import { PLAIN_PALETTE } from '../../../src/report/plain-palette.js';
import { collectFixture, readExpected } from './fixture-inputs.js';

it('verify-probe-leaks: the refused mail, the probe\'s attempt and route, and the address_verify fix', async () => {
  const expected = await readExpected('postfix-verify-probe');
  const report = await analyse(await collectFixture('postfix-verify-probe', expected), expected.target);
  expect(report.verdict).toBe('leaks');
  const finding = report.findings.find((f) => f.code === 'verify-probe-leaks');
  expect(finding?.args).toMatchObject({ domain: 'gmail.com', restriction: 'reject_unverified_recipient', list: 'smtpd_recipient_restrictions', routedBy: ['address_verify_transport_maps'], mail: 'refused', certain: true });
  expect(report.attempts.every((a) => a.probe === true)).toBe(true);
  expect(findingMessage(finding!)).toMatch(/^Postfix refuses mail to gmail\.com \(.*outbound mail is blocked by local policy.*\), but address verification is on/);
  expect(findingFix(finding!)?.lines).toContain('postconf -X address_verify_transport_maps');
  expect(renderExplainText(report, PLAIN_PALETTE)).toMatch(/^Mail to gmail\.com leaks over IPv4: .* 203\.0\.113\.26:25 \(an address verification probe, routed by address_verify_\*\)\./);
});

it('no finding when the probes are routed as mail is (no address_verify_* differs)', async () => {
  const expected = await readExpected('postfix-transport-maps');
  const report = await analyse(await collectFixture('postfix-transport-maps', expected), expected.target);
  expect(report.findings.map((f) => f.code)).not.toContain('verify-probe-leaks');
});
