// The acceptance case of issue 4: the ServerFault 930157 listing piped with the gmail.com
// zone, no Exim configuration, uid unknown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { findDemoDir, loadDemoInputs } from '../../../src/input/node/demo.js';
import { findingAssumed, findingFix, findingMessage } from '../../../src/analyses/explain/findings/wording.js';

const dir = findDemoDir();
const report = await analyse(await loadDemoInputs(dir!), 'gmail.com');
const finding = (code: string) => report.findings.find((f) => f.code === code);

describe('--demo (ServerFault 930157)', () => {
  it('is uncertain', () => {
    expect(report.verdict).toBe('uncertain');
  });

  it('names the missing IPv6 data as the first suspect: Exim tries IPv6 first', () => {
    expect(report.attempts[0]?.family).toBe(6);
    expect(report.suspects[0]).toMatchObject({ family: 6 });
    expect(report.suspects[0]?.attempts).toContain(1);
    expect(finding('ipv6-unknown')).toBeDefined();
  });

  it('names LOCALOUTPUT (rule 9, 800K packets) as a suspect, with the command that lists it', () => {
    const local = report.suspects.find((s) => s.cause.code === 'chain-missing' && s.cause.chain === 'LOCALOUTPUT');
    expect(local).toMatchObject({ family: 4, counters: expect.stringMatching(/^800K/) });
    expect(local?.command).toMatch(/iptables -L LOCALOUTPUT -n -v/);
    const missing = report.findings.filter((f) => f.code === 'chain-body-missing');
    const evidence = missing.flatMap((f) => f.evidence).find((e) => /LOCALOUTPUT/.test(e.text ?? ''));
    expect(evidence).toMatchObject({ counters: expect.stringMatching(/^800K/) });
    expect(evidence?.text).toMatch(/^\s*9\s/);
  });

  it('explains rule 16 (RELATED,ESTABLISHED) as not admitting new connections', () => {
    const e = finding('established-not-new')?.evidence[0];
    expect(e?.text).toMatch(/^\s*16\s.*RELATED,ESTABLISHED/);
  });

  it('flags rules 12 and 13 (spt:53) as source-port bypasses', () => {
    const texts = finding('source-port-bypass')?.evidence.map((e) => e.text?.trim().split(/\s+/)[0]);
    expect(texts).toEqual(['12', '13']);
  });

  it('recognises CSF and reads TCP_OUT from the listing, which shows OUTPUT down to LOGDROPOUT without a dpt:25 rule', () => {
    const csf = finding('framework-csf');
    expect(csf?.code).toBe('framework-csf');
    if (csf?.code !== 'framework-csf') return;
    expect(csf.args.tcpOut).toEqual({ from: 'listing', smtpPorts: [], rules: [], logdropRule: 21 });
    // INVALID (rule 15) and LOGDROPOUT (rule 21) are CSF's own dropping chains: not ways out
    expect(csf.args.waysOut).toEqual([{ chain: 'OUTPUT', rule: 9, target: 'LOCALOUTPUT' }]);
    expect(csf.args.ipv6).toBe('not-supplied');
    const message = findingMessage(csf);
    expect(message).toMatch(/TCP_OUT does not appear to contain 25/);
    expect(message).toMatch(/remaining ways out are LOCALOUTPUT \(OUTPUT rule 9[^)]*\) and IPv6/);
    expect(message).not.toMatch(/by default \(assumed\)/);
    // nothing about TCP_OUT is assumed any more; CSF's IPV6 default still is
    expect(findingAssumed(csf).join(' ')).not.toMatch(/TCP_OUT/);
    expect(findingAssumed(csf).join(' ')).toMatch(/IPV6 = "0"/);
  });

  it('points every rule evidence at the line of the pasted file', () => {
    const pasted = readFileSync(join(dir!, 'serverfault-930157.txt'), 'utf8').split(/\r?\n/);
    const cited = report.findings.flatMap((f) => f.evidence).filter((e) => e.line !== undefined);
    // not vacuous: the CSF, spt:53, ESTABLISHED and missing-chain findings all cite rules
    expect(cited.length).toBeGreaterThanOrEqual(6);
    expect(cited.map((e) => ({ origin: e.origin, text: e.text?.trim() }))).toEqual(cited.map((e) => ({ origin: 'serverfault-930157.txt', text: pasted[e.line! - 1]?.trim() })));
  });

  it('gives the MTA fix first, then the firewall in CSF terms (csf.conf, csf.allow, csf -r), never hand-made iptables rules', () => {
    expect(report.fixes[0]?.lines.join('\n')).toMatch(/:fail:/);
    const firewall = report.fixes[1]?.lines ?? [];
    expect(firewall).toContain('# /etc/csf/csf.conf');
    expect(firewall).toContain('csf -r');
    expect(firewall.some((l) => l.startsWith('tcp|out|d=25|d='))).toBe(true);
    expect(firewall.some((l) => /^ip6?tables -[IA] /.test(l))).toBe(false);
    // TCP_OUT already lacks 25: the fix does not tell the admin to take it out
    expect(report.fixes[1]?.summary).toMatch(/TCP_OUT already lacks 25/);
    expect(firewall.some((l) => l.startsWith('TCP_OUT ='))).toBe(false);
  });
});
