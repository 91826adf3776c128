// The scenarios of issue 18: Exim in a container behind the host's bridge, the host forwarding
// its mail with Docker's rules (the layouts of Docker up to 27 and of Docker 28, from the
// forward kernel tier's builders) and the admin's restrictions: one in OUTPUT, which never sees
// the container's mail, and two in DOCKER-USER, which do.
import type { Family } from '../../../src/firewall/model.js';
import { docker28Filter, dockerNat, legacyFilter, restriction, type DockerNet } from '../../kernel/lib/forward-cases.js';
import { DNSLOOKUP, E2E_CONTAINER_NET, type Scenario } from './scenario.js';

const NET: DockerNet = { bridge: E2E_CONTAINER_NET.bridge, container: E2E_CONTAINER_NET.container, subnet: E2E_CONTAINER_NET.subnet };
/** the allowed domain's MX (mx.allowed.test has no AAAA: the IPv6 rule names an address nobody has) */
const ALLOWED_MX: Record<Family, string> = { 4: '198.51.100.40', 6: '2001:db8:25::40' };

type Layout = (family: Family, user: string[], net: DockerNet) => string[];
const docker = (layout: Layout, user: (family: Family) => string[] = () => []) => (family: Family): string => [...dockerNat(family, NET), ...layout(family, user(family), NET), ''].join('\n');

/** The admin closes SMTP for the container's subnet in DOCKER-USER (RETURN would hand it back to Docker). */
const closed = (family: Family): string[] => [`-A DOCKER-USER -s ${NET.subnet[family]} -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset`];
const allowedOnly = (family: Family): string[] => restriction(family, ALLOWED_MX[family], NET);

const both = (build: (family: Family) => string): Pick<Scenario, 'v4' | 'v6'> => ({ v4: build(4), v6: build(6) });

export const CONTAINER_SCENARIOS: Scenario[] = [
  {
    name: 'container, Docker 28: the admin\'s OUTPUT REJECT of port 25 never sees the container\'s mail; DOCKER-FORWARD lets it out over IPv6',
    recipient: 'user@leaky.test',
    routers: DNSLOOKUP,
    container: true,
    ...both(docker(docker28Filter)),
    intent: { leaves: true, family: 6 },
  },
  {
    name: 'container, Docker 27 layout: OUTPUT restricted only; FORWARD\'s `-i br ! -o br` ACCEPT lets it out (the route says out of eth0)',
    recipient: 'user@leaky4.test',
    routers: DNSLOOKUP,
    container: true,
    ...both(docker(legacyFilter)),
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'container, Docker 28: a DOCKER-USER REJECT of the container\'s SMTP stops it on both families',
    recipient: 'user@leaky.test',
    routers: DNSLOOKUP,
    container: true,
    ...both(docker(docker28Filter, closed)),
    intent: { leaves: false },
  },
  {
    name: 'container, Docker 27 layout: DOCKER-USER lets SMTP reach only the allowed domain\'s MX: mail to it goes out',
    recipient: 'user@allowed.test',
    routers: DNSLOOKUP,
    container: true,
    ...both(docker(legacyFilter, allowedOnly)),
    intent: { leaves: true, family: 4 },
  },
  {
    name: 'container, Docker 28: DOCKER-USER lets SMTP reach only the allowed domain\'s MX: mail elsewhere is rejected',
    recipient: 'user@leaky.test',
    routers: DNSLOOKUP,
    container: true,
    ...both(docker(docker28Filter, allowedOnly)),
    intent: { leaves: false },
  },
];
