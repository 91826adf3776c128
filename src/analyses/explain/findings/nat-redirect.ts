// nat OUTPUT REDIRECT/DNAT of SMTP (cPanel SMTP Restrictions, CSF SMTP_REDIRECT, Postal's
// helpers): the connection goes somewhere else than the MX, before filter OUTPUT sees it.
// Not Docker's DNAT of published ports: chain DOCKER is entered only with `-m addrtype
// --dst-type LOCAL` (from PREROUTING and OUTPUT), so it rewrites connections *to* this host and
// never mail leaving it, whether from the host or from a container. Native tables: `redirect` and
// `dnat` in chains a `type nat hook output` base chain reaches.
import { isIptablesTable, type Rule } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { chainsOnHook, isNativeTableName, nftPlace, nftTables } from './native.js';
import { admitsSmtpPort, allRules, ruleEvidence, uniqueRules, type RuleRef } from './rules.js';
import { makeFinding, type Finding } from './types.js';

/** `-m addrtype --dst-type LOCAL` (iptables-extensions(8) addrtype): only packets addressed to this host. */
function onlyToThisHost(rule: Rule): boolean {
  return rule.matches.some((m) => m.kind === 'addrtype' && m.dir === 'dst' && !m.negated && m.types.length > 0 && m.types.every((t) => t.toUpperCase() === 'LOCAL'));
}

/** A user chain whose every caller tests for a local destination: outgoing mail never enters it. */
function reachedOnlyForThisHost(ref: RuleRef, nat: readonly RuleRef[]): boolean {
  const callers = nat.filter((r) => r.family === ref.family && (r.rule.target.kind === 'jump' || r.rule.target.kind === 'goto') && r.rule.target.chain === ref.chain.name);
  return callers.length > 0 && callers.every((r) => onlyToThisHost(r.rule));
}

/** iptables' nat table, and native chains a `type nat hook output` base chain reaches (an inet table once). */
function natRules(a: Analysis): RuleRef[] {
  const native = nftTables(a).map((t) => ({ name: t.table.name, reached: chainsOnHook(t.table, 'output', 'nat') }));
  return uniqueRules(allRules(a)).filter((ref) => (isIptablesTable(ref.table) ? ref.table === 'nat' : native.find((t) => t.name === ref.table)?.reached.has(ref.chain.name) === true));
}

export function detectNatRedirect(a: Analysis): Finding[] {
  const nat = natRules(a);
  const rules = nat.filter((ref) => ref.chain.name !== 'PREROUTING' && ref.chain.name !== 'POSTROUTING' && ref.rule.target.kind === 'nat' && (ref.rule.target.action === 'REDIRECT' || ref.rule.target.action === 'DNAT') && admitsSmtpPort(ref.rule) && !onlyToThisHost(ref.rule) && !reachedOnlyForThisHost(ref, nat));
  const rewritten = a.attempts.filter((x) => x.rewrittenTo !== undefined);
  if (rules.length === 0 && rewritten.length === 0) return [];
  return [makeFinding('nat-redirect', {
    rules: rules.map((r) => ({ chain: r.chain.name, rule: r.rule.position, action: r.rule.target.kind === 'nat' ? r.rule.target.action : '', ...(isNativeTableName(a, r.table) ? { nft: nftPlace(r.table, r.chain.name, r.rule) } : {}) })),
    rewritten: rewritten.slice(0, 2).map((x) => ({ host: x.host, address: x.address, port: x.port, to: x.rewrittenTo })),
    staysLocal: rewritten.every((x) => !x.leavesHost),
    mta: a.mta,
  }, rules.map((r) => ruleEvidence(r)))];
}
