// atomOf finds an address's atom by comparing doubles (the top bits of each start) and BigInts
// only among starts with the same top bits: it must answer as a plain search over the BigInts,
// for IPv4, for IPv6 hosts spread over 2001:db8::/32 and for many hosts in one /64.
import { describe, expect, it } from 'vitest';
import { atomOf, buildAddressAtoms, type Interval } from '../../../src/firewall/symbolic/atoms.js';

function lastStartAtOrBelow(starts: readonly bigint[], value: bigint): number {
  let found = 0;
  for (let i = 0; i < starts.length; i++) if (starts[i]! <= value) found = i;
  return found;
}

let seed = 7;
const random32 = (): bigint => BigInt((seed = (seed * 1103515245 + 12345) % 2 ** 31) * 2 + (seed & 1));

describe('atomOf', () => {
  const shapes: [string, 4 | 6, () => bigint][] = [
    ['IPv4', 4, () => random32() & 0xffffffffn],
    ['IPv6 hosts in 2001:db8::/32', 6, () => (0x20010db8n << 96n) | (random32() << 64n) | (random32() << 32n) | random32()],
    ['IPv6 hosts in one /64 (more than 64 starts share their top bits)', 6, () => (0x20010db800000001n << 64n) | ((random32() >> 8n) & 0xffffn)],
  ];
  for (const [name, family, value] of shapes) {
    it(`${name}: the atom a plain search finds`, () => {
      const intervals: Interval[] = Array.from({ length: 400 }, () => {
        const lo = value();
        return { lo, hi: lo + (random32() % 3n) };
      });
      const atoms = buildAddressAtoms(family, intervals);
      expect(atoms.starts.length).toBeGreaterThan(200);
      const probes = [0n, atoms.top, ...atoms.starts, ...atoms.starts.map((s) => s - 1n).filter((s) => s >= 0n), ...intervals.map((i) => i.hi), ...Array.from({ length: 300 }, value)];
      for (const v of probes) expect(atomOf(atoms, v)).toBe(lastStartAtOrBelow(atoms.starts, v));
    });
  }
});
