// ConfigServer Firewall: recognised by its chain names; advice in csf.conf / csf.allow terms.
// CSF appends one `ACCEPT tcp state NEW dpt:<port>` per TCP_OUT port before its final
// LOGDROPOUT jump, and its default TCP_OUT contains 25 and 587 (case 01, csf.pl doportfilters).
// When the listing shows OUTPUT down to that LOGDROPOUT, what TCP_OUT holds is read from the
// rules themselves, never assumed (case 19 shows the shape of those rules).
import type { Chain, Rule } from '../../../firewall/model.js';
import { findChain, findTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { allowedAddresses } from '../fixes.js';
import { allRules, chainNames, hasDestination, portMatches, rulesetEntries, ruleEvidence, SMTP_PORTS, stateMatch } from './rules.js';
import { makeFinding, type Evidence, type Finding, type FindingArgs } from './types.js';

const CSF_CHAINS = ['LOCALOUTPUT', 'LOCALINPUT', 'LOGDROPOUT', 'LOGDROPIN', 'ALLOWOUT', 'ALLOWIN', 'DENYOUT', 'DENYIN', 'SMTPOUTPUT', 'INVDROP', 'GDENYIN', 'CC_DENY'];
/** CSF chains that only log, drop, reject or return (csf.pl): never a way out for a new connection. */
const CSF_NEVER_ACCEPTS = ['LOGDROPOUT', 'LOGDROPIN', 'INVALID', 'INVDROP', 'DENYOUT', 'DENYIN', 'GDENYIN', 'GDENYOUT', 'CC_DENY'];

type CsfArgs = FindingArgs<'framework-csf'>;

export function detectFrameworkCsf(a: Analysis): Finding[] {
  const names = new Set(rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]));
  const seen = CSF_CHAINS.filter((c) => names.has(c));
  const conf = a.otherTexts.find((t) => /^\s*TCP_OUT\s*=/m.test(t.text));
  if (seen.length === 0 && !conf) return [];
  const confPorts = conf ? /^\s*TCP_OUT\s*=\s*"([^"]*)"/m.exec(conf.text)?.[1] : undefined;
  const listed = tcpOutFromListing(a);
  const tcpOut: CsfArgs['tcpOut'] = confPorts !== undefined
    ? { from: 'csf.conf', smtpPorts: confPorts.split(',').map((p) => Number(p.trim())).filter((p) => (SMTP_PORTS as readonly number[]).includes(p)) }
    : listed
      ? { from: 'listing', smtpPorts: [...new Set(listed.accepts.map((x) => x.port))], rules: listed.accepts.map((x) => x.rule.position), logdropRule: listed.logdrop.position }
      : { from: 'default' };
  const mx = allowedAddresses(a);
  const jumps = allRules(a).filter((r) => (r.rule.target.kind === 'jump' || r.rule.target.kind === 'goto') && CSF_CHAINS.includes(r.rule.target.chain)).slice(0, 4);
  const evidence: Evidence[] = [
    ...jumps.map((r) => ruleEvidence(r, `jumps to the CSF chain ${r.rule.target.kind === 'jump' || r.rule.target.kind === 'goto' ? r.rule.target.chain : ''}`)),
    ...(listed ? listed.accepts.map((x) => ruleEvidence({ family: 4, table: 'filter', chain: listed.chain, rule: x.rule }, `a TCP_OUT rule: accepts new connections to port ${x.port}`)) : []),
    ...(conf ? [{ origin: conf.origin, line: conf.firstLine, note: `csf.conf TCP_OUT = "${confPorts ?? '?'}"` }] : []),
  ];
  return [makeFinding('framework-csf', {
    chains: seen,
    tcpOut,
    waysOut: waysOut(a),
    ipv6: ipv6State(a),
    allowed: [...mx[4], ...mx[6]],
    ipv6Assumed: !conf || !/^\s*IPV6\s*=/m.test(conf.text),
  }, evidence)];
}

/**
 * The TCP_OUT rules as loaded: in an IPv4 OUTPUT listed whole (not cut off) down to CSF's final
 * LOGDROPOUT jump, the ACCEPTs of new TCP connections to one port and any destination. Rules
 * with a destination are csf.allow-style or hand-made, not TCP_OUT.
 */
function tcpOutFromListing(a: Analysis): { chain: Chain; logdrop: Rule; accepts: { rule: Rule; port: number }[] } | undefined {
  const ruleset = a.rulesets[4];
  const chain = ruleset ? findChain(findTable(ruleset, 'filter'), 'OUTPUT') : undefined;
  if (!chain || !chain.bodyKnown || chain.truncated) return undefined;
  const logdrop = [...chain.rules].reverse().find((r) => r.target.kind === 'jump' && r.target.chain === 'LOGDROPOUT');
  if (!logdrop) return undefined;
  const accepts: { rule: Rule; port: number }[] = [];
  for (const rule of chain.rules) {
    if (rule.position >= logdrop.position || rule.target.kind !== 'accept' || hasDestination(rule)) continue;
    if (!rule.matches.some((m) => m.kind === 'protocol' && !m.negated && m.protocol === 6)) continue;
    const state = stateMatch(rule);
    if (state && !state.states.includes('NEW')) continue;
    const ports = portMatches(rule, 'dst');
    if (ports.length !== 1 || ports[0]!.negated) continue;
    for (const port of SMTP_PORTS) if (ports[0]!.ranges.some((r) => r.from <= port && port <= r.to)) accepts.push({ rule, port });
  }
  return { chain, logdrop, accepts };
}

/** Where the mail's IPv4 packet may still get out: jumps on its path to chains not listed, except CSF's dropping ones. */
function waysOut(a: Analysis): CsfArgs['waysOut'] {
  const out: CsfArgs['waysOut'] = [];
  const ruleset = a.rulesets[4];
  for (const attempt of a.attempts) {
    if (attempt.family !== 4 || !attempt.trace || !ruleset) continue;
    for (const u of attempt.trace.uncertain) {
      if (u.rule === undefined) continue;
      const rule = findChain(findTable(ruleset, u.table), u.chain)?.rules.find((r) => r.position === u.rule);
      const target = rule && (rule.target.kind === 'jump' || rule.target.kind === 'goto') ? rule.target.chain : undefined;
      if (!target || CSF_NEVER_ACCEPTS.includes(target) || out.some((w) => w.chain === u.chain && w.rule === u.rule)) continue;
      out.push({ chain: u.chain, rule: u.rule, target });
    }
  }
  return out;
}

/** IPv6: not supplied, or open for some attempt of the mail, or closed to all of them. */
function ipv6State(a: Analysis): CsfArgs['ipv6'] {
  if (!a.rulesets[6]) return 'not-supplied';
  return a.attempts.some((x) => x.family === 6 && (x.verdict === 'UNKNOWN' || (x.verdict === 'ACCEPT' && x.leavesHost))) ? 'open' : 'closed';
}
