// Docker: DOCKER* chains. Containers' SMTP is forwarded (FORWARD, DOCKER-USER), not sent from
// OUTPUT, and a containerised MTA that trusts the Docker network can be an open relay.
import type { Analysis } from '../types.js';
import { chainNameEvidence, chainNames, rulesetEntries } from './rules.js';
import { makeFinding, type Finding } from './types.js';

export function detectFrameworkDocker(a: Analysis): Finding[] {
  const chains = [...new Set(rulesetEntries(a).flatMap(([, r]) => [...chainNames(r)]).filter((c) => /^DOCKER(-|$)/.test(c)))];
  if (chains.length === 0) return [];
  return [makeFinding('framework-docker',
    { chains: chains.slice(0, 4), containerKnown: a.container !== undefined },
    chains.slice(0, 4).map((c) => chainNameEvidence(a, c)))];
}
