// When DNS does not answer, the report says so once and claims nothing DNS did not say:
// no "mail hosts have IPv6 addresses", one suspect for the unknown addresses of both families,
// and the MX lookup named once per line.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import type { CollectedInputs } from '../../../src/input/collected.js';
// the CLI's live DNS (the core asks DNS only through the factory it is given)
import { liveDns } from '../../../src/mail/dns/live-resolver.js';
import { describeSuspect } from '../../../src/analyses/explain/suspect-text.js';

const inputs: CollectedInputs = {
  mode: 'files',
  problems: [],
  // UDP port 9 on loopback: nobody answers (refused at once)
  dnsServer: '127.0.0.1:9',
  sections: [{ kind: 'iptables-save', family: 4, origin: 'rules.save', firstLine: 1, text: '*filter\n:OUTPUT DROP [0:0]\nCOMMIT\n', detectedBy: '--iptables' }],
};

describe('DNS unknown', () => {
  it('is said once and nothing is claimed about the addresses', async () => {
    const report = await analyse(inputs, 'example.test', { liveDns });
    expect(report.verdict).toBe('uncertain');
    const addressSuspects = report.suspects.filter((s) => s.cause.code === 'addresses-unknown' && s.cause.host === 'example.test');
    expect(addressSuspects).toHaveLength(1);
    expect(addressSuspects[0]!.attempts.sort()).toEqual(report.attempts.map((a) => a.order).sort());
    for (const line of [...report.plan.uncertain, ...report.suspects.map(describeSuspect)]) expect(line).not.toMatch(/MX lookup for example.test: MX lookup/);
    expect(new Set(report.plan.uncertain).size).toBe(report.plan.uncertain.length);
    expect(report.plan.uncertain.filter((u) => /MX lookup for example.test/.test(u))).toHaveLength(1);
    const v6 = report.findings.find((f) => f.code === 'ipv6-unknown');
    // DNS did not say: the finding must not claim the addresses exist
    expect(v6?.code === 'ipv6-unknown' && v6.args.addressesKnown).toBe(false);
    expect(report.answer).not.toMatch(/tries IPv6 first/);
  }, 30_000);
});
