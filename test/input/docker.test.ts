import { describe, expect, it } from 'vitest';
import { bridgeOf, mailNetwork, mtaContainerOf, parseBridgeOption, parseContainerNetworks, parseDockerPs, smtpPublisher } from '../../src/input/docker.js';
import { DMS_ID, DMS_INSPECT, DMS_NET, DMS_PS_TABLE, MAILCOW_ID, MAILCOW_NET, MAILCOW_NETWORKS, MAILCOW_OPTIONS, MAILCOW_PS, MAILU_PS, MAILU_SMTP_ID } from './support/docker-samples.js';

describe('docker ps', () => {
  it('reads JSON lines (Go escapes > as \\u003e) and picks the container that publishes SMTP', () => {
    const containers = parseDockerPs(MAILCOW_PS);
    expect(containers).toHaveLength(2);
    expect(smtpPublisher(containers)).toEqual({ id: MAILCOW_ID, name: 'mailcowdockerized-postfix-mailcow-1', ports: expect.stringContaining('0.0.0.0:25->25/tcp'), project: 'mailcowdockerized', image: 'ghcr.io/mailcow/postfix:1.80' });
  });

  it('reads the --no-trunc table by its header columns, an empty PORTS cell included', () => {
    const containers = parseDockerPs(DMS_PS_TABLE);
    expect(containers.map((c) => [c.name, c.ports === ''])).toEqual([['webmail', true], ['mailserver', false]]);
    expect(smtpPublisher(containers)).toMatchObject({ id: DMS_ID, name: 'mailserver', image: 'ghcr.io/docker-mailserver/docker-mailserver:14' });
    expect(smtpPublisher(containers)?.project).toBeUndefined();
  });

  it("Mailu: the front publishes SMTP, but the mail is sent by its Postfix container", () => {
    const containers = parseDockerPs(MAILU_PS);
    expect(smtpPublisher(containers)?.name).toBe('mailu-front-1');
    expect(mtaContainerOf(containers)).toMatchObject({ id: MAILU_SMTP_ID, name: 'mailu-smtp-1', project: 'mailu' });
    expect(mtaContainerOf(parseDockerPs(MAILCOW_PS))?.name).toBe('mailcowdockerized-postfix-mailcow-1');
  });

  it('finds no publisher when only a container port is 25, or the text is not docker ps', () => {
    expect(smtpPublisher(parseDockerPs(JSON.stringify({ ID: 'ab12cd34ef56', Names: 'x', Ports: '25/tcp, 0.0.0.0:8025->8025/tcp' })))).toBeUndefined();
    expect(parseDockerPs('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n')).toEqual([]);
    expect(parseDockerPs('{"ID": broken\n')).toEqual([]);
  });
});

describe('docker inspect and the bridge', () => {
  it('reads .NetworkSettings.Networks: both families of the container on the mail network', () => {
    const { networks } = parseContainerNetworks(MAILCOW_NETWORKS);
    expect(networks).toEqual([{ name: 'mailcowdockerized_mailcow-network', networkId: MAILCOW_NET, ipv4: '192.0.2.253', ipv6: '2001:db8::fd', gateway: true }]);
    expect(bridgeOf(networks[0]!, parseBridgeOption(MAILCOW_OPTIONS))).toBe('br-mailcow');
  });

  it('reads a whole docker inspect: name, project; a user network without the option is br- + 12 hex digits', () => {
    const read = parseContainerNetworks(DMS_INSPECT);
    expect(read).toMatchObject({ name: 'mailserver', project: 'docker-mailserver' });
    expect(mailNetwork(read.networks)).toEqual({ name: 'docker-mailserver_default', networkId: DMS_NET, ipv4: '192.0.2.18' });
    expect(bridgeOf(read.networks[0]!, parseBridgeOption('{}'))).toBe(`br-${DMS_NET.slice(0, 12)}`);
  });

  it('the default network is docker0; host networking and unreadable text give no network', () => {
    expect(bridgeOf({ name: 'bridge', networkId: 'ff'.repeat(32) })).toBe('docker0');
    expect(parseBridgeOption(JSON.stringify([{ Name: 'bridge', Options: { 'com.docker.network.bridge.name': 'docker0' } }]))).toBe('docker0');
    expect(mailNetwork(parseContainerNetworks(JSON.stringify({ host: { NetworkID: 'ab'.repeat(32), IPAddress: '' } })).networks)).toBeUndefined();
    expect(parseContainerNetworks('Error: No such object: abc').networks).toEqual([]);
    expect(parseBridgeOption('not json')).toBeUndefined();
  });
});
