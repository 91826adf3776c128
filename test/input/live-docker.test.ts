// Detection of the containerised MTA live (fake runner) and from a bundle (the same commands replayed).
import { describe, expect, it } from 'vitest';
import { formatCommand } from '../../src/input/run-command.js';
import { acquireFromBundle } from '../../src/input/bundle-acquire.js';
import { formatBundle } from '../../src/input/bundle-format.js';
import { collectDocker, DOCKER_PS, inspectNetworkOptions, inspectNetworks } from '../../src/input/live-docker.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { fakeFiles, fakeRun, GROUP, PASSWD, type Answer } from './fake-run.js';
import { DMS_ID, DMS_INSPECT, DMS_NET, DMS_PS_TABLE, MAILCOW_ID, MAILCOW_NET, MAILCOW_NETWORKS, MAILCOW_OPTIONS, MAILCOW_PS } from './support/docker-samples.js';

const key = (argv: readonly string[]): string => argv.join(' ');
const DOCKER_SAVE = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:DOCKER - [0:0]\n:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\nCOMMIT\n';
const MAILCOW: Record<string, Answer> = {
  [key(DOCKER_PS)]: { stdout: MAILCOW_PS },
  [key(inspectNetworks(MAILCOW_ID))]: { stdout: MAILCOW_NETWORKS },
  [key(inspectNetworkOptions(MAILCOW_NET))]: { stdout: MAILCOW_OPTIONS },
};
const DETECTED = { addresses: ['192.0.2.253', '2001:db8::fd'], bridge: 'br-mailcow', from: 'detected', name: 'mailcowdockerized-postfix-mailcow-1', project: 'mailcowdockerized' };
const FILES = fakeFiles({ '/etc/passwd': PASSWD, '/etc/group': GROUP });

describe('collectDocker', () => {
  it('mailcow: the SMTP publisher, its addresses, and the bridge its network names', async () => {
    const fake = fakeRun(MAILCOW);
    expect(await collectDocker(fake.run)).toEqual({ problems: [], container: DETECTED, id: MAILCOW_ID });
    expect(fake.calls.map(key)).toEqual([key(DOCKER_PS), key(inspectNetworks(MAILCOW_ID)), key(inspectNetworkOptions(MAILCOW_NET))]);
    // never the environment: only the networks and the network's options are asked for
    for (const argv of fake.calls) expect(argv.join(' ')).not.toMatch(/Env|Config/);
  });

  it('docker-mailserver from the table and a whole inspect: br- + 12 hex digits of the network id', async () => {
    const fake = fakeRun({ [key(DOCKER_PS)]: { stdout: DMS_PS_TABLE }, [key(inspectNetworks(DMS_ID))]: { stdout: DMS_INSPECT }, [key(inspectNetworkOptions(DMS_NET))]: { stdout: '{}\n' } });
    expect((await collectDocker(fake.run)).container).toEqual({ addresses: ['192.0.2.18'], bridge: `br-${DMS_NET.slice(0, 12)}`, from: 'detected', name: 'mailserver' });
  });

  it('says exactly why nothing was detected: docker missing, the daemon socket not permitted', async () => {
    const missing = await collectDocker(fakeRun({}).run);
    expect(missing.container).toBeUndefined();
    expect(missing.unanswered?.message).toMatch(/^command not found: docker/);
    const socket = 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.45/containers/json": dial unix /var/run/docker.sock: connect: permission denied\n';
    const denied = await collectDocker(fakeRun({ [key(DOCKER_PS)]: { stderr: socket, exitCode: 1 } }).run);
    expect(denied.unanswered).toEqual({ what: formatCommand(DOCKER_PS), message: expect.stringMatching(/^exited with status 1: permission denied while trying to connect to the Docker daemon socket.*give --mta-container ADDR@BRIDGE\)$/) });
    const noSmtp = fakeRun({ [key(DOCKER_PS)]: { stdout: MAILCOW_PS.split('\n')[0]! + '\n' } });
    expect(await collectDocker(noSmtp.run)).toEqual({ problems: [] });
    expect(noSmtp.calls).toHaveLength(1);
  });

  it('an unreadable network option falls back to the default name, and says so', async () => {
    const fake = fakeRun({ ...MAILCOW, [key(inspectNetworkOptions(MAILCOW_NET))]: { status: 'denied' } });
    const out = await collectDocker(fake.run);
    expect(out.container?.bridge).toBe(`br-${MAILCOW_NET.slice(0, 12)}`);
    expect(out.problems[0]?.message).toMatch(/taken as Docker names it by default/);
  });
});

