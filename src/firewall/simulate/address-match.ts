// Address tests for the simulator. Specs are turned into bigints once (cached per spec object,
// so 10,000 traces over one ruleset parse each address once) and compared three-valued.
import type { AddressSpec, IpAddress } from '../address.js';
import { familyBits, parseIp, prefixMask } from '../address.js';
import type { Family } from '../model.js';
import type { Tri } from '../tri.js';

/** An address spec ready for comparison: `value & mask === network`. */
type CompiledSpec =
  /** exact: CIDR or a non-contiguous mask */
  | { type: 'net'; family: Family; network: bigint; mask: bigint; network4: number; mask4: number }
  /** a redaction: addresses inside the known prefix may or may not be the one meant */
  | { type: 'partial'; family: Family; network: bigint; mask: bigint }
  /** a host name or a spec we could not read: anything may match */
  | { type: 'opaque' };

const compiled = new WeakMap<AddressSpec, CompiledSpec>();

function compileSpec(spec: AddressSpec): CompiledSpec {
  switch (spec.type) {
    case 'cidr':
    case 'redacted': {
      const net = parseIp(spec.network);
      if (!net) return { type: 'opaque' };
      const mask = prefixMask(spec.family, spec.prefix);
      if (spec.type === 'redacted') return { type: 'partial', family: spec.family, network: net.value & mask, mask };
      return netSpec(spec.family, net.value & mask, mask);
    }
    case 'mask': {
      const net = parseIp(spec.network);
      const mask = parseIp(spec.mask);
      if (!net || !mask) return { type: 'opaque' };
      return netSpec(spec.family, net.value & mask.value, mask.value);
    }
    case 'hostname':
      return { type: 'opaque' };
  }
}

/** IPv4 specs also get plain numbers: comparing them is several times faster than bigints. */
function netSpec(family: Family, network: bigint, mask: bigint): CompiledSpec {
  const v4 = family === 4;
  return { type: 'net', family, network, mask, network4: v4 ? Number(network) : 0, mask4: v4 ? Number(mask) : 0 };
}

function compiledSpec(spec: AddressSpec): CompiledSpec {
  let c = compiled.get(spec);
  if (!c) {
    c = compileSpec(spec);
    compiled.set(spec, c);
  }
  return c;
}

/**
 * Is a known address inside the spec? `value4` is the IPv4 address as a number (the caller
 * converts it once per packet), or -1.
 */
export function testAddress(address: IpAddress, spec: AddressSpec, value4 = -1): Tri {
  const c = compiledSpec(spec);
  if (c.type === 'net' && value4 >= 0 && c.family === 4) return ((value4 & c.mask4) >>> 0) === c.network4 ? 'match' : 'no-match';
  if (c.type === 'opaque') return 'maybe';
  // a redaction marker shaped like IPv4 (`x.x.x.x`) in an ip6tables listing hides an IPv6 address
  if (c.family !== address.family) return c.type === 'partial' ? 'maybe' : 'no-match';
  if ((address.value & c.mask) !== c.network) return 'no-match';
  return c.type === 'net' ? 'match' : 'maybe';
}

/**
 * An unknown address of `family` (the source of a packet whose source we were not told):
 * only "anywhere" matches for certain.
 */
export function testUnknownAddress(family: Family, spec: AddressSpec): Tri {
  const c = compiledSpec(spec);
  if (c.type === 'opaque') return 'maybe';
  if (c.family !== family) return c.type === 'partial' ? 'maybe' : 'no-match';
  return c.mask === 0n && c.type === 'net' ? 'match' : 'maybe';
}

type CompiledRange = { family: Family; from: bigint; to: bigint } | undefined;
const ranges = new WeakMap<AddressSpec, CompiledRange>();

function rangeBound(spec: AddressSpec, end: 'from' | 'to'): { family: Family; value: bigint } | undefined {
  if (spec.type !== 'cidr' && spec.type !== 'mask') return undefined;
  const net = parseIp(spec.network);
  if (!net) return undefined;
  if (spec.type === 'mask' || end === 'from') return net;
  const host = (1n << BigInt(familyBits(spec.family) - spec.prefix)) - 1n;
  return { family: net.family, value: net.value | host };
}

/** Compiles an iprange `from-to` pair, cached on the `from` spec. */
function compiledRange(from: AddressSpec, to: AddressSpec): CompiledRange {
  if (ranges.has(from)) return ranges.get(from);
  const a = rangeBound(from, 'from');
  const b = rangeBound(to, 'to');
  const r = a && b && a.family === b.family ? { family: a.family, from: a.value, to: b.value } : undefined;
  ranges.set(from, r);
  return r;
}

/** iprange(8): `--src-range`/`--dst-range from-to`, inclusive. */
export function testRange(address: IpAddress | undefined, family: Family, from: AddressSpec, to: AddressSpec): Tri {
  const r = compiledRange(from, to);
  if (!r) return 'maybe';
  if (r.family !== family) return 'no-match';
  if (!address) {
    const all = (1n << BigInt(familyBits(family))) - 1n;
    return r.from === 0n && r.to === all ? 'match' : 'maybe';
  }
  return address.value >= r.from && address.value <= r.to ? 'match' : 'no-match';
}

/**
 * The prefix a destination must lie in for the spec to match (or be maybe): `family` and the
 * network with its prefix length. Undefined when the spec cannot rule out any address (a host
 * name) or its mask is not contiguous; the chain index then treats the rule as always possible.
 */
export function specPrefix(spec: AddressSpec): { family: Family; network: bigint; prefix: number } | undefined {
  const c = compiledSpec(spec);
  if (c.type === 'opaque') return undefined;
  if (spec.type === 'cidr' || spec.type === 'redacted') return { family: c.family, network: c.network, prefix: spec.prefix };
  const bits = familyBits(c.family);
  let prefix = 0;
  while (prefix < bits && ((c.mask >> BigInt(bits - 1 - prefix)) & 1n) === 1n) prefix++;
  if (prefixMask(c.family, prefix) !== c.mask) return undefined;
  return { family: c.family, network: c.network, prefix };
}
