// The allow rules for the permitted domain do not cover where its mail really goes: the MX
// hosts, not the domain's own A record (the ServerFault 930157 second answer).
import type { Analysis } from '../types.js';
import { allowedAddresses, firewallLines } from '../fixes.js';
import { admitsSmtpPort, allRules, hasDestination, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectMxNotCovered(a: Analysis): Finding[] {
  const findings: Finding[] = [];
  const allowRules = allRules(a, 'filter').filter((ref) => ref.rule.target.kind === 'accept' && hasDestination(ref.rule) && admitsSmtpPort(ref.rule));
  // without any allow rule there is nothing that fails to cover: a plain block is not this finding
  if (allowRules.length === 0) return [];
  for (const allowed of a.allowed) {
    const stopped = allowed.attempts.filter((x) => x.verdict === 'DROP' || x.verdict === 'REJECT');
    if (stopped.length === 0) continue;
    const apex = allowed.apexAddresses;
    const onApex = allowRules.filter((r) => apex.some((ip) => r.rule.loc.text.includes(ip)));
    const missing = [...new Set(stopped.map((x) => `${x.host} [${x.address}]:${x.port}`))];
    const apexNote = onApex.length > 0 ? ` ${onApex.map((r) => `${r.chain.name} rule ${r.rule.position}`).join(', ')} allow${onApex.length === 1 ? 's' : ''} ${apex.join(', ')}, the address of ${allowed.domain} itself: mail goes to its MX hosts, not to that address.` : '';
    const addresses = allowedAddresses(a);
    findings.push(makeFinding('mx-not-covered',
      `Mail to the allowed domain ${allowed.domain} is stopped: ${missing.length} connection(s) Exim makes are not accepted (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}).${apexNote}`,
      [...onApex.map((r) => ruleEvidence(r, `allows ${allowed.domain}'s A record, not an MX`)), ...allowRules.filter((r) => !onApex.includes(r)).slice(0, 5).map((r) => ruleEvidence(r, 'an allow rule'))],
      { summary: `Allow ${allowed.domain}'s MX addresses (look them up with \`dig MX ${allowed.domain}\` and then A/AAAA of each host; they change, so prefer the Exim router).`, lines: [...firewallLines(4, addresses[4]), ...firewallLines(6, addresses[6])] }));
  }
  return findings;
}
