// Rulesets shaped as Docker writes them, for the forward tier: the chain layouts of Docker up to
// 27 (DOCKER-ISOLATION-STAGE-1/2, FORWARD's own -i/-o rules) and of Docker 28 (DOCKER-FORWARD,
// DOCKER-CT, DOCKER-BRIDGE), an admin's DOCKER-USER restriction, ufw beside Docker (with
// ufw-docker's jump to ufw-user-forward), and the admin's OUTPUT rule that never sees a
// container's mail. Written once for both families through the address book, and for any
// bridge and container subnet (the e2e tier's Docker host uses them with its own addresses).
import type { Family } from '../../../src/firewall/model.js';
import { BRIDGE, CONTAINER, SUBNET } from './forward-rig.js';

/** Where Docker's rules put the container: its bridge on the host, its address and subnet per family. */
export interface DockerNet {
  bridge: string;
  container: Record<Family, string>;
  subnet: Record<Family, string>;
}

/** The forward rig's: br0, 198.51.100.53 in 198.51.100.0/26, 2001:db8:c0::53 in 2001:db8:c0::/64. */
export const RIG_NET: DockerNet = { bridge: BRIDGE, container: CONTAINER, subnet: SUBNET };

export interface ForwardBook {
  mx: string;
  other: string;
  reject: string;
  loopback: string;
}

export const FORWARD_BOOKS: Record<Family, ForwardBook> = {
  4: { mx: '192.0.2.25', other: '203.0.113.9', reject: 'icmp-port-unreachable', loopback: '127.0.0.0/8' },
  6: { mx: '2001:db8:1::25', other: '2001:db8:3::9', reject: 'icmp6-port-unreachable', loopback: '::1/128' },
};

export interface ForwardCase {
  name: string;
  restore: (family: Family) => string;
  /** what a reader of the ruleset expects for port 25 to the MX and to another host ("ACCEPT by filter FORWARD #5") */
  expected: { mx25: string; other25: string };
}

/** Docker's nat table: inbound DNAT of the published 25 for LOCAL destinations only, MASQUERADE out. */
export function dockerNat(family: Family, net: DockerNet = RIG_NET): string[] {
  const { bridge: BRIDGE, container: CONTAINER, subnet: SUBNET } = net;
  const b = FORWARD_BOOKS[family];
  const to = family === 6 ? `[${CONTAINER[6]}]:25` : `${CONTAINER[4]}:25`;
  return [
    '*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ':DOCKER - [0:0]',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
    `-A OUTPUT ! -d ${b.loopback} -m addrtype --dst-type LOCAL -j DOCKER`,
    `-A POSTROUTING -s ${SUBNET[family]} ! -o ${BRIDGE} -j MASQUERADE`,
    `-A DOCKER -i ${BRIDGE} -j RETURN`,
    `-A DOCKER ! -i ${BRIDGE} -p tcp -m tcp --dport 25 -j DNAT --to-destination ${to}`,
    'COMMIT',
  ];
}

export const ADMIN_OUTPUT = (family: Family): string => `-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with ${FORWARD_BOOKS[family].reject}`;

/** Docker up to 27: FORWARD holds the per-bridge rules; a second bridge docker0 for isolation. */
export function legacyFilter(family: Family, user: string[], net: DockerNet = RIG_NET): string[] {
  const { bridge: BRIDGE, container: CONTAINER } = net;
  return [
    '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]',
    ':DOCKER - [0:0]', ':DOCKER-ISOLATION-STAGE-1 - [0:0]', ':DOCKER-ISOLATION-STAGE-2 - [0:0]', ':DOCKER-USER - [0:0]',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -j DOCKER-ISOLATION-STAGE-1',
    `-A FORWARD -o ${BRIDGE} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `-A FORWARD -o ${BRIDGE} -j DOCKER`,
    `-A FORWARD -i ${BRIDGE} ! -o ${BRIDGE} -j ACCEPT`,
    `-A FORWARD -i ${BRIDGE} -o ${BRIDGE} -j ACCEPT`,
    '-A FORWARD -o docker0 -j DOCKER',
    '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
    ADMIN_OUTPUT(family),
    `-A DOCKER -d ${CONTAINER[family]}/${family === 6 ? 128 : 32} ! -i ${BRIDGE} -o ${BRIDGE} -p tcp -m tcp --dport 25 -j ACCEPT`,
    `-A DOCKER-ISOLATION-STAGE-1 -i ${BRIDGE} ! -o ${BRIDGE} -j DOCKER-ISOLATION-STAGE-2`,
    '-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
    '-A DOCKER-ISOLATION-STAGE-1 -j RETURN',
    `-A DOCKER-ISOLATION-STAGE-2 -o ${BRIDGE} -j DROP`,
    '-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
    '-A DOCKER-ISOLATION-STAGE-2 -j RETURN',
    ...user,
    '-A DOCKER-USER -j RETURN',
    'COMMIT',
  ];
}

/** Docker 28: FORWARD only jumps; DOCKER-FORWARD accepts what leaves a bridge. */
export function docker28Filter(family: Family, user: string[], net: DockerNet = RIG_NET): string[] {
  const { bridge: BRIDGE, container: CONTAINER } = net;
  return [
    '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]',
    ':DOCKER - [0:0]', ':DOCKER-BRIDGE - [0:0]', ':DOCKER-CT - [0:0]', ':DOCKER-FORWARD - [0:0]',
    ':DOCKER-ISOLATION-STAGE-1 - [0:0]', ':DOCKER-ISOLATION-STAGE-2 - [0:0]', ':DOCKER-USER - [0:0]',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -j DOCKER-FORWARD',
    ADMIN_OUTPUT(family),
    `-A DOCKER -d ${CONTAINER[family]}/${family === 6 ? 128 : 32} ! -i ${BRIDGE} -o ${BRIDGE} -p tcp -m tcp --dport 25 -j ACCEPT`,
    `-A DOCKER ! -i ${BRIDGE} -o ${BRIDGE} -j DROP`,
    `-A DOCKER-BRIDGE -o ${BRIDGE} -j DOCKER`,
    `-A DOCKER-CT -o ${BRIDGE} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    '-A DOCKER-FORWARD -j DOCKER-CT',
    '-A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1',
    '-A DOCKER-FORWARD -j DOCKER-BRIDGE',
    `-A DOCKER-FORWARD -i ${BRIDGE} -j ACCEPT`,
    `-A DOCKER-ISOLATION-STAGE-1 -i ${BRIDGE} ! -o ${BRIDGE} -j DOCKER-ISOLATION-STAGE-2`,
    `-A DOCKER-ISOLATION-STAGE-2 -o ${BRIDGE} -j DROP`,
    ...user,
    'COMMIT',
  ];
}

