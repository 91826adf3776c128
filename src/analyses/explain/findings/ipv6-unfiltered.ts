// ip6tables (or a native table that sees IPv6) was supplied and lets IPv6 SMTP out. Exim sorts
// AAAA before A (host.c), so an IPv4-only restriction does not stop it (exim.md §0.3).
import { describeEmptySave } from '../../../firewall/parse/save.js';
import { describeDecider } from '../attempts.js';
import { allowedAddresses } from '../fixes.js';
import type { Analysis, DecidingRule } from '../types.js';
import { ipv6Exit, PROBE_V6 } from './ipv6-probe.js';
import { familyRulesets, isNativeTableName, nativeOutputChain } from './native.js';
import { makeFinding, type Evidence, type Finding, type FindingArgs, type NftPlace } from './types.js';

export function detectIpv6Unfiltered(a: Analysis): Finding[] {
  const ruleset = a.rulesets[6];
  // a containerised MTA's IPv6 is forwarded, not sent through ip6tables OUTPUT: container-forward names what decides it
  const exit = ipv6Exit(a);
  if (!ruleset || !exit) return [];
  // an empty ip6tables-save says nothing of native tables: an inet or ip6 table still filters IPv6
  const noTables = ruleset.noTablesLoaded === true && a.native[6] === undefined;
  let args: FindingArgs<'ipv6-unfiltered'>;
  let by: DecidingRule | null;
  if (exit.seen === 'attempts') {
    const first = exit.accepted[0];
    if (!first) return [];
    by = first.decidedBy;
    args = { seen: 'attempts', noTables, accepted: exit.accepted.length, attempts: exit.attempts, host: first.host, address: first.address, port: first.port, allowed: allowedAddresses(a)[6], mta: a.mta, ...nativeChain(by) };
  } else {
    if (exit.trace.verdict !== 'ACCEPT') return [];
    by = describeDecider(familyRulesets(a, 6), exit.trace.decidedBy);
    args = { seen: 'probe', noTables, probe: PROBE_V6, domain: a.domain, allowed: allowedAddresses(a)[6], mta: a.mta, ...nativeChain(by) };
  }
  const evidence: Evidence[] = by ? [deciderEvidence(by)] : noTables ? [noTablesEvidence(ruleset.origin)] : [];
  const nft = fixPlace(a, by);
  if (nft) args.nft = nft;
  if (nft && a.uid !== undefined) args.uid = a.uid;
  return [makeFinding('ipv6-unfiltered', args, evidence)];
}

/** A native nft table ("inet filter") names its base chain; iptables tables are said as ip6tables OUTPUT. */
function nativeChain(by: { table: string; chain: string } | null): { chain?: string } {
  return by && by.table.includes(' ') ? { chain: `${by.table} ${by.chain}` } : {};
}

/** The fix goes where IPv6 is accepted when that is a native table, else into the native output chain that sees IPv6, if any. */
function fixPlace(a: Analysis, by: DecidingRule | null): NftPlace | undefined {
  if (by && isNativeTableName(a, by.table)) return nativeOutputChain(a, 6) ?? { table: by.table, chain: by.chain };
  return by === null || by.table.includes(' ') ? nativeOutputChain(a, 6) : undefined;
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
