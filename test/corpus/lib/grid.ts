// The probe grid for a corpus pair: OUTPUT SYNs to addresses the ruleset itself names (the
// interesting ones) plus documentation addresses, on the mail ports and a few others, from
// root and from an ordinary uid, out of an interface the ruleset names.
import { formatIp, parseIp, type IpAddress } from '../../../src/firewall/address.js';
import type { Family } from '../../../src/firewall/model.js';
import type { Packet } from '../../../src/firewall/simulate/types.js';

const PORTS = [25, 465, 587, 80, 443, 53];
const DOC: Record<Family, string[]> = {
  4: ['192.0.2.1', '192.0.2.25', '192.0.2.200', '198.51.100.7', '203.0.113.9', '203.0.113.77'],
  6: ['2001:db8:1::1', '2001:db8:1::25', '2001:db8:1:8000::c8', '2001:db8:2::7', '2001:db8:3::9', '2001:db8:3::4d'],
};
const DOC_SRC: Record<Family, string> = { 4: '198.51.100.254', 6: '2001:db8:ffff::254' };
const MAX_ADDRESSES = 24;

/** Addresses written in the text (and the first host of each network), evenly sampled. */
export function addressesIn(text: string, family: Family): IpAddress[] {
  const pattern = family === 4 ? /\b\d{1,3}(?:\.\d{1,3}){3}\b/g : /(?<![\w:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:])/g;
  const seen = new Map<string, IpAddress>();
  for (const m of text.matchAll(pattern)) {
    const ip = parseIp(m[0]);
    if (!ip || ip.family !== family || ip.value === 0n) continue;
    for (const value of [ip.value, ip.value + 1n]) {
      const a = { family, value };
      seen.set(formatIp(a), a);
    }
  }
  const all = [...seen.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  if (all.length <= MAX_ADDRESSES) return all;
  const step = all.length / MAX_ADDRESSES;
  return Array.from({ length: MAX_ADDRESSES }, (_, i) => all[Math.floor(i * step)]!);
}

export function buildGrid(saveText: string, family: Family): Packet[] {
  const dsts = [...addressesIn(saveText, family), ...DOC[family].map((a) => parseIp(a)!)];
  const oifs = [...new Set([...saveText.matchAll(/-o (\w[\w.]*)(?=\s)/g)].map((m) => m[1]!))].slice(0, 3);
  if (oifs.length === 0) oifs.push('eth0');
  const uids = [0, 1000, ...[...saveText.matchAll(/--uid-owner (\d+)/g)].map((m) => Number(m[1]))].filter((u, i, a) => a.indexOf(u) === i).slice(0, 3);
  const src = parseIp(DOC_SRC[family])!;
  const packets: Packet[] = [];
  let turn = 0;
  for (const dst of dsts) {
    for (const dport of PORTS) {
      for (const uid of uids) {
        packets.push({
          family, protocol: 6, dst, dport, src, sport: { from: 40000, to: 40000 }, state: 'NEW',
          uid, gid: uid, oif: oifs[turn++ % oifs.length]!,
        });
      }
    }
  }
  return packets;
}
