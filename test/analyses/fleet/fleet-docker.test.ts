// A Docker host's bundle with docker's answers in it: the MTA's container is detected per host,
// and the answer says plainly that its mail crosses FORWARD, not OUTPUT, as --mta-container would.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCommand } from '../../../src/input/run-command.js';
import { analyseBundleText } from '../../../src/analyses/fleet/fleet-host.js';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { acquireFromBundle } from '../../../src/input/bundle-acquire.js';
import { formatBundle } from '../../../src/input/bundle-format.js';
import { readDeclaredFiles } from '../../../src/input/files.js';
import { DOCKER_PS, inspectNetworkOptions, inspectNetworks } from '../../../src/input/live-docker.js';
import { readFileText } from '../../../src/input/node/read.js';
import { ROOT } from './support/build.js';
import { fixtureRecords } from './support/bundles.js';

const ID = '3f1c2b7a9d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd';
const NET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef0';
const PS = `${JSON.stringify({ ID, Image: 'ghcr.io/mailcow/postfix:1.80', Labels: 'com.docker.compose.project=mailcowdockerized,com.docker.compose.service=postfix-mailcow', Names: 'mailcowdockerized-postfix-mailcow-1', Ports: '0.0.0.0:25->25/tcp, :::25->25/tcp, 0.0.0.0:587->587/tcp' }).replace(/>/g, '\\u003e')}\n`;
const NETWORKS = `${JSON.stringify({ 'mailcowdockerized_mailcow-network': { NetworkID: NET, IPAddress: '198.51.100.53', GlobalIPv6Address: '2001:db8:c0::53' } })}\n`;
const ok = (argv: readonly string[], stdout: string) => ({ type: 'cmd' as const, name: argv.join(' '), stdout, stderr: '', exit: 0 });

function bundle(withDocker: boolean): string {
  const docker = withDocker ? [ok(DOCKER_PS, PS), ok(inspectNetworks(ID), NETWORKS), ok(inspectNetworkOptions(NET), '{"com.docker.network.bridge.name":"br-mailcow"}\n')] : [];
  return formatBundle({ hostname: 'mailcow.example', system: 'Linux' }, [...fixtureRecords('mailcow-docker28'), ...docker]);
}

describe('a Docker host bundle', () => {
  it('explain: the detected container decides the path (DOCKER-FORWARD rule 4), said plainly and marked as detected', async () => {
    const acquired = await acquireFromBundle(bundle(true), 'mailcow.bundle');
    const dns = await readDeclaredFiles({ dns: [join(ROOT, 'fixtures/demo/gmail.com.zone')] }, (path) => readFileText(path), async () => '');
    const report = await analyse({ mode: 'bundle', sections: [...acquired.sections, ...dns.sections], problems: acquired.problems, oif: 'eth0', mtaContainer: acquired.mtaContainer! }, 'gmail.com');
    expect(report.answer).toMatch(/^The MTA runs in container mailcowdockerized-postfix-mailcow-1 \(project mailcowdockerized\) at 198\.51\.100\.53, 2001:db8:c0::53 on bridge br-mailcow \(detected from docker ps and docker inspect\): its mail crosses FORWARD, not OUTPUT\./);
    expect(report.verdict).toBe('leaks');
    expect(new Set(report.attempts.map((a) => `${a.decidedBy?.chain} ${a.decidedBy?.rule}`))).toEqual(new Set(['DOCKER-FORWARD 4']));
  });

  it('fleet: detected per host; without docker in the bundle both placements are named and the gap is said', async () => {
    const dns = await readDeclaredFiles({ dns: [join(ROOT, 'fixtures/demo/gmail.com.zone')] }, (path) => readFileText(path), async () => '');
    const options = { allow: [], probes: ['gmail.com'], dnsSections: dns.sections };
    const detected = await analyseBundleText(bundle(true), 'mailcow.bundle', options);
    const unknown = await analyseBundleText(bundle(false), 'old.bundle', options);
    expect(JSON.stringify(detected)).toContain('its mail crosses FORWARD, not OUTPUT');
    expect(JSON.stringify(detected)).not.toContain('does not say where the MTA runs');
    expect(JSON.stringify(unknown)).toContain('does not say where the MTA runs');
    expect(unknown.problems.some((p) => p.startsWith(`${formatCommand(DOCKER_PS)}: not in the bundle`))).toBe(true);
  });
});
