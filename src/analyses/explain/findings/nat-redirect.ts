// nat OUTPUT REDIRECT/DNAT of SMTP (cPanel SMTP Restrictions, CSF SMTP_REDIRECT, Postal's
// helpers): the connection goes somewhere else than the MX, before filter OUTPUT sees it.
import type { Analysis } from '../types.js';
import { admitsSmtpPort, allRules, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectNatRedirect(a: Analysis): Finding[] {
  const rules = allRules(a, 'nat').filter((ref) => ref.chain.name !== 'PREROUTING' && ref.chain.name !== 'POSTROUTING' && ref.rule.target.kind === 'nat' && (ref.rule.target.action === 'REDIRECT' || ref.rule.target.action === 'DNAT') && admitsSmtpPort(ref.rule));
  const rewritten = a.attempts.filter((x) => x.rewrittenTo !== undefined);
  if (rules.length === 0 && rewritten.length === 0) return [];
  const applied = rewritten.length > 0
    ? ` It applies to the MTA's own connections: ${rewritten.slice(0, 2).map((x) => `${x.host} [${x.address}]:${x.port} → ${x.rewrittenTo}`).join(', ')}${rewritten.every((x) => !x.leavesHost) ? ' (back to this host, so they do not leave it directly)' : ''}.`
    : ' It does not apply to the MTA\'s connections as traced (an owner or address condition spares them), so it restricts other programs only.';
  return [makeFinding('nat-redirect',
    `nat OUTPUT rewrites SMTP connections (${rules.map((r) => `${r.chain.name} rule ${r.rule.position} ${r.rule.target.kind === 'nat' ? r.rule.target.action : ''}`).join(', ') || 'see the trace'}), before filter OUTPUT sees them.${applied}`,
    rules.map((r) => ruleEvidence(r)),
    { summary: 'A redirect sends programs\' SMTP to the local MTA; the MTA itself must still be restricted (router below). Check both families\' nat tables.', lines: ['iptables -t nat -L OUTPUT -n -v --line-numbers', 'ip6tables -t nat -L OUTPUT -n -v --line-numbers'] })];
}
