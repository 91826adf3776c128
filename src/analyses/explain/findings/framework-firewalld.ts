// firewalld. iptables backend: *_direct, *_ZONES, IN_/FWDI_/FWDO_ chains; advice as direct
// rules. nftables backend (the default since 0.6): everything in `table inet firewalld`, whose
// zones filter input only; outgoing traffic is filtered only by policies with HOST among the
// ingress zones, rendered as chains filter_OUT_policy_NAME (firewalld src/firewall/core/
// nftables.py, fw_policy.py). Direct rules still go to iptables and are a second firewall that
// must accept too (firewalld.direct(5) Caveats). shared/reference/postfix-nftables.md §3.1.
import type { Analysis } from '../types.js';
import { nftTables } from './native.js';
import { chainEvidence, chainNameEvidence, chainNames, rulesetEntries } from './rules.js';
import { makeFinding, type Evidence, type Finding } from './types.js';

const FIREWALLD = /^(OUTPUT_direct|INPUT_direct|FORWARD_direct|OUTPUT_ZONES|INPUT_ZONES|FORWARD_IN_ZONES|FORWARD_OUT_ZONES|PREROUTING_ZONES|POSTROUTING_ZONES|IN_\w+|FWDI_\w+|FWDO_\w+|OUT_\w+)$/;
const POLICY = /^filter_OUT_policy_(.+?)(?:_pre|_log|_deny|_allow|_post)?$/;

export function detectFrameworkFirewalld(a: Analysis): Finding[] {
  const chains = [...new Set(rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]).filter((c) => FIREWALLD.test(c)))];
  const own = nftTables(a).find((t) => t.table.name === 'inet firewalld');
  if (!own && chains.length < 2) return [];
  // direct rules that hold something (an empty OUTPUT_direct is always there)
  const direct = rulesetEntries(a).flatMap(([, r]) => r.tables.flatMap((t) => t.chains.filter((c) => c.name.endsWith('_direct') && c.rules.length > 0).map((c) => `${t.name} ${c.name}`)));
  if (!own) {
    return [makeFinding('framework-firewalld', { chains: chains.slice(0, 4), direct: [...new Set(direct)] }, chains.slice(0, 4).map((c) => chainNameEvidence(a, c)))];
  }
  const policies = [...new Set(own.table.chains.flatMap((c) => POLICY.exec(c.name)?.[1] ?? []))];
  const outputDecides = a.attempts.some((x) => x.decidedBy?.table === 'inet firewalld' && x.verdict !== 'ACCEPT');
  const family = own.families[0]!;
  const evidence: Evidence[] = [
    ...own.table.chains.filter((c) => c.base?.hook === 'output' && c.loc).map((c) => chainEvidence(family, c, `inet firewalld ${c.name}: hook output priority ${c.base!.priority}`)),
    ...own.table.chains.filter((c) => POLICY.test(c.name) && !/_(pre|log|deny|allow|post)$/.test(c.name) && c.loc).slice(0, 3).map((c) => chainEvidence(family, c, 'an egress policy (HOST → …)')),
    ...[...new Set(direct)].slice(0, 2).map((d) => chainNameEvidence(a, d.split(' ').pop()!)),
  ];
  return [makeFinding('framework-firewalld',
    { chains: ['inet firewalld', ...chains.slice(0, 3)], nftables: { egressPolicies: policies, outputDecides }, direct: [...new Set(direct)] },
    evidence)];
}
