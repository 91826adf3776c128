// Issue 13 point 6: advice a sysadmin can trust. Framework findings reason from the listing they
// were given; the recommended fix appears only where mail leaks or may leak, in the terms of what
// manages the firewall, and for a domain that must be delivered it opens the way, closing nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { findingAssumed, findingMessage } from '../../../src/analyses/explain/findings/wording.js';
import type { CollectedInputs, InputSection } from '../../../src/input/collected.js';
import { FIXTURES } from './fixture-inputs.js';

const zone = (name: string): InputSection => ({ kind: 'dns-records', origin: name, firstLine: 1, text: readFileSync(join(FIXTURES, 'demo', name), 'utf8'), detectedBy: 'test' });
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

function inputs(v4: string, v6?: string, kind: InputSection['kind'] = 'iptables-save'): CollectedInputs {
  const sections: InputSection[] = [{ kind, family: 4, origin: 'fw4', firstLine: 1, text: v4, detectedBy: 'test' }];
  if (v6 !== undefined) sections.push({ kind, family: 6, origin: 'fw6', firstLine: 1, text: v6, detectedBy: 'test' });
  return { sections: [...sections, zone('gmail.com.zone'), zone('domain.com.zone')], problems: [], mode: 'files', oif: 'eth0' };
}

// CSF's defaults as csf.pl writes them (shared case 19, shortened): TCP_OUT has 25 and 587
const CSF_DEFAULT = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT DROP [0:0]
:ALLOWOUT - [0:0]
:DENYOUT - [0:0]
:INVALID - [0:0]
:LOCALOUTPUT - [0:0]
:LOGDROPOUT - [0:0]
-A OUTPUT ! -o lo -j LOCALOUTPUT
-A OUTPUT -o lo -j ACCEPT
-A OUTPUT ! -o lo -p tcp -j INVALID
-A OUTPUT ! -o lo -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A OUTPUT ! -o lo -p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT
-A OUTPUT ! -o lo -p tcp -m conntrack --ctstate NEW -m tcp --dport 25 -j ACCEPT
-A OUTPUT ! -o lo -p tcp -m conntrack --ctstate NEW -m tcp --dport 443 -j ACCEPT
-A OUTPUT ! -o lo -p tcp -m conntrack --ctstate NEW -m tcp --dport 587 -j ACCEPT
-A OUTPUT ! -o lo -j LOGDROPOUT
-A LOCALOUTPUT ! -o lo -j ALLOWOUT
-A LOCALOUTPUT ! -o lo -j DENYOUT
-A LOGDROPOUT -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;
const V6_CLOSED = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -p tcp -m multiport --dports 25,465,587 -j REJECT --reject-with tcp-reset
COMMIT
`;

describe('framework-csf reasons from the rules it was shown', () => {
  it('reads TCP_OUT 25 and 587 from the TCP_OUT rules before LOGDROPOUT, and the recommended fix takes them out in csf.conf', async () => {
    const report = await analyse(inputs(CSF_DEFAULT, V6_CLOSED), 'gmail.com');
    expect(report.verdict).toBe('leaks');
    const csf = report.findings.find((f) => f.code === 'framework-csf');
    if (csf?.code !== 'framework-csf') throw new Error('no CSF finding');
    expect(csf.args.tcpOut).toEqual({ from: 'listing', smtpPorts: [25, 587], rules: [6, 8], logdropRule: 9 });
    expect(csf.args.ipv6).toBe('closed');
    expect(findingMessage(csf)).toMatch(/the listing shows TCP_OUT's rules for 25, 587 \(OUTPUT rule 6, 8\)/);
    expect(findingAssumed(csf)).toEqual([]);
    const firewall = report.fixes[1]!;
    expect(firewall.summary).toMatch(/take 25, 465 and 587 out of TCP_OUT/);
    expect(firewall.lines).toContain('csf -r');
  });

  it('assumes CSF\'s default TCP_OUT only when the listing does not reach LOGDROPOUT (cut off, as in the stored copy of case 01)', async () => {
    const cut = CSF_DEFAULT.split('\n').filter((l) => !/dport (25|443|587) |LOGDROPOUT$/.test(l)).join('\n');
    const report = await analyse(inputs(cut), 'gmail.com');
    const csf = report.findings.find((f) => f.code === 'framework-csf');
    if (csf?.code !== 'framework-csf') throw new Error('no CSF finding');
    expect(csf.args.tcpOut).toEqual({ from: 'default' });
    expect(findingMessage(csf)).toMatch(/TCP_OUT contains 25 and 587 by default \(assumed\)/);
    expect(findingAssumed(csf).join(' ')).toMatch(/default TCP_OUT/);
  });
});

describe('recommended fix', () => {
  it('is absent when the mail does not leak and no allowed domain is stopped', async () => {
    const report = await analyse(inputs(fixture('mx-not-covered/iptables.save').replace(/^-A OUTPUT -d .*\n/m, ''), V6_CLOSED), 'gmail.com');
    expect(report.verdict).toBe('blocked');
    expect(report.fixes).toEqual([]);
  });

  it('opens the way for a blocked allowed domain (explain gmail.com --allow domain.com), closing nothing', async () => {
    const report = await analyse(inputs(fixture('mx-not-covered/iptables.save'), fixture('mx-not-covered/ip6tables.save')), 'gmail.com', { allow: ['domain.com'] });
    expect(report.verdict).toBe('blocked');
    expect(report.fixes).toHaveLength(1);
    expect(report.fixes[0]!.summary).toMatch(/^Let mail to domain\.com out/);
    expect(report.fixes[0]!.lines).toEqual([
      'ip6tables -I OUTPUT 1 -p tcp -d 2001:db8:25::1 --dport 25 -j ACCEPT',
      'iptables -I OUTPUT 1 -p tcp -d 198.51.100.25 --dport 25 -j ACCEPT',
      'iptables -I OUTPUT 1 -p tcp -d 203.0.113.25 --dport 25 -j ACCEPT',
    ]);
    expect(report.fixes.flatMap((f) => f.lines).some((l) => /REJECT|DROP|:fail:/.test(l))).toBe(false);
  });

  it('opens the way when the target itself is the allowed domain (check --allow judges it this way), and says nothing when it gets out', async () => {
    const blocked = await analyse(inputs(fixture('mx-not-covered/iptables.save'), fixture('mx-not-covered/ip6tables.save')), 'domain.com', { allow: ['domain.com'] });
    expect(blocked.verdict).toBe('blocked');
    expect(blocked.fixes.map((f) => f.summary)).toEqual([expect.stringMatching(/^Let mail to domain\.com out/)]);
    const open = await analyse(inputs(fixture('ipv6-unfiltered/iptables.save'), fixture('ipv6-unfiltered/ip6tables.save')), 'domain.com', { allow: ['domain.com'] });
    expect(open.verdict).toBe('leaks');
    expect(open.fixes).toEqual([]);
  });

  it('speaks CSF for a blocked allowed domain on a CSF host: csf.allow lines, not iptables -I', async () => {
    const noSmtp = CSF_DEFAULT.replace(/^.*--dport (25|587) -j ACCEPT\n/gm, '');
    const report = await analyse(inputs(noSmtp, V6_CLOSED), 'domain.com', { allow: ['domain.com'] });
    expect(report.verdict).toBe('blocked');
    expect(report.fixes[0]!.lines).toEqual(['# /etc/csf/csf.allow', 'tcp|out|d=25|d=2001:db8:25::1', 'tcp|out|d=25|d=198.51.100.25', 'tcp|out|d=25|d=203.0.113.25', 'csf -r']);
  });

  it('speaks ufw on a ufw host, and adds DOCKER-USER where Docker manages rules', async () => {
    const paste = fixture('mailcow817-ufw-docker-no-v/paste.txt');
    const report = await analyse(inputs(paste, undefined, 'iptables-listing'), 'gmail.com');
    expect(report.verdict).not.toBe('blocked');
    const lines = report.fixes.flatMap((f) => f.lines);
    expect(lines).toContain('ufw deny out 25/tcp');
    expect(lines.some((l) => /^ip6?tables -I DOCKER-USER /.test(l))).toBe(true);
    expect(lines.some((l) => /^ip6?tables -I OUTPUT /.test(l))).toBe(false);
  });
});
