// An MTA in a container: its delivery attempts are forwarded packets (FORWARD, DOCKER-USER,
// DOCKER-FORWARD), not the host's OUTPUT. Known (--mta-container): the answer says so and the
// deciding rule is on the FORWARD side; not known on a Docker host: the answer names both ways.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { findingMessage } from '../../../src/analyses/explain/findings/wording.js';
import type { CollectedInputs, InputSection, MtaContainer } from '../../../src/input/collected.js';
import { parseMtaContainerOptions } from '../../../src/input/mta-container.js';
import { FIXTURES } from './fixture-inputs.js';

const read = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const section = (kind: InputSection['kind'], origin: string, text: string, family?: 4 | 6): InputSection => ({ kind, origin, firstLine: 1, text, detectedBy: 'test', ...(family ? { family } : {}) });

function inputs(extra: Partial<CollectedInputs> = {}, v4 = read('mailcow-docker28/iptables.save'), v6 = read('mailcow-docker28/ip6tables.save')): CollectedInputs {
  return {
    sections: [section('iptables-save', 'iptables.save', v4, 4), section('iptables-save', 'ip6tables.save', v6, 6), section('dns-records', 'gmail.com.zone', read('demo/gmail.com.zone'))],
    problems: [],
    mode: 'files',
    oif: 'eth0',
    ...extra,
  };
}

const MAILCOW: MtaContainer = { addresses: ['198.51.100.53', '2001:db8:c0::53'], bridge: 'br-mailcow', from: 'option' };

describe('explain --mta-container', () => {
  it('traces the attempts as forwarded: DOCKER-FORWARD rule 4 lets them out, the OUTPUT REJECT does not apply', async () => {
    const report = await analyse(inputs({ mtaContainer: MAILCOW }), 'gmail.com');
    expect(report.verdict).toBe('leaks');
    expect(report.answer).toMatch(/^The MTA runs in container 198\.51\.100\.53, 2001:db8:c0::53 on bridge br-mailcow: its mail crosses FORWARD, not OUTPUT\. Mail to gmail\.com leaks/);
    expect(new Set(report.attempts.map((a) => `${a.decidedBy?.chain} ${a.decidedBy?.rule}`))).toEqual(new Set(['DOCKER-FORWARD 4']));
    expect(report.attempts.every((a) => a.trace?.path.every((s) => s.chain !== 'OUTPUT'))).toBe(true);
    expect(report.attempts.every((a) => a.uid === undefined)).toBe(true);
    const codes = report.findings.map((f) => f.code);
    expect(codes).toContain('container-forward');
    expect(codes).not.toContain('nat-redirect');
    const finding = report.findings.find((f) => f.code === 'container-forward')!;
    expect(findingMessage(finding)).toContain('filter DOCKER-FORWARD rule 4 (IPv4, ACCEPT)');
    expect(findingMessage(finding)).toContain('The 2 OUTPUT rules about SMTP ports never see it');
    // the fix is in DOCKER-USER for the container, both families, and no OUTPUT rule
    const lines = report.fixes.flatMap((f) => f.lines);
    expect(lines).toContain('iptables -I DOCKER-USER -i br-mailcow -s 198.51.100.53 -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset');
    expect(lines).toContain('ip6tables -I DOCKER-USER -i br-mailcow -s 2001:db8:c0::53 -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset');
    expect(lines.some((l) => / OUTPUT /.test(l))).toBe(false);
  });

  it('a DOCKER-USER restriction for the container blocks it, whatever OUTPUT says', async () => {
    const restrict = (text: string, src: string): string => text.replace('-A FORWARD -j DOCKER-USER', `-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -s ${src} -p tcp --dport 25 -j REJECT --reject-with tcp-reset`);
    const v4 = restrict(read('mailcow-docker28/iptables.save'), '198.51.100.0/26').replace('-A OUTPUT -p tcp -m tcp --dport 25 -j REJECT --reject-with icmp-port-unreachable\n', '');
    const v6 = restrict(read('mailcow-docker28/ip6tables.save'), '2001:db8:c0::/64');
    const report = await analyse(inputs({ mtaContainer: MAILCOW }, v4, v6), 'gmail.com');
    expect(report.verdict).toBe('blocked');
    expect(report.attempts.every((a) => a.verdict === 'REJECT' && a.decidedBy?.chain === 'DOCKER-USER' && a.decidedBy.rule === 1)).toBe(true);
  });

  it('falls to FORWARD\'s policy for a container on a bridge Docker does not accept, and says so in FORWARD terms', async () => {
    const report = await analyse(inputs({ mtaContainer: { addresses: ['192.0.2.9'], bridge: 'lxcbr0', from: 'option' } }), 'gmail.com');
    const v4 = report.attempts.filter((a) => a.family === 4);
    expect(v4.every((a) => a.verdict === 'DROP' && a.decidedBy?.chain === 'FORWARD' && a.decidedBy.policy === true)).toBe(true);
  });
});

