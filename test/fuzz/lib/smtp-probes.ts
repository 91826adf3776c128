// The questions mailleak asks of a ruleset, as packets: a mail server opening an SMTP
// connection (tcp NEW to 25, 465 or 587) to addresses the ruleset names and to a few
// documentation addresses, once with the sender's uid unknown and once as the MTA's uid.
import { parseIp } from '../../../src/firewall/address.js';
import type { Family, Ruleset } from '../../../src/firewall/model.js';
import { tracePacket } from '../../../src/firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type Packet, type Verdict } from '../../../src/firewall/simulate/types.js';

const DOC_V4 = ['192.0.2.25', '203.0.113.7'];
const DOC_V6 = ['2001:db8::25', '2001:db8:1::7'];
const SMTP_PORTS = [25, 465, 587];
/** Debian's Debian-exim uid on a typical install: a fixed uid the owner match can decide on */
export const MTA_UID = 101;

/** Which family the listing is for, when its parser could not tell. */
function guessFamily(r: Ruleset, text: string): Family {
  return r.family ?? (/ip6tables|::\/0|\b[0-9a-f]{1,4}::/i.test(text) ? 6 : 4);
}

/** Up to `max` distinct host addresses written in the text (prefixes dropped: the network address is inside). */
function addressesIn(text: string, family: Family, max: number): string[] {
  const pattern = family === 6 ? /(?<![0-9a-f:])(?:[0-9a-f]{1,4}:){1,7}:?[0-9a-f]{0,4}(?![0-9a-f:])/gi : /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
  const found = new Set<string>();
  for (const m of text.matchAll(pattern)) {
    if (m[0] === '0.0.0.0' || m[0] === '::') continue;
    if (parseIp(m[0])?.family === family) found.add(m[0]);
    if (found.size >= max) break;
  }
  return [...found];
}

/** SMTP probes for one ruleset: (ruleset addresses + documentation addresses) × ports × {no uid, MTA uid}. */
export function smtpProbes(r: Ruleset, text: string): Packet[] {
  const family = guessFamily(r, text);
  const targets = [...addressesIn(text, family, 4), ...(family === 6 ? DOC_V6 : DOC_V4)];
  const packets: Packet[] = [];
  for (const t of targets) {
    const dst = parseIp(t);
    if (!dst || dst.family !== family) continue;
    for (const dport of SMTP_PORTS) {
      const base: Packet = { family, protocol: 6, dst, dport, sport: EPHEMERAL_PORTS, state: 'NEW' };
      packets.push(base, { ...base, uid: MTA_UID });
    }
  }
  return packets;
}

/** The verdict for each probe (path not recorded: only the answer matters here). */
export function verdictsFor(r: Ruleset, probes: readonly Packet[]): Verdict[] {
  return probes.map((p) => tracePacket(r, p, { maxSteps: 2_000, path: false }).verdict);
}

/** A flip: one definite verdict turned into the opposite definite verdict. */
export function isFlip(before: Verdict, after: Verdict): boolean {
  if (before === 'UNKNOWN' || after === 'UNKNOWN') return false;
  return (before === 'ACCEPT') !== (after === 'ACCEPT');
}