describe('live and bundle acquisition', () => {
  it('live: detected, and an explicit --mta-container wins', async () => {
    const table = { 'iptables-save -c': { stdout: DOCKER_SAVE }, ...MAILCOW };
    const inputs = await acquireInputs({ stdinIsTTY: true, run: fakeRun(table).run, readFile: FILES, platform: 'linux' });
    expect(inputs.mtaContainer).toEqual(DETECTED);
    const given = await acquireInputs({ stdinIsTTY: true, run: fakeRun(table).run, readFile: FILES, platform: 'linux', mtaContainer: ['198.51.100.7@br-other'] });
    expect(given.mtaContainer).toEqual({ addresses: ['198.51.100.7'], bridge: 'br-other', from: 'option' });
  });

  it('live: docker missing or not answering is said only when the ruleset shows Docker', async () => {
    const docker = await acquireInputs({ stdinIsTTY: true, run: fakeRun({ 'iptables-save -c': { stdout: DOCKER_SAVE } }).run, readFile: FILES, platform: 'linux' });
    expect(docker.problems.filter((p) => p.what.startsWith('docker'))).toEqual([{ what: formatCommand(DOCKER_PS), message: expect.stringMatching(/^command not found: docker/) }]);
    const plain = await acquireInputs({ stdinIsTTY: true, run: fakeRun({ 'iptables-save -c': { stdout: '*filter\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' } }).run, readFile: FILES, platform: 'linux' });
    expect(plain.problems.filter((p) => p.what.startsWith('docker'))).toEqual([]);
    expect(plain.mtaContainer).toBeUndefined();
    const noDaemon = { [key(DOCKER_PS)]: { stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n', exitCode: 1 } };
    const plainNoDaemon = await acquireInputs({ stdinIsTTY: true, run: fakeRun({ 'iptables-save -c': { stdout: '*filter\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' }, ...noDaemon }).run, readFile: FILES, platform: 'linux' });
    expect(plainNoDaemon.problems.filter((p) => p.what.startsWith('docker'))).toEqual([]);
    const dockerNoDaemon = await acquireInputs({ stdinIsTTY: true, run: fakeRun({ 'iptables-save -c': { stdout: DOCKER_SAVE }, ...noDaemon }).run, readFile: FILES, platform: 'linux' });
    expect(dockerNoDaemon.problems.filter((p) => p.what.startsWith('docker')).map((p) => p.message)).toEqual([expect.stringMatching(/^exited with status 1: Cannot connect to the Docker daemon/)]);
  });

  it('a bundle with the docker records detects the same container', async () => {
    const records = [
      { type: 'cmd' as const, name: 'iptables-save -c', stdout: DOCKER_SAVE, stderr: '', exit: 0 },
      ...Object.entries(MAILCOW).map(([name, answer]) => ({ type: 'cmd' as const, name, stdout: 'stdout' in answer ? answer.stdout ?? '' : '', stderr: '', exit: 0 })),
    ];
    const acquired = await acquireFromBundle(formatBundle({ hostname: 'mail.example', system: 'Linux' }, records), 'b1');
    expect(acquired.mtaContainer).toEqual(DETECTED);
    // a bundle from before docker was collected, on a Docker host: said, not guessed
    const old = await acquireFromBundle(formatBundle({ hostname: 'mail.example', system: 'Linux' }, records.slice(0, 1)), 'b0');
    expect(old.mtaContainer).toBeUndefined();
    expect(old.problems).toContainEqual({ what: formatCommand(DOCKER_PS), message: expect.stringMatching(/^not in the bundle/) });
  });

  it('on a Docker host the routes are read (ip route, ip -6 route, as the collect script records them), elsewhere not', async () => {
    const routes = { 'ip route': { stdout: 'default via 192.0.2.254 dev eth0\n' }, 'ip -6 route': { stdout: 'default via 2001:db8:1::fe dev eth0 metric 1024 pref medium\n' } };
    const docker = fakeRun({ 'iptables-save -c': { stdout: DOCKER_SAVE }, ...MAILCOW, ...routes });
    const inputs = await acquireInputs({ stdinIsTTY: true, run: docker.run, readFile: FILES, platform: 'linux' });
    expect(inputs.sections.filter((s) => s.kind === 'ip-route').map((s) => [s.origin, s.family])).toEqual([['ip route', 4], ['ip -6 route', 6]]);
    const plain = fakeRun({ 'iptables-save -c': { stdout: '*filter\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' }, ...routes });
    await acquireInputs({ stdinIsTTY: true, run: plain.run, readFile: FILES, platform: 'linux' });
    expect(plain.calls.map(key)).not.toContain('ip route');
    // --mta-container says containers are involved: the routes are read whatever the ruleset shows
    const named = fakeRun({ 'iptables-save -c': { stdout: '*filter\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' }, ...routes });
    const given = await acquireInputs({ stdinIsTTY: true, run: named.run, readFile: FILES, platform: 'linux', mtaContainer: ['198.51.100.7@lxcbr0'] });
    expect(given.sections.filter((s) => s.kind === 'ip-route')).toHaveLength(2);
    // a table that cannot be read is no problem worth a word: the answer names the rule it could not settle
    const failing = await acquireInputs({ stdinIsTTY: true, run: fakeRun({ 'iptables-save -c': { stdout: DOCKER_SAVE }, ...MAILCOW }).run, readFile: FILES, platform: 'linux' });
    expect(failing.problems.filter((p) => p.what.startsWith('ip '))).toEqual([]);
  });
});
