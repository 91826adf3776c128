// firewalld (iptables backend): *_direct, *_ZONES, IN_/FWDI_/FWDO_ chains. Advice as
// firewall-cmd direct rules, which firewalld keeps across reloads.
import type { Analysis } from '../types.js';
import { chainNameEvidence, chainNames, rulesetEntries } from './rules.js';
import { makeFinding, type Finding } from './types.js';

const FIREWALLD = /^(OUTPUT_direct|INPUT_direct|FORWARD_direct|OUTPUT_ZONES|INPUT_ZONES|FORWARD_IN_ZONES|FORWARD_OUT_ZONES|PREROUTING_ZONES|POSTROUTING_ZONES|IN_\w+|FWDI_\w+|FWDO_\w+|OUT_\w+)$/;

export function detectFrameworkFirewalld(a: Analysis): Finding[] {
  const chains = [...new Set(rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]).filter((c) => FIREWALLD.test(c)))];
  if (chains.length < 2) return [];
  return [makeFinding('framework-firewalld',
    `firewalld manages these rules (${chains.slice(0, 4).join(', ')}). Rules added with iptables directly are lost on \`firewall-cmd --reload\`.`,
    chains.slice(0, 4).map((c) => chainNameEvidence(a, c)),
    { summary: 'With firewalld: direct rules for both families, allow (priority 0) before reject (priority 1), then reload.', lines: [
      'firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 0 -p tcp -d MX_IPV4_ADDRESS -m multiport --dports 25,465,587 -j ACCEPT',
      'firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 1 -p tcp -m multiport --dports 25,465,587 -j REJECT',
      'firewall-cmd --permanent --direct --add-rule ipv6 filter OUTPUT 0 -p tcp -d MX_IPV6_ADDRESS -m multiport --dports 25,465,587 -j ACCEPT',
      'firewall-cmd --permanent --direct --add-rule ipv6 filter OUTPUT 1 -p tcp -m multiport --dports 25,465,587 -j REJECT',
      'firewall-cmd --reload',
    ] })];
}
