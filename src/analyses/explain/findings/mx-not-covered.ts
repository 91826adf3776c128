// The allow rules for the permitted domain do not cover where its mail really goes: the MX
// hosts, not the domain's own A record (the ServerFault 930157 second answer).
import type { Analysis } from '../types.js';
import { allowedAddresses } from '../fixes.js';
import { acceptElsewhere } from './accept-not-final.js';
import { admitsSmtpPort, filterRules, hasDestination, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectMxNotCovered(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  const allowRules = filterRules(a).filter((ref) => ref.rule.target.kind === 'accept' && hasDestination(ref.rule) && admitsSmtpPort(ref.rule));
  // without any allow rule there is nothing that fails to cover: a plain block is not this finding
  if (allowRules.length === 0) return [];
  for (const allowed of a.allowed) {
    // an allow that matched and another base chain dropped anyway is accept-not-final's case, not a gap in the allow rules
    const stopped = allowed.attempts.filter((x) => (x.verdict === 'DROP' || x.verdict === 'REJECT') && !acceptElsewhere(a, x));
    if (stopped.length === 0) continue;
    const apex = allowed.apexAddresses;
    const onApex = allowRules.filter((r) => apex.some((ip) => r.rule.loc.text.includes(ip)));
    const missing = [...new Set(stopped.map((x) => `${x.host} [${x.address}]:${x.port}`))];
    findings.push(makeFinding('mx-not-covered',
      { domain: allowed.domain, missing, apexRules: onApex.map((r) => `${r.chain.name} rule ${r.rule.position}`), apex, addresses: allowedAddresses(a), mta: a.mta },
      [...onApex.map((r) => ruleEvidence(r, `allows ${allowed.domain}'s A record, not an MX`)), ...allowRules.filter((r) => !onApex.includes(r)).slice(0, 5).map((r) => ruleEvidence(r, 'an allow rule'))]));
  }
  return findings;
}
