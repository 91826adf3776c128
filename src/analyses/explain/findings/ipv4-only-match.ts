// `ip daddr != 192.0.2.25 tcp dport 25 drop` in an inet table: nft adds a dependency on the
// IPv4 protocol before every `ip` payload match, so the rule never matches an IPv6 packet
// (nft(8) PAYLOAD EXPRESSIONS; libnftables-json(5) shows the implicit `meta nfproto ipv4`).
// The restriction stops IPv4 mail and leaves IPv6 mail to the rest of the chain. A native table
// of family ip restricts IPv4 only in the same way.
import type { Rule, Table } from '../../../firewall/model.js';
import { allowedAddresses } from '../fixes.js';
import type { Analysis } from '../types.js';
import { ipv6Exit, PROBE_V6 } from './ipv6-probe.js';
import { nativeOnly, nftPlace } from './native.js';
import { admitsSmtpPort, portMatches, SMTP_PORTS } from './rules.js';
import { makeFinding, type Evidence, type Finding, type FindingArgs } from './types.js';

function ipv4Only(rule: Rule): boolean {
  return rule.matches.some((m) => m.kind === 'family' && !m.negated && m.family === 4);
}

/** The SMTP ports a rule's destination-port condition admits (all three when it has none). */
function smtpPortsOf(rule: Rule): number[] {
  const ports = [...portMatches(rule, 'dst'), ...portMatches(rule, 'any')];
  return SMTP_PORTS.filter((p) => ports.every((m) => m.ranges.some((r) => r.from <= p && p <= r.to) !== m.negated));
}

/**
 * The rule as `nft list` printed it without its IPv4 address match, its counter, comment and
 * handle: the rest of its conditions and its verdict, for the IPv6 counterpart. JSON input has
 * no rule text (undefined).
 */
function restOf(rule: Rule): string | undefined {
  const text = rule.loc.text;
  if (/^rule handle \d+$/.test(text) || !/\bip [sd]addr\b/.test(text)) return undefined;
  const rest = text
    .replace(/\s*#\s*handle \d+\s*$/, '')
    .replace(/\bcomment "(?:[^"\\]|\\.)*"/, '')
    .replace(/\bcounter(?: packets \d+ bytes \d+)?/, '')
    .replace(/\bip [sd]addr (?:!= )?(?:\{[^}]*\}|\S+)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return rest === '' ? undefined : rest;
}

/** Rules of chains on the output hook: the base chains and the chains of a table that has one. */
function outputRules(table: Table): { chain: string; rule: Rule }[] {
  if (!table.chains.some((c) => c.base?.hook === 'output')) return [];
  return table.chains.filter((c) => c.base === undefined || (c.base.hook === 'output' && c.base.type === 'filter')).flatMap((c) => c.rules.map((rule) => ({ chain: c.name, rule })));
}

export function detectIpv4OnlyMatch(a: Analysis): Finding[] {
  const candidates = nativeOnly(a).flatMap(({ table, families }) => {
    const why = table.name.startsWith('inet ') ? 'ip-match' as const : families.length === 1 && families[0] === 4 ? 'ip-table' as const : undefined;
    if (!why) return [];
    return outputRules(table)
      .filter(({ rule }) => (rule.target.kind === 'drop' || rule.target.kind === 'reject') && admitsSmtpPort(rule) && (why === 'ip-table' || ipv4Only(rule)))
      .map((r) => ({ ...r, table, why }));
  });
  if (candidates.length === 0) return [];
  const exit = ipv6Exit(a);
  if (!exit) return [];
  let leaks: FindingArgs<'ipv4-only-match'>['leaks'];
  if (exit.seen === 'attempts') {
    const first = exit.accepted[0];
    if (!first) return [];
    leaks = { host: first.host, address: first.address, port: first.port };
  } else {
    if (exit.trace.verdict !== 'ACCEPT') return [];
    leaks = { probe: PROBE_V6 };
  }
  const allowed = allowedAddresses(a)[6];
  return candidates.map(({ table, chain, rule, why }) => {
    const evidence: Evidence = { origin: rule.loc.origin, line: rule.loc.line, text: rule.loc.text, family: 4, note: why === 'ip-match' ? 'matches IPv4 packets only' : `table ${table.name} sees IPv4 only` };
    if (rule.counters) evidence.counters = rule.counters.text;
    // an ip table's rule has its counterpart in an IPv6 chain: the table's own name in family ip6
    const at = why === 'ip-match' ? nftPlace(table.name, chain, rule) : { table: `ip6 ${table.name.slice(3)}`, chain };
    const args: FindingArgs<'ipv4-only-match'> = { place: at, rule: rule.position, why, verdict: rule.target.kind === 'reject' ? 'reject' : 'drop', leaks, ports: smtpPortsOf(rule), allowed, mta: a.mta };
    if (a.uid !== undefined) args.uid = a.uid;
    const rest = why === 'ip-match' ? restOf(rule) : undefined;
    if (rest !== undefined) args.rest = rest;
    return makeFinding('ipv4-only-match', args, [evidence]);
  });
}
