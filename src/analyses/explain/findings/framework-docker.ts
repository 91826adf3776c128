// Docker: DOCKER* chains. Containers' SMTP is forwarded (FORWARD, DOCKER-USER), not sent from
// OUTPUT, and a containerised MTA that trusts the Docker network can be an open relay.
import type { Analysis } from '../types.js';
import { chainNameEvidence, chainNames, rulesetEntries } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectFrameworkDocker(a: Analysis): Finding[] {
  const chains = [...new Set(rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]).filter((c) => /^DOCKER(-|$)/.test(c)))];
  if (chains.length === 0) return [];
  return [makeFinding('framework-docker',
    `Docker manages part of these rules (${chains.slice(0, 4).join(', ')}). Mail sent from a container is forwarded through FORWARD and DOCKER-USER and masqueraded in nat POSTROUTING, so OUTPUT rules do not see it; and Docker rewrites its own chains on restart.`,
    chains.slice(0, 4).map((c) => chainNameEvidence(a, c)),
    { summary: 'Put container egress rules in DOCKER-USER (both families; ip6tables needs "ip6tables": true in daemon.json) and restrict the containerised MTA\'s relay networks.', lines: [
      'iptables -I DOCKER-USER -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset',
      'ip6tables -I DOCKER-USER -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset',
    ] })];
}
