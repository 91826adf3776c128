// The acceptance case of issue 4: the ServerFault 930157 listing piped with the gmail.com
// zone, no Exim configuration, uid unknown.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/explain/analyse.js';
import { findDemoDir, loadDemoInputs } from '../../src/explain/demo.js';
import { findingAssumed, findingFix } from '../../src/explain/findings/wording.js';

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

  it('recognises CSF and marks its defaults as assumed', () => {
    const csf = finding('framework-csf');
    expect(csf?.code === 'framework-csf' && csf.args.tcpOutAssumed).toBe(true);
    expect(findingAssumed(csf!).join(' ')).toMatch(/TCP_OUT/);
    expect(findingFix(csf!)?.lines.join('\n')).toMatch(/csf\.allow|tcp\|out\|d=25/);
  });

  it('points every rule evidence at the line of the pasted file', () => {
    for (const f of report.findings) for (const e of f.evidence) if (e.line !== undefined && e.origin === 'serverfault-930157.txt') expect(e.text).toBeDefined();
  });

  it('gives the MTA fix first, then the firewall for both families', () => {
    expect(report.fixes[0]?.lines.join('\n')).toMatch(/:fail:/);
    expect(report.fixes[1]?.lines.some((l) => l.startsWith('ip6tables '))).toBe(true);
    expect(report.fixes[1]?.lines.some((l) => l.startsWith('iptables '))).toBe(true);
  });
});
