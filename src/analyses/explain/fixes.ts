// The recommended change, MTA first: an Exim router that fails every domain except the allowed
// ones sees every address at delivery time (SMTP, sendmail/PHP, forwards, bounces), whatever
// the address family or port (verified router text: shared/reference/exim.md §5.1). Then the
// firewall, for BOTH families, as a second line, in the terms of what manages it (./fix-terms.ts).
// Only when mail leaks or may leak; for a domain that must be delivered, the fix opens its way.
// mailleak prints these; it never applies them.
import type { Family } from '../../firewall/model.js';
import type { HostingStack } from '../../mail/types.js';
import { STACK_NAMES } from '../../mail/exim/stack-table.js';
import { EXIM_FIX_PLACES } from './exim-fix-place.js';
import type { Finding, Fix, NftPlace } from './findings/types.js';
import { closeFix, dockerOpenFix, dockerUserFix, openFix, type Destination, type FirewallTerms } from './fix-terms.js';
import { isNativeTableName, nativeOutputChain } from './findings/native.js';
import { firewalldPolicyOf } from './nft-fix-terms.js';
import type { Analysis, AttemptResult, OverallVerdict } from './types.js';

export function eximRouterFix(allowed: string[], stack?: HostingStack): Fix {
  const list = allowed.length > 0 ? allowed.join(' : ') : 'allowed.example';
  const place = EXIM_FIX_PLACES[stack ?? 'plain'];
  const domains = allowed.length > 0 ? allowed.join(', ') : 'the allowed ones';
  return {
    summary: stack
      ? `At the MTA (${STACK_NAMES[stack]}): make the first Exim router fail every domain except ${domains}, ${place.where}; ${place.apply}.`
      : `At the MTA: make the first Exim router fail every domain except ${domains} (then restart Exim).`,
    lines: [
      ...(place.ownLocalDomains ? [] : [`domainlist local_domains   = @ : localhost`]),
      `domainlist allowed_domains = ${list}`,
      ``,
      `begin routers`,
      `block_unallowed:                       # MUST be the first router`,
      `  driver = redirect`,
      `  domains = ! +local_domains : ! +allowed_domains`,
      `  allow_fail                           # without it :fail: becomes a defer`,
      `  data = :fail: outbound mail to $domain is blocked by local policy`,
    ],
  };
}

/**
 * Postfix: transport_maps sees every address trivial-rewrite resolves (SMTP, sendmail, bounces);
 * `domain :` keeps the normal routing, `*` refuses the rest (transport(5)). Local domains must be
 * listed too: transport_maps applies to every address class.
 */
export function postfixTransportFix(allowed: string[]): Fix {
  const domains = allowed.length > 0 ? allowed : ['allowed.example'];
  return {
    summary: `At the MTA: make Postfix refuse every domain except ${allowed.length > 0 ? allowed.join(', ') : 'the allowed ones'} with transport_maps (then postmap and postfix reload).`,
    lines: [
      `# main.cf`,
      `transport_maps = hash:/etc/postfix/transport`,
      `# /etc/postfix/transport (list this server's own domains too: mydestination, virtual domains)`,
      `localhost            :`,
      ...domains.flatMap((d) => [`${d.padEnd(20)} :`, `${`.${d}`.padEnd(20)} :`]),
      `*                    error:5.7.1 outbound mail is blocked by local policy`,
      `postmap /etc/postfix/transport`,
      `postfix reload`,
    ],
  };
}

/** Addresses of the allowed domains' mail hosts, per family, as far as they are known. */
export function allowedAddresses(a: Analysis): Record<Family, string[]> {
  const out: Record<Family, string[]> = { 4: [], 6: [] };
  for (const allowed of a.allowed) {
    for (const attempt of allowed.attempts) {
      if (attempt.address !== undefined && !out[attempt.family].includes(attempt.address)) out[attempt.family].push(attempt.address);
    }
  }
  return out;
}

export { firewallLines } from './fix-terms.js';

/**
 * What manages the rules, from the framework findings: their terms are the fix's terms; else
 * native nft tables that filter output (nft terms for their families), else iptables.
 */
export function firewallTerms(findings: Finding[], a?: Pick<Analysis, 'rulesets' | 'native' | 'uid'>): FirewallTerms {
  for (const f of findings) if (f.code === 'framework-csf') return { kind: 'csf', csf: f.args };
  if (findings.some((f) => f.code === 'framework-ufw')) return { kind: 'ufw' };
  for (const f of findings) if (f.code === 'framework-firewalld') return f.args.nftables ? { kind: 'firewalld', nftables: true } : { kind: 'firewalld' };
  if (!a) return { kind: 'iptables' };
  const places: Partial<Record<Family, NftPlace>> = {};
  for (const family of [4, 6] as const) {
    const place = nativeOutputChain(a, family);
    if (place) places[family] = place;
  }
  if (places[4] === undefined && places[6] === undefined) return { kind: 'iptables' };
  return a.uid !== undefined ? { kind: 'nft', places, uid: a.uid } : { kind: 'nft', places };
}

