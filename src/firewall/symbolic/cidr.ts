// An inclusive address range as the fewest CIDR blocks that cover it exactly.
import { familyBits, formatIp } from '../address.js';
import type { Family } from '../model.js';

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

export function rangeToCidrs(family: Family, from: bigint, to: bigint): string[] {
  const bits = familyBits(family);
  const out: string[] = [];
  let start = from;
  while (start <= to) {
    // the largest block aligned at `start` (its trailing zero bits) that does not pass `to`
    const aligned = start === 0n ? bits : bitLength(start & -start) - 1;
    const fits = bitLength(to - start + 1n) - 1;
    const size = Math.min(aligned, fits);
    out.push(`${formatIp({ family, value: start })}/${bits - size}`);
    start += 1n << BigInt(size);
  }
  return out;
}
