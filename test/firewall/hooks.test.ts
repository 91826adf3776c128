// The netfilter model: base chains per hook in the kernel's priority order, for one ruleset
// and for iptables-legacy and iptables-nft tables side by side.
import { describe, expect, it } from 'vitest';
import { baseChainsAlong, buildNetfilterModel, hookPath, type NetfilterModel } from '../../src/firewall/hooks.js';
import { parseIp } from '../../src/firewall/address.js';
import { traceInModel } from '../../src/firewall/simulate/trace.js';
import { computeModelEgress } from '../../src/firewall/symbolic/index.js';
import * as b from './simulate/build.js';

function order(model: NetfilterModel, hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting'): string[] {
  return model.hooks.find((h) => h.hook === hook)!.chains.map((c) => `${c.backend ?? '?'}:${c.table}@${c.priority}`);
}

describe('netfilter model', () => {
  const single = buildNetfilterModel([b.ruleset({ filter: { OUTPUT: {} } })]);

  it('orders each hook\'s iptables tables by their standard priorities', () => {
    expect(order(single, 'output')).toEqual(['?:raw@-300', '?:mangle@-150', '?:nat@-100', '?:filter@0', '?:security@50']);
    expect(order(single, 'prerouting')).toEqual(['?:raw@-300', '?:mangle@-150', '?:nat@-100']);
    expect(order(single, 'forward')).toEqual(['?:mangle@-150', '?:filter@0', '?:security@50']);
    expect(order(single, 'postrouting')).toEqual(['?:mangle@-150', '?:nat@100']);
    expect(order(single, 'input')).toEqual(['?:mangle@-150', '?:filter@0', '?:security@50', '?:nat@100']);
  });

  it('derives the path from the packet\'s origin', () => {
    expect(hookPath({ kind: 'local' })).toEqual(['output', 'postrouting']);
    expect(hookPath({ kind: 'forwarded', iif: 'docker0' })).toEqual(['prerouting', 'forward', 'postrouting']);
    expect(baseChainsAlong(single, hookPath({ kind: 'local' })).map((c) => `${c.table} ${c.chain}`)).toEqual([
      'raw OUTPUT', 'mangle OUTPUT', 'nat OUTPUT', 'filter OUTPUT', 'security OUTPUT', 'mangle POSTROUTING', 'nat POSTROUTING',
    ]);
  });

  it('keeps both backends\' base chains at one hook, interleaved by priority', () => {
    const legacy = { ...b.ruleset({ filter: { OUTPUT: {} } }), tool: 'iptables-legacy-save v1.8.9' };
    const nft = { ...b.ruleset({ mangle: { OUTPUT: {} }, filter: { OUTPUT: {} } }), tool: 'iptables-nft-save v1.8.9' };
    const both = buildNetfilterModel([legacy, nft]);
    expect(order(both, 'output')).toEqual([
      'legacy:raw@-300', 'nft:raw@-300', 'legacy:mangle@-150', 'nft:mangle@-150', 'legacy:nat@-100', 'nft:nat@-100',
      'legacy:filter@0', 'nft:filter@0', 'legacy:security@50', 'nft:security@50',
    ]);
  });
});

describe('iptables-legacy and iptables-nft tables together', () => {
  const smtpDrop = (tool: string) => ({ ...b.ruleset({ filter: { OUTPUT: { rules: [[[b.proto('tcp'), b.dport(25)], b.DROP]] } } }), tool });
  const smtpAccept = (tool: string) => ({ ...b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.proto('tcp'), b.dport(25)], b.ACCEPT]] } } }), tool });
  const syn = b.packet({ to: '192.0.2.25', port: 25 });

  it('a DROP in either is final, whichever accepts (the kernel check in postfix-nftables.md §2.3)', () => {
    // the legacy table is named as such: both backends have a filter OUTPUT
    for (const [rulesets, backend] of [[[smtpDrop('iptables-legacy-save'), smtpAccept('iptables-nft-save')], { backend: 'legacy' }], [[smtpAccept('iptables-legacy-save'), smtpDrop('iptables-nft-save')], {}]] as const) {
      const r = traceInModel(buildNetfilterModel(rulesets), syn);
      expect(r.verdict).toBe('DROP');
      expect(r.decidedBy).toEqual({ table: 'filter', chain: 'OUTPUT', rule: 1, ...backend });
    }
  });

  it('an ACCEPT ends only its own base chain: the packet leaves when both accept', () => {
    const r = traceInModel(buildNetfilterModel([smtpAccept('iptables-legacy-save'), smtpAccept('iptables-nft-save')]), syn);
    expect(r.verdict).toBe('ACCEPT');
    expect(r.path.filter((s) => s.table === 'filter' && s.result === 'match').length).toBe(2);
    expect(traceInModel(buildNetfilterModel([smtpAccept('iptables-legacy-save'), smtpAccept('iptables-nft-save')]), b.packet({ to: '192.0.2.25', port: 80 })).verdict).toBe('DROP');
  });
});

describe('the egress map of both backends together', () => {
  it('gives each destination the verdict the simulator gives it', () => {
    const legacy = { ...b.ruleset({ filter: { OUTPUT: { rules: [[[b.proto('tcp'), b.dport(25), b.dst('203.0.113.0/24', true)], b.DROP]] } } }), tool: 'iptables-legacy-save v1.8.9' };
    const nft = { ...b.ruleset({ filter: { OUTPUT: { policy: 'DROP', rules: [[[b.proto('tcp'), b.dport(25)], b.ACCEPT], [[b.dst('192.0.2.0/24')], b.ACCEPT]] } } }), tool: 'iptables-nft-save v1.8.9' };
    const model = buildNetfilterModel([legacy, nft]);
    const map = computeModelEgress(model, { family: 4, ports: [25, 587].map((p) => ({ from: p, to: p })) });
    for (const [to, port] of [['203.0.113.9', 25], ['198.51.100.9', 25], ['192.0.2.9', 587], ['198.51.100.9', 587]] as const) {
      const a = parseIp(to)!.value;
      const row = map.rows.find((r) => r.addresses.from.value <= a && a <= r.addresses.to.value && r.ports.some((p) => p.from <= port && port <= p.to))!;
      const trace = traceInModel(model, b.packet({ to, port }));
      expect([to, port, row.verdict, row.decidedBy]).toEqual([to, port, trace.verdict, trace.decidedBy]);
    }
    expect(traceInModel(model, b.packet({ to: '198.51.100.9', port: 25 })).verdict).toBe('DROP');
    expect(traceInModel(model, b.packet({ to: '203.0.113.9', port: 25 })).verdict).toBe('ACCEPT');
  });
});