/** The firewalld policy whose chain stops one of these connections (its rich rules open it). */
function openTerms(terms: FirewallTerms, stopped: AttemptResult[]): FirewallTerms {
  if (terms.kind !== 'firewalld') return terms;
  const policy = stopped.map((x) => (x.decidedBy ? firewalldPolicyOf(x.decidedBy.chain) : undefined)).find((p) => p !== undefined);
  return policy !== undefined ? { ...terms, policy } : terms;
}

export function firewallFix(a: Analysis, terms: FirewallTerms = { kind: 'iptables' }): Fix {
  const named = a.allowed.length > 0 ? `${a.allowed.map((d) => d.domain).join(', ')}'s mail hosts` : 'the allowed domain\'s MX addresses (its MX hosts, not its A record)';
  return closeFix(terms, allowedAddresses(a), named);
}

/**
 * The recommended change, only where mail leaks or may leak; when a domain that must be
 * delivered is (or may be) stopped, the change that lets it out instead, touching nothing else.
 */
export function recommendedFixes(a: Analysis, verdict: OverallVerdict, findings: Finding[]): Fix[] {
  const terms = firewallTerms(findings, a);
  if (a.allowed.some((d) => d.domain === a.domain)) {
    // the target is a domain mail must reach: its getting out is the wanted answer
    return verdict === 'leaks' ? [] : openFixes(a, a.domain, a.attempts, terms);
  }
  if (verdict === 'blocked') {
    return a.allowed.filter((d) => d.attempts.some(isStopped)).flatMap((d) => openFixes(a, d.domain, d.attempts, terms));
  }
  // a known container's mail never crosses OUTPUT: only DOCKER-USER restricts it
  if (a.container) return [mtaFix(a), dockerUserFix(a.container, allowedAddresses(a))];
  const fixes = [mtaFix(a), firewallFix(a, terms)];
  if (findings.some((f) => f.code === 'framework-docker')) fixes.push(dockerUserFix(undefined, allowedAddresses(a)));
  return fixes;
}

/** The change at the MTA, in the terms of the MTA the plan came from. */
function mtaFix(a: Analysis): Fix {
  switch (a.mta) {
    case 'exim':
      return eximRouterFix(a.allowed.map((d) => d.domain), a.plan.stack);
    case 'postfix':
      return postfixTransportFix(a.allowed.map((d) => d.domain));
  }
}

/** At the MTA, for a domain it refuses that mail must reach. */
function mtaOpenFix(a: Analysis, domain: string): Fix {
  switch (a.mta) {
    case 'exim':
      return { summary: `At the MTA: Exim refuses ${domain}${a.plan.router ? ` at router ${a.plan.router}` : ''}${a.plan.reason ? ` (${a.plan.reason})` : ''}: add ${domain} to the domains that router lets through (e.g. the allowed_domains list), then restart Exim.`, lines: [] };
    case 'postfix':
      return { summary: `At the MTA: Postfix refuses ${domain}${a.plan.router ? ` (${a.plan.router})` : ''}${a.plan.reason ? `: ${a.plan.reason}` : ''}. Give ${domain} its own entry above the refusing one (e.g. \`${domain} :\` in the transport table), then run postmap on the table and postfix reload.`, lines: [`${domain}    :`, `.${domain}   :`] };
  }
}

const isStopped = (x: AttemptResult): boolean => x.verdict === 'DROP' || x.verdict === 'REJECT';

/** For a domain mail must reach: the MTA's refusal first (when the target's plan shows one), then the firewall. */
function openFixes(a: Analysis, domain: string, attempts: AttemptResult[], terms: FirewallTerms): Fix[] {
  const fixes: Fix[] = [];
  if (domain === a.domain && a.plan.outcome === 'refused') fixes.push(mtaOpenFix(a, domain));
  // addresses the firewall stops, or may stop; none when the MTA never connects
  const to: Destination[] = [];
  for (const x of attempts) {
    if (x.address === undefined || (x.verdict === 'ACCEPT' && x.leavesHost)) continue;
    if (to.some((d) => d.address === x.address && d.port === x.port)) continue;
    const d: Destination = { address: x.address, family: x.family, port: x.port };
    // opened where it is closed: a native chain with nft
    if (x.decidedBy && isNativeTableName(a, x.decidedBy.table)) d.place = { table: x.decidedBy.table, chain: x.decidedBy.chain };
    to.push(d);
  }
  if (to.length > 0) fixes.push(a.container ? dockerOpenFix(a.container, domain, to) : openFix(openTerms(terms, attempts.filter((x) => !(x.verdict === 'ACCEPT' && x.leavesHost))), domain, to));
  return fixes;
}
