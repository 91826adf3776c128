// ip6tables was supplied and its OUTPUT lets IPv6 SMTP out. Exim sorts AAAA before A (host.c),
// so an IPv4-only restriction does not stop it (exim.md §0.3).
import { parseIp } from '../../../firewall/address.js';
import { tracePacket } from '../../../firewall/simulate/trace.js';
import { EPHEMERAL_PORTS } from '../../../firewall/simulate/types.js';
import { describeDecider } from '../attempts.js';
import { firewallLines, allowedAddresses } from '../fixes.js';
import type { Analysis } from '../types.js';
import { makeFinding, type Evidence, type Finding } from './types.js';

/** A stand-in IPv6 mail server (RFC 3849) for when the target has no AAAA records. */
const PROBE_V6 = '2001:db8::25';

export function detectIpv6Unfiltered(a: Analysis): Finding[] {
  const ruleset = a.rulesets[6];
  if (!ruleset) return [];
  const v6 = a.attempts.filter((x) => x.family === 6);
  const accepted = v6.filter((x) => x.verdict === 'ACCEPT' && x.leavesHost);
  let evidence: Evidence[];
  let message: string;
  if (v6.length > 0) {
    if (accepted.length === 0) return [];
    const first = accepted[0]!;
    evidence = first.decidedBy ? [deciderEvidence(first.decidedBy)] : [];
    message = `ip6tables OUTPUT accepts IPv6 SMTP: ${accepted.length} of ${v6.length} IPv6 attempt(s) get out, the first to ${first.host} [${first.address}]:${first.port}.`;
  } else {
    const packet = { family: 6 as const, protocol: 6, dst: parseIp(PROBE_V6)!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' as const, ...(a.uid !== undefined ? { uid: a.uid } : {}) };
    const trace = tracePacket(ruleset, packet);
    if (trace.verdict !== 'ACCEPT') return [];
    const by = describeDecider(ruleset, trace.decidedBy);
    evidence = by ? [deciderEvidence(by)] : [];
    message = `ip6tables OUTPUT accepts SMTP to any IPv6 address (checked with ${PROBE_V6} port 25); ${a.domain} has no IPv6 attempt today, but any MX that publishes AAAA records will be reached over IPv6.`;
  }
  const fix = { summary: 'Mirror the SMTP restriction in ip6tables (or stop Exim using IPv6: `disable_ipv6 = true` in the main section).', lines: firewallLines(6, allowedAddresses(a)[6]) };
  return [makeFinding('ipv6-unfiltered', message, evidence, fix)];
}

function deciderEvidence(by: { origin?: string; line?: number; text?: string; table: string; chain: string; rule?: number; policy?: boolean }): Evidence {
  const e: Evidence = { origin: by.origin ?? '', family: 6, note: by.policy ? `${by.table} ${by.chain} policy ACCEPT` : `${by.table} ${by.chain} rule ${by.rule} accepts` };
  if (by.line !== undefined) e.line = by.line;
  if (by.text !== undefined) e.text = by.text;
  return e;
}
