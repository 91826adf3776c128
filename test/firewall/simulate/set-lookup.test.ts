// A large nft address set is looked up by hash (set-lookup.ts). That may only save work: for any
// set and packet the answer must be the element-by-element one, also when elements are written in
// another form than formatIp's (upper case, leading zeros, an uncompressed zero run), are
// prefixes, redactions or host names, or are of the other family, and when the source is unknown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr, parseRedacted } from '../../../src/firewall/address.js';
import type { AddressSpec } from '../../../src/firewall/address.js';
import type { Match } from '../../../src/firewall/model.js';
import { evaluateMatch } from '../../../src/firewall/simulate/match-eval.js';
import { MIN_HASHED_ELEMENTS } from '../../../src/firewall/simulate/set-lookup.js';
import { createView } from '../../../src/firewall/simulate/view.js';
import type { Tri } from '../../../src/firewall/tri.js';
import * as b from './build.js';

const HOSTS = ['192.0.2.1', '192.0.2.25', '198.51.100.7', '2001:db8::1', '2001:db8::25', '2001:db8:0:1::7', '2001:db8:1::25'];
const cidr = (text: string): AddressSpec => parseCidr(text)!;
/** Specs as parsers make them, and as they may be written by hand (not canonical). */
const SPECS: AddressSpec[] = [
  ...HOSTS.map(cidr), cidr('192.0.2.0/24'), cidr('2001:db8::/32'), cidr('2001:db8:1::/48'),
  { type: 'cidr', family: 6, network: '2001:DB8::25', prefix: 128 },
  { type: 'cidr', family: 6, network: '2001:db8:0:0:0:0:0:1', prefix: 128 },
  { type: 'cidr', family: 6, network: '2001:0db8::1', prefix: 128 },
  { type: 'cidr', family: 4, network: '192.0.2.025', prefix: 32 },
  { type: 'mask', family: 4, network: '192.0.2.0', mask: '255.255.0.255' },
  parseRedacted('192.0.x.x')!, { type: 'hostname', name: 'mail.example' },
];

function elementByElement(matches: Match[], view: ReturnType<typeof createView>): Tri {
  let result: Tri = 'no-match';
  for (const m of matches) {
    const t = evaluateMatch(m, view);
    if (t === 'match') return 'match';
    if (t === 'maybe') result = 'maybe';
  }
  return result;
}

describe('nft address sets looked up by hash', () => {
  it('gives the element-by-element answer on random sets and packets', () => {
    const filler = Array.from({ length: MIN_HASHED_ELEMENTS }, (_, i) => cidr(`203.0.113.${i}`));
    fc.assert(fc.property(fc.array(fc.constantFrom(...SPECS), { maxLength: 12 }), fc.constantFrom<'src' | 'dst'>('src', 'dst'), fc.boolean(), fc.constantFrom(...HOSTS), fc.option(fc.constantFrom(...HOSTS)), (specs, dir, negated, to, from) => {
      const matches: Match[] = [...filler, ...specs].map((address) => ({ kind: 'address', dir, negated: false, address }));
      const set: Match = { kind: 'any-of', negated, matches, text: '@blocked' };
      const view = createView(b.packet({ to, ...(from ? { src: from } : {}) }));
      const expected = elementByElement(matches, view);
      expect(evaluateMatch(set, view)).toBe(negated ? ({ match: 'no-match', 'no-match': 'match', maybe: 'maybe' } as const)[expected] : expected);
    }), { numRuns: 3000 });
  });
});
