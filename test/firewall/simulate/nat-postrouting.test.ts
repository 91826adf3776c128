// SNAT and MASQUERADE in nat POSTROUTING rewrite the source after every filtering hook, and the
// nat table cannot drop or reject: whether they match never decides the verdict, so an unknown
// out-interface on them is never something the answer depends on (issue 13, point 6).
import { describe, expect, it } from 'vitest';
import type { Target } from '../../../src/firewall/model.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import * as b from './build.js';

const MASQUERADE: Target = { kind: 'nat', action: 'MASQUERADE', text: '' };
const snat: Target = { kind: 'nat', action: 'SNAT', toAddress: b.cidr('198.51.100.7'), text: 'to:198.51.100.7' };
const postrouting = { POSTROUTING: { rules: [[[b.src('172.17.0.0/16'), b.oif('eth0')], MASQUERADE], [[b.oif('eth1')], snat]] as [ReturnType<typeof b.oif>[], Target][] } };

describe('nat POSTROUTING source NAT', () => {
  it('does not make a decided packet uncertain when the out-interface is not known', () => {
    const rs = b.ruleset({ nat: postrouting, filter: { OUTPUT: { policy: 'ACCEPT', rules: [[[b.proto('tcp'), b.dport(25)], b.REJECT]] } } });
    const rejected = tracePacket(rs, b.packet({ to: '203.0.113.26', port: 25 }));
    expect(rejected.verdict).toBe('REJECT');
    const accepted = tracePacket(rs, b.packet({ to: '203.0.113.26', port: 443 }));
    expect(accepted.verdict).toBe('ACCEPT');
    expect(accepted.uncertain).toEqual([]);
    // the rules stay visible as maybe, saying that they cannot change the verdict
    const masq = accepted.path.find((s) => s.table === 'nat' && s.rule === 1);
    expect(masq?.result).toBe('maybe');
    expect(masq?.reason).toMatch(/either way the verdict is the same/);
  });

  it('is not among what an undecided answer depends on (only the nat table supplied)', () => {
    const rs = b.ruleset({ nat: { OUTPUT: { policy: 'ACCEPT' }, ...postrouting } }, { format: 'listing' });
    const r = tracePacket(rs, b.packet({ to: '203.0.113.26', port: 25 }));
    expect(r.verdict).toBe('UNKNOWN');
    expect(r.uncertain.map((u) => `${u.table} ${u.chain}`)).toEqual(['filter OUTPUT']);
  });
});