describe('a Docker host, where the MTA runs not said', () => {
  it('names both ways: the host blocked by OUTPUT, a container let out by DOCKER-FORWARD; cannot decide', async () => {
    const report = await analyse(inputs(), 'gmail.com');
    expect(report.verdict).toBe('uncertain');
    expect(report.answer).toContain('If it runs on this host, its mail crosses OUTPUT: Mail to gmail.com is blocked');
    expect(report.answer).toContain('If it runs in a container, its mail crosses FORWARD, not OUTPUT. From bridge br-mailcow: Mail to gmail.com leaks');
    expect(report.placement?.kind).toBe('either');
    if (report.placement?.kind !== 'either') return;
    expect(report.placement.paths.map((p) => [p.bridge, p.verdict])).toEqual([['br-mailcow', 'leaks']]);
    // the host's own attempts are still OUTPUT's
    expect(report.attempts.filter((a) => a.family === 4).every((a) => a.decidedBy?.chain === 'OUTPUT')).toBe(true);
    // fixes for both: OUTPUT for the host, DOCKER-USER for containers
    const lines = report.fixes.flatMap((f) => f.lines);
    expect(lines.some((l) => l.startsWith('iptables -I OUTPUT'))).toBe(true);
    expect(lines).toContain('iptables -I DOCKER-USER -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset');
  });

  it('the framework-docker finding no longer contradicts a leak answered through OUTPUT alone', async () => {
    const open = (t: string): string => t.replace(/^-A OUTPUT -p tcp .*\n/m, '');
    const report = await analyse(inputs({}, open(read('mailcow-docker28/iptables.save')), open(read('mailcow-docker28/ip6tables.save'))), 'gmail.com');
    // host: OUTPUT policy ACCEPT lets it out; a container: DOCKER-FORWARD does too — both leak
    expect(report.verdict).toBe('leaks');
    expect(report.answer).toContain('If it runs on this host, its mail crosses OUTPUT: Mail to gmail.com leaks');
    expect(report.answer).toContain('From bridge br-mailcow: Mail to gmail.com leaks');
    const docker = report.findings.find((f) => f.code === 'framework-docker')!;
    expect(findingMessage(docker)).toContain('the answer traces both');
  });

  it('no nat-redirect for Docker\'s inbound DNAT of a published port 25 (chain DOCKER, reached for LOCAL destinations only)', async () => {
    const report = await analyse(inputs(), 'gmail.com');
    expect(report.findings.map((f) => f.code)).not.toContain('nat-redirect');
    // the same DNAT reached from nat OUTPUT without the addrtype test would rewrite the host's mail
    const v4 = read('mailcow-docker28/iptables.save').replace('-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER', '-A OUTPUT -j DOCKER');
    const rewritten = await analyse(inputs({}, v4), 'gmail.com');
    expect(rewritten.findings.map((f) => f.code)).toContain('nat-redirect');
  });

  it('a listing without -v (interfaces hidden) still names both ways, for a bridge not named', async () => {
    const paste = read('mailcow817-ufw-docker-no-v/paste.txt');
    const report = await analyse({ sections: [section('iptables-listing', 'stdin', paste, 4), section('dns-records', 'gmail.com.zone', read('demo/gmail.com.zone'))], problems: [], mode: 'pasted' }, 'gmail.com');
    expect(report.verdict).toBe('uncertain');
    expect(report.answer).toContain('From a bridge not named in the input');
  });
});

describe('--mta-container ADDR@IFACE', () => {
  it('reads one address per family on one bridge, and refuses anything else', () => {
    expect(parseMtaContainerOptions(['172.22.1.253@br-mailcow'.replace('172.22.1.253', '198.51.100.53')])).toEqual({ addresses: ['198.51.100.53'], bridge: 'br-mailcow', from: 'option' });
    expect(() => parseMtaContainerOptions(['198.51.100.53'])).toThrow(/ADDR@IFACE/);
    expect(() => parseMtaContainerOptions(['198.51.100.53@br-a', '2001:db8::5@br-b'])).toThrow(/one bridge/);
    expect(() => parseMtaContainerOptions(['198.51.100.53@br-a', '198.51.100.54@br-a'])).toThrow(/one per family/);
    expect(() => parseMtaContainerOptions(['198.51.100.53@a-very-long-interface-name'])).toThrow(/ADDR@IFACE/);
  });
});
