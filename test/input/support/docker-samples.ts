// docker's output as the client prints it, written for the tests (documentation addresses).
// `docker ps --format '{{json .}}'` escapes < > & as Go's json.Marshal does (\u003e in Ports).
export const MAILCOW_ID = '3f1c2b7a9d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd';
export const MAILCOW_NET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef0';
export const DMS_ID = '9e8d7c6b5a4f30211029384756abcdef0123456789abcdef0123456789abcdef';
export const DMS_NET = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

const line = (o: Record<string, string>): string => JSON.stringify(o).replace(/>/g, '\\u003e');

export const MAILCOW_PS = [
  line({ Command: '"/docker-entrypoint.sh nginx"', ID: 'aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233', Image: 'ghcr.io/mailcow/nginx:1.03', Labels: 'com.docker.compose.project=mailcowdockerized,com.docker.compose.service=nginx-mailcow', Names: 'mailcowdockerized-nginx-mailcow-1', Networks: 'mailcowdockerized_mailcow-network', Ports: '0.0.0.0:80->80/tcp, :::80->80/tcp, 0.0.0.0:443->443/tcp, :::443->443/tcp', State: 'running', Status: 'Up 3 weeks' }),
  line({ Command: '"/docker-entrypoint.sh /usr/bin/supervisord"', ID: MAILCOW_ID, Image: 'ghcr.io/mailcow/postfix:1.80', Labels: 'com.docker.compose.config-hash=0123abcd,com.docker.compose.project=mailcowdockerized,com.docker.compose.service=postfix-mailcow', Names: 'mailcowdockerized-postfix-mailcow-1', Networks: 'mailcowdockerized_mailcow-network', Ports: '0.0.0.0:25->25/tcp, :::25->25/tcp, 0.0.0.0:465->465/tcp, :::465->465/tcp, 0.0.0.0:587->587/tcp, :::587->587/tcp, 588/tcp', State: 'running', Status: 'Up 3 weeks' }),
].join('\n') + '\n';

export const MAILCOW_NETWORKS = JSON.stringify({ 'mailcowdockerized_mailcow-network': { IPAMConfig: { IPv4Address: '192.0.2.253', IPv6Address: '' }, Links: null, Aliases: ['postfix'], MacAddress: '02:42:c0:00:02:fd', NetworkID: MAILCOW_NET, EndpointID: 'e1', Gateway: '192.0.2.1', IPAddress: '192.0.2.253', IPPrefixLen: 24, IPv6Gateway: '2001:db8::1', GlobalIPv6Address: '2001:db8::fd', GlobalIPv6PrefixLen: 64, DriverOpts: null, DNSNames: ['mailcowdockerized-postfix-mailcow-1', 'postfix'] } }) + '\n';

export const MAILCOW_OPTIONS = JSON.stringify({ 'com.docker.network.bridge.name': 'br-mailcow' }) + '\n';

