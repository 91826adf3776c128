// What one table alone leaves unchecked is said without contradiction: a nat listing alone does
// not claim "nat OUTPUT was not checked", it says the filter table was not (issue 13, point 6).
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analyses/explain/analyse.js';
import { describeSuspect } from '../../../src/analyses/explain/suspect-text.js';
import type { CollectedInputs } from '../../../src/input/collected.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixture-inputs.js';

const GMAIL = readFileSync(join(FIXTURES, 'demo', 'gmail.com.zone'), 'utf8');

const NAT_ONLY = `Chain PREROUTING (policy ACCEPT 10 packets, 600 bytes)
num   pkts bytes target     prot opt in     out     source               destination

Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination

Chain OUTPUT (policy ACCEPT 5 packets, 300 bytes)
num   pkts bytes target     prot opt in     out     source               destination

Chain POSTROUTING (policy ACCEPT 5 packets, 300 bytes)
num   pkts bytes target     prot opt in     out     source               destination
1       20  1200 MASQUERADE  all  --  *      eth0    172.17.0.0/16        0.0.0.0/0
`;
const FILTER_ONLY = `Chain OUTPUT (policy DROP 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination
1        0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            198.51.100.25        tcp dpt:25
`;

async function notes(text: string, command: string) {
  const inputs: CollectedInputs = { sections: [{ kind: 'iptables-listing', family: 4, origin: 'paste', firstLine: 1, text, detectedBy: 'test', command }, { kind: 'dns-records', origin: 'gmail.com.zone', firstLine: 1, text: GMAIL, detectedBy: 'test' }], problems: [], mode: 'files' };
  const report = await analyse(inputs, 'gmail.com');
  const f = report.findings.find((x) => x.code === 'input-incomplete');
  return { report, notes: f?.evidence.map((e) => e.note ?? '') ?? [], commands: f?.code === 'input-incomplete' ? f.args.commands : [] };
}

describe('input-incomplete: one table only', () => {
  it('a nat listing alone: the filter table was not checked, and the command that lists it is offered', async () => {
    const { report, notes: n, commands } = await notes(NAT_ONLY, 'iptables -t nat -L -n -v --line-numbers');
    expect(n).toContain('only the nat table was supplied: the filter table (OUTPUT\'s rules and policy) and raw/mangle were not checked');
    expect(n.join(' ')).not.toMatch(/nat OUTPUT/);
    expect(commands).toContain('iptables -L -n -v --line-numbers');
    expect(commands).not.toContain('iptables -t nat -L -n -v --line-numbers');
    // MASQUERADE in POSTROUTING is never something the answer depends on; the filter table is
    expect(report.suspects.map((s) => s.cause.code)).toContain('filter-table-missing');
    expect(report.suspects.some((s) => /POSTROUTING|MASQUERADE|eth0/.test(describeSuspect(s)) || s.where?.chain === 'POSTROUTING')).toBe(false);
  });

  it('a filter listing alone: nat OUTPUT and raw/mangle were not checked', async () => {
    const { notes: n, commands } = await notes(FILTER_ONLY, 'iptables -L -n -v --line-numbers');
    expect(n).toContain('only the filter table was supplied: nat OUTPUT (REDIRECT/DNAT) and raw/mangle were not checked');
    expect(commands).toContain('iptables -t nat -L -n -v --line-numbers');
  });
});
