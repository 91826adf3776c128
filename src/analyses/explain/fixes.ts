// The recommended change, MTA first: an Exim router that fails every domain except the allowed
// ones sees every address at delivery time (SMTP, sendmail/PHP, forwards, bounces), whatever
// the address family or port (verified router text: shared/reference/exim.md §5.1). Then the
// firewall, for BOTH families, as a second line. mailleak prints these; it never applies them.
import type { Family } from '../../firewall/model.js';
import type { Fix } from './findings/types.js';
import type { Analysis } from './types.js';

const PORTS = '25,465,587';

export function eximRouterFix(allowed: string[]): Fix {
  const list = allowed.length > 0 ? allowed.join(' : ') : 'allowed.example';
  return {
    summary: `At the MTA: make the first Exim router fail every domain except ${allowed.length > 0 ? allowed.join(', ') : 'the allowed ones'} (then restart Exim).`,
    lines: [
      `domainlist local_domains   = @ : localhost`,
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

/** `-I OUTPUT 1` twice: the ACCEPTs end up above the REJECT. REJECT (tcp-reset) makes Exim fail
 *  at once instead of waiting out connect_timeout (5 minutes) per address as with DROP. */
export function firewallLines(family: Family, addresses: string[]): string[] {
  const cmd = family === 6 ? 'ip6tables' : 'iptables';
  const targets = addresses.length > 0 ? addresses : [family === 6 ? 'MX_IPV6_ADDRESS' : 'MX_IPV4_ADDRESS'];
  return [
    `${cmd} -I OUTPUT 1 -p tcp -m multiport --dports ${PORTS} -j REJECT --reject-with tcp-reset`,
    ...targets.map((t) => `${cmd} -I OUTPUT 1 -p tcp -d ${t} -m multiport --dports ${PORTS} -j ACCEPT`),
  ];
}

export function firewallFix(a: Analysis): Fix {
  const addresses = allowedAddresses(a);
  const named = a.allowed.length > 0 ? `${a.allowed.map((d) => d.domain).join(', ')}'s mail hosts` : 'the allowed domain\'s MX addresses (its MX hosts, not its A record)';
  return {
    summary: `Firewall, IPv4 AND IPv6: accept SMTP (${PORTS}) only to ${named}, reject the rest; save both (iptables-save and ip6tables-save).`,
    lines: [...firewallLines(4, addresses[4]), ...firewallLines(6, addresses[6])],
  };
}

export function recommendedFixes(a: Analysis): Fix[] {
  if (a.plan.outcome === 'refused') {
    // the MTA already refuses this domain: keep that, and make the firewall a second line
    return [keepRefusalFix(a), firewallFix(a)];
  }
  return [mtaFix(a), firewallFix(a)];
}

/** The change at the MTA, in the terms of the MTA the plan came from. */
function mtaFix(a: Analysis): Fix {
  switch (a.mta) {
    case 'exim':
      return eximRouterFix(a.allowed.map((d) => d.domain));
  }
}

function keepRefusalFix(a: Analysis): Fix {
  switch (a.mta) {
    case 'exim':
      return { summary: `At the MTA: nothing to add for ${a.domain}; Exim already refuses it${a.plan.router ? ` (router ${a.plan.router})` : ''}. Keep that router before every router that can deliver remotely.`, lines: [] };
  }
}
