// ConfigServer Firewall: recognised by its chain names; advice in csf.conf / csf.allow terms.
// CSF appends one `ACCEPT tcp state NEW dpt:<port>` per TCP_OUT port before its final
// LOGDROPOUT jump, and its default TCP_OUT contains 25 and 587 (case 01, csf.pl doportfilters).
import type { Analysis } from '../types.js';
import { allowedAddresses } from '../fixes.js';
import { allRules, chainNames, rulesetEntries, ruleEvidence } from './rules.js';
import { makeFinding, type Finding } from './types.js';

const CSF_CHAINS = ['LOCALOUTPUT', 'LOCALINPUT', 'LOGDROPOUT', 'LOGDROPIN', 'ALLOWOUT', 'ALLOWIN', 'DENYOUT', 'DENYIN', 'SMTPOUTPUT', 'INVDROP', 'GDENYIN', 'CC_DENY'];

export function detectFrameworkCsf(a: Analysis): Finding[] {
  const names = new Set(rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]));
  const seen = CSF_CHAINS.filter((c) => names.has(c));
  const conf = a.otherTexts.find((t) => /^\s*TCP_OUT\s*=/m.test(t.text));
  if (seen.length === 0 && !conf) return [];
  const tcpOut = conf ? /^\s*TCP_OUT\s*=\s*"([^"]*)"/m.exec(conf.text)?.[1] : undefined;
  const smtpPorts = tcpOut?.split(',').map((p) => p.trim()).filter((p) => ['25', '465', '587'].includes(p));
  const mx = allowedAddresses(a);
  const jumps = allRules(a).filter((r) => (r.rule.target.kind === 'jump' || r.rule.target.kind === 'goto') && CSF_CHAINS.includes(r.rule.target.chain)).slice(0, 4);
  return [makeFinding('framework-csf',
    { chains: seen, ...(smtpPorts ? { smtpPorts } : {}), allowed: [...mx[4], ...mx[6]], tcpOutAssumed: tcpOut === undefined, ipv6Assumed: !conf || !/^\s*IPV6\s*=/m.test(conf.text) },
    [...jumps.map((r) => ruleEvidence(r, `jumps to the CSF chain ${r.rule.target.kind === 'jump' || r.rule.target.kind === 'goto' ? r.rule.target.chain : ''}`)), ...(conf ? [{ origin: conf.origin, line: conf.firstLine, note: `csf.conf TCP_OUT = "${tcpOut ?? '?'}"` }] : [])])];
}
