// ip6tables was supplied and its OUTPUT lets IPv6 SMTP out. Exim sorts AAAA before A (host.c),
// so an IPv4-only restriction does not stop it (exim.md §0.3).
import { parseIp } from '../../../firewall/address.js';
import { tracePacket } from '../../../firewall/simulate/trace.js';
import { EPHEMERAL_PORTS } from '../../../firewall/simulate/types.js';
import { describeEmptySave } from '../../../firewall/parse/save.js';
import { describeDecider } from '../attempts.js';
import { allowedAddresses } from '../fixes.js';
import type { Analysis } from '../types.js';
import { makeFinding, type Evidence, type Finding, type FindingArgs } from './types.js';

/** A stand-in IPv6 mail server (RFC 3849) for when the target has no AAAA records. */
const PROBE_V6 = '2001:db8::25';

export function detectIpv6Unfiltered(a: Analysis): Finding[] {
  const ruleset = a.rulesets[6];
  // a containerised MTA's IPv6 is forwarded, not sent through ip6tables OUTPUT: container-forward names what decides it
  if (!ruleset || a.container) return [];
  const v6 = a.attempts.filter((x) => x.family === 6);
  const accepted = v6.filter((x) => x.verdict === 'ACCEPT' && x.leavesHost);
  let evidence: Evidence[];
  let args: FindingArgs<'ipv6-unfiltered'>;
  if (v6.length > 0) {
    if (accepted.length === 0) return [];
    const first = accepted[0]!;
    evidence = first.decidedBy ? [deciderEvidence(first.decidedBy)] : ruleset.noTablesLoaded ? [noTablesEvidence(ruleset.origin)] : [];
    args = { seen: 'attempts', noTables: ruleset.noTablesLoaded === true, accepted: accepted.length, attempts: v6.length, host: first.host, address: first.address, port: first.port, allowed: allowedAddresses(a)[6], mta: a.mta, ...nativeChain(first.decidedBy) };
  } else {
    const packet = { family: 6 as const, protocol: 6, dst: parseIp(PROBE_V6)!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' as const, ...(a.uid !== undefined ? { uid: a.uid } : {}) };
    const trace = tracePacket(ruleset, packet);
    if (trace.verdict !== 'ACCEPT') return [];
    const by = describeDecider(ruleset, trace.decidedBy);
    evidence = by ? [deciderEvidence(by)] : ruleset.noTablesLoaded ? [noTablesEvidence(ruleset.origin)] : [];
    args = { seen: 'probe', noTables: ruleset.noTablesLoaded === true, probe: PROBE_V6, domain: a.domain, allowed: allowedAddresses(a)[6], mta: a.mta, ...nativeChain(by) };
  }
  return [makeFinding('ipv6-unfiltered', args, evidence)];
}

/** A native nft table ("inet filter") names its base chain; iptables tables are said as ip6tables OUTPUT. */
function nativeChain(by: { table: string; chain: string } | null): { chain?: string } {
  return by && by.table.includes(' ') ? { chain: `${by.table} ${by.chain}` } : {};
}

/** The evidence of an empty ip6tables-save: the input itself, said plainly. */
function noTablesEvidence(origin: string): Evidence {
  return { origin, family: 6, note: describeEmptySave(6) };
}

function deciderEvidence(by: { origin?: string; line?: number; text?: string; table: string; chain: string; rule?: number; policy?: boolean }): Evidence {
  const e: Evidence = { origin: by.origin ?? '', family: 6, note: by.policy ? `${by.table} ${by.chain} policy ACCEPT` : `${by.table} ${by.chain} rule ${by.rule} accepts` };
  if (by.line !== undefined) e.line = by.line;
  if (by.text !== undefined) e.text = by.text;
  return e;
}