/** The admin's restriction: SMTP from the container's subnet only to the MX (RETURN hands it back to Docker). */
export function restriction(family: Family, mx: string = FORWARD_BOOKS[family].mx, net: DockerNet = RIG_NET): string[] {
  const SUBNET = net.subnet;
  return [
    `-A DOCKER-USER -s ${SUBNET[family]} -d ${mx} -p tcp -m multiport --dports 25,465,587 -j RETURN`,
    `-A DOCKER-USER -s ${SUBNET[family]} -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset`,
  ];
}

/** ufw beside Docker, with ufw-docker's DOCKER-USER → ufw-user-forward; ufw's forward chains after Docker's. */
function ufwDocker(family: Family): string {
  const filter = legacyFilter(family, ['-A DOCKER-USER -j ufw-user-forward']);
  const chains = [':ufw-before-forward - [0:0]', ':ufw-after-forward - [0:0]', ':ufw-user-forward - [0:0]', ':ufw-reject-forward - [0:0]'];
  const rules = [
    '-A FORWARD -j ufw-before-forward',
    '-A FORWARD -j ufw-after-forward',
    '-A FORWARD -j ufw-reject-forward',
    '-A ufw-before-forward -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    `-A ufw-user-forward -i ${BRIDGE} -p tcp -m tcp --dport 25 ! -d ${FORWARD_BOOKS[family].mx} -j DROP`,
    `-A ufw-user-forward -i ${BRIDGE} -p tcp -m tcp --dport 465 -j REJECT --reject-with tcp-reset`,
    '-A ufw-user-forward -j RETURN',
    `-A ufw-reject-forward -j REJECT --reject-with ${FORWARD_BOOKS[family].reject}`,
  ];
  const at = filter.indexOf(':DOCKER-USER - [0:0]') + 1;
  filter.splice(at, 0, ...chains);
  filter.splice(filter.indexOf('COMMIT'), 0, ...rules);
  return [...dockerNat(family), ...filter].join('\n');
}

export const FORWARD_CASES: ForwardCase[] = [
  { name: 'docker-27 layout, no restriction (OUTPUT rejects 25 for the host only)', restore: (f) => [...dockerNat(f), ...legacyFilter(f, [])].join('\n'), expected: { mx25: 'ACCEPT by filter FORWARD #5', other25: 'ACCEPT by filter FORWARD #5' } },
  { name: 'docker-27 layout, DOCKER-USER restriction', restore: (f) => [...dockerNat(f), ...legacyFilter(f, restriction(f))].join('\n'), expected: { mx25: 'ACCEPT by filter FORWARD #5', other25: 'REJECT by filter DOCKER-USER #2' } },
  { name: 'docker-28 layout (DOCKER-FORWARD), no restriction', restore: (f) => [...dockerNat(f), ...docker28Filter(f, [])].join('\n'), expected: { mx25: 'ACCEPT by filter DOCKER-FORWARD #4', other25: 'ACCEPT by filter DOCKER-FORWARD #4' } },
  { name: 'docker-28 layout, DOCKER-USER restriction', restore: (f) => [...dockerNat(f), ...docker28Filter(f, restriction(f))].join('\n'), expected: { mx25: 'ACCEPT by filter DOCKER-FORWARD #4', other25: 'REJECT by filter DOCKER-USER #2' } },
  { name: 'ufw beside docker, ufw-docker rules in ufw-user-forward', restore: ufwDocker, expected: { mx25: 'ACCEPT by filter FORWARD #5', other25: 'DROP by filter ufw-user-forward #1' } },
];
