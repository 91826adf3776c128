// nat OUTPUT REDIRECT/DNAT of SMTP (cPanel SMTP Restrictions, CSF SMTP_REDIRECT, Postal's
// helpers): the connection goes somewhere else than the MX, before filter OUTPUT sees it.
import type { Analysis } from '../types.js';
import { admitsSmtpPort, allRules, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectNatRedirect(a: Analysis): Finding[] {
  const rules = allRules(a, 'nat').filter((ref) => ref.chain.name !== 'PREROUTING' && ref.chain.name !== 'POSTROUTING' && ref.rule.target.kind === 'nat' && (ref.rule.target.action === 'REDIRECT' || ref.rule.target.action === 'DNAT') && admitsSmtpPort(ref.rule));
  const rewritten = a.attempts.filter((x) => x.rewrittenTo !== undefined);
  if (rules.length === 0 && rewritten.length === 0) return [];
  return [makeFinding('nat-redirect', {
    rules: rules.map((r) => ({ chain: r.chain.name, rule: r.rule.position, action: r.rule.target.kind === 'nat' ? r.rule.target.action : '' })),
    rewritten: rewritten.slice(0, 2).map((x) => ({ host: x.host, address: x.address, port: x.port, to: x.rewrittenTo })),
    staysLocal: rewritten.every((x) => !x.leavesHost),
    mta: a.mta,
  }, rules.map((r) => ruleEvidence(r)))];
}
