// Makes a parsed ruleset less certain, the ways real inputs are: a listing without -v
// (interfaces unknown), redacted or host-name destinations, modules and targets we do not
// understand, chains whose rules were not supplied or were cut off, a policy not shown. The
// egress map must then say UNKNOWN exactly where tracePacket does.
import type { AddressSpec } from '../../../src/firewall/address.js';
import type { Match, Ruleset, Target } from '../../../src/firewall/model.js';
import type { Rng } from '../../kernel/lib/random.js';

function uncertainMatch(rng: Rng, family: 4 | 6): Match {
  const redacted: AddressSpec = family === 4
    ? { type: 'redacted', family: 4, network: rng.pick(['192.0.2.0', '198.0.0.0', '203.0.113.0']), prefix: rng.pick([8, 24]), text: '192.x.x.x' }
    : { type: 'hostname', name: 'mx.example' };
  return rng.pick<Match>([
    { kind: 'interface-unknown' },
    { kind: 'address', dir: 'dst', negated: rng.chance(0.3), address: redacted },
    { kind: 'address', dir: 'dst', negated: false, address: { type: 'hostname', name: 'smtp.example' } },
    { kind: 'unknown', module: 'geoip', text: '-m geoip --dst-cc XX' },
    { kind: 'stateful', module: 'limit', text: 'limit: avg 30/min', reason: 'depends on the rate' },
    { kind: 'address', dir: 'dst', negated: rng.chance(0.5), address: { type: 'mask', family, network: family === 4 ? '192.0.2.0' : '2001:db8::', mask: family === 4 ? '255.255.0.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:f0ff' } },
  ]);
}

export function mutateRuleset(rng: Rng, ruleset: Ruleset, family: 4 | 6): Ruleset {
  const copy: Ruleset = structuredClone(ruleset);
  for (const table of copy.tables) {
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        if (rng.chance(0.15)) rule.matches.push(uncertainMatch(rng, family));
        if (rng.chance(0.03)) rule.target = { kind: 'unknown', name: 'XTARGET', text: '-j XTARGET' } satisfies Target;
      }
      if (!chain.builtin && rng.chance(0.06)) chain.bodyKnown = false;
      if (rng.chance(0.04)) chain.truncated = true;
      if (chain.builtin && chain.name === 'OUTPUT' && table.name === 'filter' && rng.chance(0.05)) delete chain.policy;
    }
  }
  return copy;
}
