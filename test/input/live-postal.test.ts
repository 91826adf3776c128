// Postal runs every service from one image with the host's network and publishes nothing: its
// worker is the MTA, and it sends through the host's OUTPUT like a process on the host.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyses/explain/analyse.js';
import { acquireInputs } from '../../src/input/node/acquire.js';
import { collectDocker, DOCKER_PS, inspectNetworks } from '../../src/input/live-docker.js';
import { fakeFiles, fakeRun, GROUP, PASSWD } from './fake-run.js';
import { POSTAL_NETWORKS, POSTAL_PS, POSTAL_WORKER_ID } from './support/docker-samples.js';

const key = (argv: readonly string[]): string => argv.join(' ');
const POSTAL = { [key(DOCKER_PS)]: { stdout: POSTAL_PS }, [key(inspectNetworks(POSTAL_WORKER_ID))]: { stdout: POSTAL_NETWORKS } };
// Docker's chains are there (MariaDB's published port): without the detection the answer would name both placements
const DOCKER_HOST = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:DOCKER - [0:0]\n:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\n-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with icmp-port-unreachable\nCOMMIT\n';
const ZONE = 'example.test. 300 IN MX 10 mx.example.test.\nmx.example.test. 300 IN A 203.0.113.25\nmx.example.test. 300 IN AAAA 2001:db8::25\n';
const V6 = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with icmp6-port-unreachable\nCOMMIT\n';

describe('Postal', () => {
  it('its worker is the MTA; on the host\'s network it is no forwarded container', async () => {
    const fake = fakeRun(POSTAL);
    expect(await collectDocker(fake.run)).toEqual({ problems: [], hostNetwork: { name: 'postal-worker-1', project: 'postal' } });
    expect(fake.calls.map(key)).toEqual(Object.keys(POSTAL));
  });

  it('explain says the worker sends as the host does: OUTPUT decides, not FORWARD', async () => {
    const run = fakeRun({ 'iptables-save -c': { stdout: DOCKER_HOST }, 'ip6tables-save -c': { stdout: V6 }, ...POSTAL }).run;
    const inputs = await acquireInputs({ stdinIsTTY: true, run, readFile: fakeFiles({ '/etc/passwd': PASSWD, '/etc/group': GROUP }), platform: 'linux' });
    expect(inputs.mtaHostNetwork).toEqual({ name: 'postal-worker-1', project: 'postal' });
    expect(inputs.mtaContainer).toBeUndefined();
    const report = await analyse({ ...inputs, sections: [...inputs.sections, { kind: 'dns-records', origin: 'zone', firstLine: 1, text: ZONE, detectedBy: 'test' }] }, 'example.test');
    expect(report.placement).toEqual({ kind: 'host-network', mta: { name: 'postal-worker-1', project: 'postal' } });
    expect(report.answer).toMatch(/^The MTA runs in container postal-worker-1 \(project postal\) with the host's network \(detected from docker ps and docker inspect\): its mail crosses OUTPUT/);
    expect(report.verdict).toBe('blocked');
    expect(report.attempts.every((a) => a.decidedBy?.chain === 'OUTPUT')).toBe(true);
  });
});
