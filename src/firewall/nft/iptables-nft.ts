// One ruleset per kernel table: an iptables-nft table is an nft table too, so on an nf_tables
// host `nft list ruleset` shows `table ip filter` and iptables-nft-save shows `*filter` — the
// same base chains, registered once in the kernel. Read twice they would filter twice. The save
// text is the precise one (`nft -j` prints `xt match "owner"` without its arguments), so the
// nft copy is left out and the save's table stands for it (issue 17).
import { backendOf, IPTABLES_CHAIN, iptablesPriority } from '../hooks.js';
import type { Family, IptablesTable, Ruleset, Table, TableName } from '../model.js';
import { findTable, TABLE_NAMES } from '../model.js';

/** An nft table read from the iptables side instead, and where from. */
export interface ReplacedTable {
  table: TableName;
  /** the iptables table that describes it (e.g. filter) */
  by: IptablesTable;
  /** the iptables input's origin, e.g. `iptables-save -c` */
  origin: string;
}

export interface DeduplicatedNft {
  /** the nft ruleset without the tables the iptables ruleset holds */
  native: Ruleset;
  replaced: ReplacedTable[];
}

/** `ip filter` → filter for IPv4 (`ip6 filter` for IPv6); undefined for inet or a name iptables does not have. */
function iptablesNameOf(table: TableName, family: Family): IptablesTable | undefined {
  const [nftFamily, name] = table.split(' ') as [string, string];
  if (nftFamily !== (family === 4 ? 'ip' : 'ip6')) return undefined;
  return TABLE_NAMES.find((t) => t === name);
}

/**
 * A table iptables-nft created: its base chains are iptables' builtin chains at their standard
 * priorities (iptables-nft registers them so: nft_chain_builtin_init in iptables' nft.c).
 */
export function looksLikeIptablesNft(table: Table, name: IptablesTable): boolean {
  const bases = table.chains.filter((c) => c.base);
  return bases.length > 0 && bases.every((c) => c.name === IPTABLES_CHAIN[c.base!.hook] && c.base!.priority === iptablesPriority(name, c.base!.hook) && (c.base!.type === 'nat') === (name === 'nat'));
}

/**
 * Leaves out of `native` every table the iptables ruleset of the same family also describes.
 * With a save from the nf_tables backend they are the same kernel table by name; with the
 * legacy backend they never are (legacy tables are not nft tables); when the input does not
 * name its backend (a listing), only a table nft marks as iptables-nft's, or that has exactly
 * iptables-nft's base chains, is taken for the same.
 */
export function dropTablesSavedByIptables(native: Ruleset, iptables: Ruleset | undefined, family: Family): DeduplicatedNft {
  const backend = iptables ? backendOf(iptables) : undefined;
  if (!iptables || backend === 'legacy') return { native, replaced: [] };
  const replaced: ReplacedTable[] = [];
  const tables = native.tables.filter((table) => {
    const name = iptablesNameOf(table.name, family);
    if (!name || !findTable(iptables, name)) return true;
    const same = backend === 'nft' || table.managedBy === 'iptables-nft' || looksLikeIptablesNft(table, name);
    if (same) replaced.push({ table: table.name, by: name, origin: iptables.origin });
    return !same;
  });
  return { native: replaced.length === 0 ? native : { ...native, tables }, replaced };
}

