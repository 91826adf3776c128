// IP addresses and address specifications as they appear in rules. Values are kept as
// canonical text in the model (serialisable) and turned into bigints for comparison.
import { isCanonicalIpv6 } from './address-canonical.js';
import type { Tri } from './tri.js';

/** An address family: IPv4 or IPv6 (the model re-exports it). */
export type Family = 4 | 6;

export interface IpAddress {
  family: Family;
  value: bigint;
}

export type AddressSpec =
  /** network/prefix, e.g. 192.0.2.0/24, 2001:db8::/32; 0.0.0.0/0 is "anywhere" */
  | { type: 'cidr'; family: Family; network: string; prefix: number }
  /** a non-contiguous mask as iptables prints it: 10.1.0.0/255.255.0.255 */
  | { type: 'mask'; family: Family; network: string; mask: string }
  /** a redacted address (`192.x.x.x`): the known leading part is a prefix, the rest is unknown */
  | { type: 'redacted'; family: Family; network: string; prefix: number; text: string }
  /** a host name printed without -n; its addresses are not known */
  | { type: 'hostname'; name: string; prefix?: number };

const V4_BITS = 32;
const V6_BITS = 128;

export function familyBits(family: Family): number {
  return family === 4 ? V4_BITS : V6_BITS;
}

export function parseIpv4(text: string): bigint | undefined {
  const value = parseIpv4Number(text);
  return value === undefined ? undefined : BigInt(value);
}

/** parseIpv4 as a plain number (0 … 2³²−1). */
export function parseIpv4Number(text: string): number | undefined {
  // a hot path when parsing big rulesets: one pass over the characters, numbers not BigInts
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255 || ++dots > 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return undefined;
  return value * 256 + part;
}

export function parseIpv6(text: string): bigint | undefined {
  // one pass over the characters (a hot path: 100,000s of IPv6 rules or set elements); an
  // embedded IPv4 tail (::ffff:192.0.2.1) takes the general path
  const groups: number[] = [];
  let gapAt = -1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return undefined;
    gapAt = 0;
    i = 2;
  }
  while (i < n) {
    let value = 0;
    let digits = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) break;
      value = value * 16 + d;
      digits++;
    }
    if (i < n && text.charCodeAt(i) === 46) return parseIpv6WithIpv4Tail(text);
    if (digits === 0 || digits > 4 || groups.length === 8) return undefined;
    groups.push(value);
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return undefined;
    if (text.charCodeAt(i + 1) === 58) {
      if (gapAt >= 0) return undefined;
      gapAt = groups.length;
      i += 2;
    } else {
      i += 1;
      if (i === n) return undefined;
    }
  }
  if (gapAt < 0 ? groups.length !== 8 : groups.length > 7) return undefined;
  if (gapAt >= 0) groups.splice(gapAt, 0, ...new Array<number>(8 - groups.length).fill(0));
  // four 32-bit words: a quarter of the BigInt operations of one per group
  const word = (k: number): bigint => BigInt(groups[k]! * 65536 + groups[k + 1]!);
  return (word(0) << 96n) | (word(2) << 64n) | (word(4) << 32n) | word(6);
}

/** `::ffff:192.0.2.1`, `64:ff9b::198.51.100.7`: the IPv4 tail becomes two hex groups. */
function parseIpv6WithIpv4Tail(text: string): bigint | undefined {
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  const v4 = parseIpv4Number(text.slice(lastColon + 1));
  if (v4 === undefined) return undefined;
  const body = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  return body.includes('.') ? undefined : parseIpv6(body);
}

export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** 4 or 6 for an IP address in text, else 0 — like node:net's isIP, whose first call costs ~15 ms at start-up. */
export function ipFamily(text: string): 0 | 4 | 6 {
  return parseIp(text)?.family ?? 0;
}

/** 127.0.0.0/8 or ::1: the host itself (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3). */
export function isLoopback(address: IpAddress): boolean {
  return address.family === 4 ? address.value >> 24n === 127n : address.value === 1n;
}