/** docker-mailserver as `docker ps --no-trunc` prints it (columns padded as docker's tabwriter does): no labels. */
const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('')).join('\n') + '\n';
};
export const DMS_PS_TABLE = table([
  ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
  ['0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'roundcube/roundcubemail:latest', '"/docker-entrypoint.sh apache2-foreground"', '2 days ago', 'Up 2 days', '', 'webmail'],
  [DMS_ID, 'ghcr.io/docker-mailserver/docker-mailserver:14', '"/usr/bin/dumb-init -- supervisord -c /etc/supervisor/supervisord.conf"', '2 days ago', 'Up 2 days (healthy)', '0.0.0.0:25->25/tcp, 0.0.0.0:143->143/tcp, 0.0.0.0:465->465/tcp, 0.0.0.0:587->587/tcp, 0.0.0.0:993->993/tcp', 'mailserver'],
]);

/** A whole `docker inspect` of docker-mailserver (pasted), on a user network without a bridge option. */
export const DMS_INSPECT = JSON.stringify([{ Id: DMS_ID, Name: '/mailserver', Config: { Labels: { 'com.docker.compose.project': 'docker-mailserver', 'com.docker.compose.service': 'mailserver' } }, NetworkSettings: { Networks: { 'docker-mailserver_default': { NetworkID: DMS_NET, IPAddress: '192.0.2.18', GlobalIPv6Address: '' } } } }], null, 4) + '\n';

/** Mailu: the nginx front publishes SMTP (a proxy for incoming mail); the Postfix container sends. */
export const MAILU_SMTP_ID = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a';
export const MAILU_PS = [
  line({ ID: '4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b', Image: 'ghcr.io/mailu/nginx:2024.06', Labels: 'com.docker.compose.project=mailu,com.docker.compose.service=front', Names: 'mailu-front-1', Ports: '0.0.0.0:25->25/tcp, 0.0.0.0:80->80/tcp, 0.0.0.0:465->465/tcp, 0.0.0.0:587->587/tcp' }),
  line({ ID: MAILU_SMTP_ID, Image: 'ghcr.io/mailu/postfix:2024.06', Labels: 'com.docker.compose.project=mailu,com.docker.compose.service=smtp', Names: 'mailu-smtp-1', Ports: '' }),
].join('\n') + '\n';

/** docker-mailserver under rootful podman (podman compose): the project label as podman-compose sets it too. */
export const PODMAN_DMS_ID = '7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d';
export const PODMAN_PS_OUTPUT = [
  line({ ID: PODMAN_DMS_ID, Names: 'mailserver', Image: 'ghcr.io/docker-mailserver/docker-mailserver:14', Ports: '0.0.0.0:25->25/tcp, 0.0.0.0:465->465/tcp, 0.0.0.0:587->587/tcp, 0.0.0.0:993->993/tcp', Labels: 'com.docker.compose.project=docker-mailserver' }),
].join('\n') + '\n';
/** podman inspect's networks: NetworkID is the network's name (libpod), the gateway as docker prints it */
export const PODMAN_NETWORKS = JSON.stringify({ 'docker-mailserver_default': { EndpointID: '', Gateway: '198.51.100.1', IPAddress: '198.51.100.7', IPPrefixLen: 24, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '0a:58:c6:33:64:07', NetworkID: 'docker-mailserver_default', DriverOpts: null, IPAMConfig: null, Links: null, Aliases: ['mailserver'] } }) + '\n';
/** `podman network inspect --format '{{.NetworkInterface}}' docker-mailserver_default` (netavark numbers its bridges) */
export const PODMAN_INTERFACE = 'podman1\n';

/**
 * mailcow's Postfix also on a second network that routes out (a reverse-proxy network) and on an
 * internal one (no gateway): the first two are possible ways out, the internal one is not.
 */
export const PROXY_NET = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
export const INTERNAL_NET = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';
export const MAILCOW_THREE_NETWORKS = JSON.stringify({
  ...JSON.parse(MAILCOW_NETWORKS),
  proxy: { NetworkID: PROXY_NET, Gateway: '203.0.113.1', IPAddress: '203.0.113.7', IPv6Gateway: '', GlobalIPv6Address: '' },
  backend: { NetworkID: INTERNAL_NET, Gateway: '', IPAddress: '198.51.100.70', IPv6Gateway: '', GlobalIPv6Address: '' },
}) + '\n';

/** Postal as its installer runs it (`docker compose -p postal`, network_mode: host): nothing published; a MariaDB beside it. */
export const POSTAL_WORKER_ID = '6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e';
export const POSTAL_PS = [
  line({ ID: '1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a', Names: 'postal-mariadb', Image: 'mariadb', Ports: '127.0.0.1:3306->3306/tcp', Labels: 'com.docker.compose.project=' }),
  line({ ID: '2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b', Names: 'postal-smtp-1', Image: 'ghcr.io/postalserver/postal:3.3.4', Ports: '', Labels: 'com.docker.compose.project=postal' }),
  line({ ID: POSTAL_WORKER_ID, Names: 'postal-worker-1', Image: 'ghcr.io/postalserver/postal:3.3.4', Ports: '', Labels: 'com.docker.compose.project=postal' }),
  line({ ID: '3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c', Names: 'postal-web-1', Image: 'ghcr.io/postalserver/postal:3.3.4', Ports: '', Labels: 'com.docker.compose.project=postal' }),
].join('\n') + '\n';
export const POSTAL_NETWORKS = JSON.stringify({ host: { NetworkID: 'd4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4', Gateway: '', IPAddress: '', IPv6Gateway: '', GlobalIPv6Address: '' } }) + '\n';
