// Whose packet an attempt is: the uid the planner gave the attempt comes before the MTA user's
// (--uid), because a planner may know better for one attempt (Postfix's unpriv = n services
// connect as root; seen in the postfix tier).
import { expect, it } from 'vitest';
import { traceAttempts } from '../../../src/analyses/explain/attempts.js';
import { parseFirewallText } from '../../../src/firewall/parse/index.js';
import type { DeliveryAttempt } from '../../../src/mail/types.js';

const RULES = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -m owner --uid-owner 0 -j ACCEPT\n-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset\nCOMMIT\n';
const attempt: DeliveryAttempt = { order: 1, host: 'mx.example.test', address: '198.51.100.26', family: 4, port: 25, protocol: 'smtp', router: 'recipient domain', transport: 'rootsmtp' };

it("an attempt the planner makes as root is root's packet, whatever the MTA user's uid", () => {
  const v4 = parseFirewallText(RULES, { origin: 'rules', family: 4 });
  const [asRoot] = traceAttempts([{ ...attempt, uid: 0 }], { 4: v4 }, { uid: 995 });
  expect(asRoot).toMatchObject({ verdict: 'ACCEPT', uid: 0 });
  const [asUser] = traceAttempts([attempt], { 4: v4 }, { uid: 995 });
  expect(asUser).toMatchObject({ verdict: 'REJECT', uid: 995 });
});
