// `iptables -L` and `iptables-save` show only iptables' own tables (iptables-nft deals with
// ip/ip6 raw, mangle, filter, security and nat: iptables/nft.c xtables_ipv4[]); a native table
// such as nftables.service's `inet filter` or firewalld's `inet firewalld` never appears there
// (shared/reference/postfix-nftables.md §2.4). An admin who reads an empty or permissive
// iptables listing is misled when native tables filter.
import type { Ruleset, Table } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { isIptablesNftTable, nativeOnly, nftTables } from './native.js';
import { chainEvidence, rulesetEntries } from './rules.js';
import { makeFinding, type Finding } from './types.js';

/**
 * What iptables' tables (given as iptables output, or read from the nft ruleset) show of the
 * mail's path: nothing at all, or nothing that stops any connection traced here.
 */
function iptablesView(a: Analysis, tables: Table[], empty: boolean, native: string[]): 'empty' | 'permissive' | 'filters' {
  if (empty || tables.every((t) => t.chains.every((c) => c.rules.length === 0))) return 'empty';
  const stopped = [...a.attempts, ...a.allowed.flatMap((d) => d.attempts)].some((x) => (x.verdict === 'DROP' || x.verdict === 'REJECT') && x.decidedBy !== null && !native.includes(x.decidedBy.table));
  return stopped ? 'filters' : 'permissive';
}

export function detectNativeTablesPresent(a: Analysis): Finding[] {
  const native = nativeOnly(a).filter(({ table }) => table.chains.some((c) => c.base && (c.rules.length > 0 || c.policy === 'DROP')));
  if (native.length === 0) return [];
  const iptables: Ruleset[] = rulesetEntries(a).filter(([, r]) => r.format !== 'nft').map(([, r]) => r);
  const xtTables = nftTables(a).filter((t) => isIptablesNftTable(t.table)).map((t) => t.table);
  // nothing on the iptables side was supplied: no one is misled by an iptables listing
  if (iptables.length === 0 && xtTables.length === 0) return [];
  const names = native.map((t) => t.table.name);
  const view = iptablesView(a, [...iptables.flatMap((r) => r.tables), ...xtTables], iptables.length > 0 && iptables.every((r) => r.noTablesLoaded === true), names);
  if (view === 'filters') return [];
  const stops = [...a.attempts, ...a.allowed.flatMap((d) => d.attempts)].filter((x) => (x.verdict === 'DROP' || x.verdict === 'REJECT') && x.decidedBy !== null && names.includes(x.decidedBy.table)).length;
  const bases = native.flatMap(({ table, families }) => table.chains.filter((c) => c.base).map((c) => ({ family: families[0]!, table, chain: c })));
  return [makeFinding('native-tables-present',
    { tables: names, iptables: view, stops, chains: bases.map((b) => `${b.table.name} ${b.chain.name}`) },
    bases.filter((b) => b.chain.loc).slice(0, 4).map((b) => chainEvidence(b.family, b.chain, `${b.table.name} ${b.chain.name}: hook ${b.chain.base!.hook} priority ${b.chain.base!.priority}, policy ${b.chain.policy?.toLowerCase()}`)))];
}
