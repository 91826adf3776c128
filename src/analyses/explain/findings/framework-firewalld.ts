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
    { chains: chains.slice(0, 4) },
    chains.slice(0, 4).map((c) => chainNameEvidence(a, c)))];
}
