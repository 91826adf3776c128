// ICMP and ICMPv6 type names as `--icmp-type` / `--icmpv6-type` accept them (libxt_icmp.h,
// libip6t_icmp6.c): a name stands for a type and either every code or one code.
import type { Family, Range } from '../model.js';

type IcmpName = [type: number, code?: number];

const ICMP4: Record<string, IcmpName> = {
  'echo-reply': [0], pong: [0], 'destination-unreachable': [3], 'network-unreachable': [3, 0],
  'host-unreachable': [3, 1], 'protocol-unreachable': [3, 2], 'port-unreachable': [3, 3],
  'fragmentation-needed': [3, 4], 'source-route-failed': [3, 5], 'network-unknown': [3, 6],
  'host-unknown': [3, 7], 'network-prohibited': [3, 9], 'host-prohibited': [3, 10],
  'tos-network-unreachable': [3, 11], 'tos-host-unreachable': [3, 12], 'communication-prohibited': [3, 13],
  'host-precedence-violation': [3, 14], 'precedence-cutoff': [3, 15], 'source-quench': [4], redirect: [5],
  'network-redirect': [5, 0], 'host-redirect': [5, 1], 'tos-network-redirect': [5, 2], 'tos-host-redirect': [5, 3],
  'echo-request': [8], ping: [8], 'router-advertisement': [9], 'router-solicitation': [10],
  'time-exceeded': [11], 'ttl-exceeded': [11], 'ttl-zero-during-transit': [11, 0],
  'ttl-zero-during-reassembly': [11, 1], 'parameter-problem': [12], 'ip-header-bad': [12, 0],
  'required-option-missing': [12, 1], 'timestamp-request': [13], 'timestamp-reply': [14],
  'address-mask-request': [17], 'address-mask-reply': [18],
};

const ICMP6: Record<string, IcmpName> = {
  'destination-unreachable': [1], 'no-route': [1, 0], 'communication-prohibited': [1, 1],
  'beyond-scope': [1, 2], 'address-unreachable': [1, 3], 'port-unreachable': [1, 4], 'failed-policy': [1, 5],
  'reject-route': [1, 6], 'packet-too-big': [2], 'time-exceeded': [3], 'ttl-exceeded': [3],
  'ttl-zero-during-transit': [3, 0], 'ttl-zero-during-reassembly': [3, 1], 'parameter-problem': [4],
  'bad-header': [4, 0], 'unknown-header-type': [4, 1], 'unknown-option': [4, 2], 'echo-request': [128],
  ping: [128], 'echo-reply': [129], pong: [129], 'mld-listener-query': [130], 'mld-listener-report': [131],
  'mld-listener-done': [132], 'mld-listener-reduction': [132], 'router-solicitation': [133],
  'router-advertisement': [134], 'neighbour-solicitation': [135], 'neighbor-solicitation': [135],
  'neighbour-advertisement': [136], 'neighbor-advertisement': [136], redirect: [137],
};

export interface IcmpType {
  type: number | 'any';
  codes?: Range;
}

/** `echo-request`, `8`, `3/4`, `any` (iptables-extensions(8) icmp, icmp6). */
export function parseIcmpType(text: string, family: Family): IcmpType | undefined {
  const t = text.toLowerCase();
  if (t === 'any') return { type: 'any' };
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(t);
  if (m) {
    const type = Number(m[1]);
    if (type > 255) return undefined;
    if (m[2] === undefined) return { type };
    const code = Number(m[2]);
    return code > 255 ? undefined : { type, codes: { from: code, to: code } };
  }
  const named = (family === 4 ? ICMP4 : ICMP6)[t];
  if (!named) return undefined;
  const [type, code] = named;
  return code === undefined ? { type } : { type, codes: { from: code, to: code } };
}
