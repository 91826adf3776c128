// Podman's containers (rootful, on a bridge network) are detected as docker's are, from the same
// narrowed `ps` template; a container on several networks that route out names each way.
import { describe, expect, it } from 'vitest';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { collectDocker, collectPodman, DOCKER_PS, inspectNetworkOptions, inspectNetworks, inspectPodmanInterface, PODMAN_PS } from '../../src/input/live-docker.js';
import { fakeFiles, fakeRun, GROUP, PASSWD } from './fake-run.js';
import { INTERNAL_NET, MAILCOW_ID, MAILCOW_NET, MAILCOW_NETWORKS, MAILCOW_OPTIONS, MAILCOW_PS, MAILCOW_THREE_NETWORKS, PODMAN_DMS_ID, PODMAN_INTERFACE, PODMAN_NETWORKS, PODMAN_PS_OUTPUT, PROXY_NET } from './support/docker-samples.js';

const key = (argv: readonly string[]): string => argv.join(' ');
const FILES = fakeFiles({ '/etc/passwd': PASSWD, '/etc/group': GROUP });
const PODMAN = {
  [key(PODMAN_PS)]: { stdout: PODMAN_PS_OUTPUT },
  [key(inspectNetworks(PODMAN_DMS_ID, 'podman'))]: { stdout: PODMAN_NETWORKS },
  [key(inspectPodmanInterface('docker-mailserver_default'))]: { stdout: PODMAN_INTERFACE },
};
const DETECTED = { addresses: ['198.51.100.7'], bridge: 'podman1', from: 'detected', engine: 'podman', name: 'mailserver', project: 'docker-mailserver' };

describe('collectPodman', () => {
  it('docker-mailserver under podman: the publisher, its address, the bridge podman names (network_interface)', async () => {
    const fake = fakeRun(PODMAN);
    expect(await collectPodman(fake.run)).toEqual({ problems: [], container: DETECTED, id: PODMAN_DMS_ID });
    expect(fake.calls.map(key)).toEqual(Object.keys(PODMAN));
    // never the environment nor every label: the same narrowed template as docker's
    for (const argv of fake.calls) expect(argv.join(' ')).not.toMatch(/Env|Config|\{\{json \.\}\}/);
  });

  it('an interface it cannot read leaves the bridge unknown (podman has no default name to fall back on)', async () => {
    const fake = fakeRun({ ...PODMAN, [key(inspectPodmanInterface('docker-mailserver_default'))]: { stderr: 'Error: network not found\n', exitCode: 125 } });
    const out = await collectPodman(fake.run);
    expect(out.container).toBeUndefined();
    expect(out.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^exited with status 125: Error: network not found/), expect.stringMatching(/bridge of podman network docker-mailserver_default .* is not known/)]);
  });

  it('live: asked when docker finds no MTA; docker missing is then not worth a word', async () => {
    const dockerSave = '*filter\n:FORWARD DROP [0:0]\n:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\nCOMMIT\n';
    const inputs = await acquireInputs({ stdinIsTTY: true, run: fakeRun({ 'iptables-save -c': { stdout: dockerSave }, ...PODMAN }).run, readFile: FILES, platform: 'linux' });
    expect(inputs.mtaContainer).toEqual(DETECTED);
    expect(inputs.problems.filter((p) => /docker|podman/.test(p.what))).toEqual([]);
    // docker found the MTA: podman is not asked
    const both = fakeRun({ [key(DOCKER_PS)]: { stdout: MAILCOW_PS }, [key(inspectNetworks(MAILCOW_ID))]: { stdout: MAILCOW_NETWORKS }, [key(inspectNetworkOptions(MAILCOW_NET))]: { stdout: MAILCOW_OPTIONS }, ...PODMAN });
    await acquireInputs({ stdinIsTTY: true, run: both.run, readFile: FILES, platform: 'linux' });
    expect(both.calls.map(key)).not.toContain(key(PODMAN_PS));
  });
});

describe('a container on several networks', () => {
  it('each network that routes out is a possible placement; an internal one (no gateway) is not', async () => {
    const fake = fakeRun({
      [key(DOCKER_PS)]: { stdout: MAILCOW_PS },
      [key(inspectNetworks(MAILCOW_ID))]: { stdout: MAILCOW_THREE_NETWORKS },
      [key(inspectNetworkOptions(MAILCOW_NET))]: { stdout: MAILCOW_OPTIONS },
      [key(inspectNetworkOptions(PROXY_NET))]: { stdout: '{}\n' },
    });
    const out = await collectDocker(fake.run);
    expect(out.container).toEqual({
      addresses: ['192.0.2.253', '2001:db8::fd'], bridge: 'br-mailcow', network: 'mailcowdockerized_mailcow-network', from: 'detected', name: 'mailcowdockerized-postfix-mailcow-1', project: 'mailcowdockerized',
      alternatives: [{ addresses: ['203.0.113.7'], bridge: `br-${PROXY_NET.slice(0, 12)}`, network: 'proxy' }],
    });
    expect(fake.calls.map(key)).not.toContain(key(inspectNetworkOptions(INTERNAL_NET)));
  });
});

describe('rootless Podman (podman ps run as the user)', () => {
  it('slirp4netns or pasta networking: no bridge; the MTA is placed as sending through OUTPUT, the answer says so', async () => {
    for (const mode of ['slirp4netns', 'pasta'] as const) {
      const networks = JSON.stringify({ [mode]: { EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, NetworkID: mode, MacAddress: '' } });
      const fake = fakeRun({ ...PODMAN, [key(inspectNetworks(PODMAN_DMS_ID, 'podman'))]: { stdout: networks } });
      const out = await collectPodman(fake.run);
      expect(out.container).toBeUndefined();
      expect(out.hostNetwork).toEqual({ name: 'mailserver', project: 'docker-mailserver', engine: 'podman', rootless: mode });
      expect(fake.calls.map(key)).not.toContain(key(inspectPodmanInterface('docker-mailserver_default')));
    }
  });

  it('explain: the answer says the mail crosses OUTPUT as the user\'s uid, not FORWARD', async () => {
    const { analyse } = await import('../../src/analyses/explain/analyse.js');
    const report = await analyse({ sections: [{ kind: 'iptables-save', origin: 'v4', firstLine: 1, text: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n', detectedBy: 'test', family: 4 }], problems: [], mode: 'live', mtaHostNetwork: { name: 'mailserver', engine: 'podman', rootless: 'pasta' } }, 'gmail.test');
    expect(report.answer).toMatch(/^The MTA runs in rootless Podman container mailserver with pasta networking .*crosses this host's OUTPUT as that user's uid \(give --uid of that user\), not FORWARD\./);
  });
});