export function formatIp(address: IpAddress): string {
  if (address.family === 4) {
    const v = Number(address.value);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  return formatIpv6(address.value);
}

/** Where each group's text starts in the padded hex (4 for a zero group); reused by formatIpv6 (one call at a time). */
const groupStart = new Int8Array(8);

/**
 * An IPv6 value as RFC 5952 prints it (groups without leading zeros, the first longest run of two
 * or more zero groups as `::`), from one BigInt → hex conversion and without building the list of
 * groups: an egress map prints 100,000s of addresses.
 */
export function formatIpv6(value: bigint): string {
  const hex = value.toString(16);
  const pad = 32 - hex.length;
  let best = -1;
  let bestLen = 0;
  let run = 0;
  for (let g = 0; g < 8; g++) {
    let k = 0;
    while (k < 4 && (g * 4 + k < pad || hex.charCodeAt(g * 4 + k - pad) === 48)) k++;
    groupStart[g] = k;
    if (k < 4) run = 0;
    else if (++run > bestLen && run > 1) {
      bestLen = run;
      best = g - run + 1;
    }
  }
  let out = '';
  for (let g = 0; g < 8; g++) {
    if (g === best) {
      out += '::';
      g += bestLen - 1;
      continue;
    }
    if (out.length > 0 && g !== best + bestLen) out += ':';
    const k = groupStart[g]!;
    out += k === 4 ? '0' : hex.slice(g * 4 + k - pad, g * 4 + 4 - pad);
  }
  return out;
}

/** Mask with the top `prefix` bits set. */
export function prefixMask(family: Family, prefix: number): bigint {
  if (prefix <= 0) return 0n;
  // remembered per family and length: rules compile their masks 100,000s of times
  const table = family === 4 ? V4_MASKS : V6_MASKS;
  let mask = table[prefix];
  if (mask === undefined) {
    const bits = BigInt(familyBits(family));
    mask = ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
    if (prefix <= familyBits(family) && Number.isInteger(prefix)) table[prefix] = mask;
  }
  return mask;
}

const V4_MASKS: bigint[] = [];
const V6_MASKS: bigint[] = [];

/** Length of a contiguous mask, or undefined when the mask has holes. */
export function maskLength(family: Family, mask: bigint): number | undefined {
  for (let p = 0; p <= familyBits(family); p++) if (prefixMask(family, p) === mask) return p;
  return undefined;
}

/**
 * Parses `addr`, `addr/len` or `addr/mask` (iptables -n and save text). Returns undefined for
 * anything else (host names, redactions): the caller decides what those mean.
 */
export function parseCidr(text: string): AddressSpec | undefined {
  const [addrText = '', maskText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  // IPv4 with a prefix length (every rule of a deny list): 32-bit numbers, no BigInt
  const v4 = parseIpv4Number(addrText);
  if (v4 !== undefined && (maskText === undefined || /^\d{1,3}$/.test(maskText))) {
    const prefix = maskText === undefined ? V4_BITS : Number(maskText);
    if (prefix > V4_BITS) return undefined;
    const network = prefix === 0 ? 0 : (v4 & (0xffffffff << (V4_BITS - prefix))) >>> 0;
    return { type: 'cidr', family: 4, network: `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}`, prefix };
  }
  // an IPv6 host as formatIp prints it (nft lists set elements so): kept as written, not parsed and printed again
  if ((maskText === undefined || maskText === '128') && isCanonicalIpv6(addrText)) return { type: 'cidr', family: 6, network: addrText, prefix: 128 };
  const ip = parseIp(addrText);
  if (!ip) return undefined;
  const bits = familyBits(ip.family);
  if (maskText === undefined) return { type: 'cidr', family: ip.family, network: formatIp(ip), prefix: bits };
  if (/^\d{1,3}$/.test(maskText)) {
    const prefix = Number(maskText);
    if (prefix > bits) return undefined;
    const network = ip.value & prefixMask(ip.family, prefix);
    return { type: 'cidr', family: ip.family, network: formatIp({ family: ip.family, value: network }), prefix };
  }
  const mask = parseIp(maskText);
  if (!mask || mask.family !== ip.family) return undefined;
  const len = maskLength(ip.family, mask.value);
  const network = formatIp({ family: ip.family, value: ip.value & mask.value });
  if (len !== undefined) return { type: 'cidr', family: ip.family, network, prefix: len };
  return { type: 'mask', family: ip.family, network, mask: formatIp(mask) };
}

/**
 * A redacted IPv4 address such as `192.x.x.x`, `23.x.x.x/24` or `10.0.x.x`: the numeric
 * leading octets form a prefix; the host part is unknown.
 */
export function parseRedacted(text: string): AddressSpec | undefined {
  const [addrText = '', _mask] = text.split('/');
  const parts = addrText.split('.');
  if (parts.length !== 4 || !parts.some((p) => /^[xX*]+$/.test(p))) return undefined;
  let known = 0;
  for (const p of parts) {
    if (/^\d{1,3}$/.test(p) && Number(p) <= 255 && known === parts.indexOf(p, known)) known++;
    else break;
  }
  if (!parts.slice(known).every((p) => /^([xX*]+|\d{1,3})$/.test(p))) return undefined;
  const octets = parts.slice(0, known).map(Number);
  while (octets.length < 4) octets.push(0);
  return { type: 'redacted', family: 4, network: octets.join('.'), prefix: known * 8, text };
}

export function isAnywhere(spec: AddressSpec): boolean {
  return spec.type === 'cidr' && spec.prefix === 0;
}

/** Three-valued: does the address fall inside the spec? */
export function addressIn(address: IpAddress, spec: AddressSpec): Tri {
  switch (spec.type) {
    case 'cidr': {
      if (spec.family !== address.family) return 'no-match';
      const net = parseIp(spec.network);
      if (!net) return 'maybe';
      const m = prefixMask(spec.family, spec.prefix);
      return (address.value & m) === (net.value & m) ? 'match' : 'no-match';
    }
    case 'mask': {
      if (spec.family !== address.family) return 'no-match';
      const net = parseIp(spec.network);
      const mask = parseIp(spec.mask);
      if (!net || !mask) return 'maybe';
      return (address.value & mask.value) === (net.value & mask.value) ? 'match' : 'no-match';
    }
    case 'redacted': {
      if (spec.family !== address.family) return 'no-match';
      const net = parseIp(spec.network);
      if (!net) return 'maybe';
      const m = prefixMask(spec.family, spec.prefix);
      return (address.value & m) === (net.value & m) ? 'maybe' : 'no-match';
    }
    case 'hostname':
      return 'maybe';
  }
}

export function formatAddressSpec(spec: AddressSpec): string {
  switch (spec.type) {
    case 'cidr':
      return spec.prefix === familyBits(spec.family) ? spec.network : `${spec.network}/${spec.prefix}`;
    case 'mask':
      return `${spec.network}/${spec.mask}`;
    case 'redacted':
      return spec.text;
    case 'hostname':
      return spec.prefix === undefined ? spec.name : `${spec.name}/${spec.prefix}`;
  }
}
