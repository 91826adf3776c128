// Address and interface tokens of the fixed `-L` columns (listing §2.4.6–2.4.7): `0.0.0.0/0`,
// `::/0`, `anywhere`, CIDR or dotted masks, host names without -n (`lan.example.net/24`), and
// the redactions people make before pasting (`192.x.x.x`).
import { parseCidr, parseRedacted, type AddressSpec } from '../address.js';
import type { Family } from '../model.js';

export type AddressToken =
  /** matches every address: `anywhere`, `0.0.0.0/0`, `::/0`, `0/0` */
  | { kind: 'any'; negated: boolean; family?: Family }
  | { kind: 'spec'; negated: boolean; spec: AddressSpec };

/** Words that start extension text and therefore cannot be a host name in an address column. */
const NOT_HOSTNAMES = new Set([
  'tcp', 'udp', 'sctp', 'dccp', 'icmp', 'multiport', 'state', 'ctstate', 'owner', 'limit:', 'recent:', 'match-set',
  'mark', 'connmark', 'ADDRTYPE', 'source', 'destination', 'MAC', 'PHYSDEV', 'length', 'STRING', '#conn', 'PKTTYPE',
  'tcpmss', 'u32', 'policy', 'socket', 'cgroup', 'reject-with', 'LOG', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TCPMSS',
  'redir', 'masq', 'random', 'random-fully', 'persistent', '[goto]', '/*', '!', 'udplite', 'ipv6-icmp', 'HL',
]);

/**
 * Reads an address column token. `namesPossible` is false when the listing is known to be
 * numeric (-n): then only addresses and redactions count.
 */
export function parseAddressToken(token: string, namesPossible: boolean): AddressToken | undefined {
  const negated = token.startsWith('!') && token.length > 1;
  const text = negated ? token.slice(1) : token;
  if (text === 'anywhere' || text === '0/0') return { kind: 'any', negated };
  const cidr = parseCidr(text);
  if (cidr) {
    if (cidr.type === 'cidr' && cidr.prefix === 0) return { kind: 'any', negated, family: cidr.family };
    return { kind: 'spec', negated, spec: cidr };
  }
  const redacted = parseRedacted(text);
  if (redacted) return { kind: 'spec', negated, spec: redacted };
  if (!namesPossible || NOT_HOSTNAMES.has(text) || text.includes(':')) return undefined;
  const host = /^([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:\/(\d{1,3}|[\d.]+))?$/.exec(text);
  if (!host || host[1] === undefined || /^\d+$/.test(host[1])) return undefined;
  const prefix = host[2];
  if (prefix === undefined) return { kind: 'spec', negated, spec: { type: 'hostname', name: host[1] } };
  if (/^\d+$/.test(prefix)) return { kind: 'spec', negated, spec: { type: 'hostname', name: host[1], prefix: Number(prefix) } };
  // a non-contiguous mask on a name: keep it in the name, it is opaque either way
  return { kind: 'spec', negated, spec: { type: 'hostname', name: text } };
}

/** The family an address token proves, if any. */
export function addressTokenFamily(token: AddressToken): Family | undefined {
  if (token.kind === 'any') return token.family;
  switch (token.spec.type) {
    case 'cidr':
    case 'mask':
    case 'redacted':
      return token.spec.family;
    case 'hostname':
      return undefined;
  }
}

/** Interface column: `*` (with -n) and `any` (without) mean no interface condition. */
export function parseInterfaceToken(token: string): { negated: boolean; name: string } | undefined {
  if (token === '*' || token === 'any') return undefined;
  const negated = token.startsWith('!') && token.length > 1;
  return { negated, name: negated ? token.slice(1) : token };
}
