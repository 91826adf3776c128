// Queries over the native nft tables of an analysis: where they are (beside iptables rules in
// `native`, or as the whole ruleset of a family), which of them iptables-nft wrote (those are
// changed with iptables, and `iptables -L` shows them), and the handles `nft -a` printed.
import type { Chain, Family, HookName, NftBaseChain, Rule, Ruleset, Table, TableName } from '../../../firewall/model.js';
import { BUILTIN_CHAINS, findChain, findTable, isIptablesTable, TABLE_NAMES } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import type { NftPlace } from './types.js';

/** firewalld's nftables backend keeps everything in this table (src/firewall/core/nftables.py TABLE_NAME). */
export const FIREWALLD_TABLE = 'inet firewalld';

/** Every ruleset whose base chains a packet of this family meets: iptables rules, then native tables. */
export function familyRulesets(a: Pick<Analysis, 'rulesets' | 'native' | 'legacy'>, family: Family): Ruleset[] {
  return [a.rulesets[family], a.native[family], a.legacy?.[family]].filter((r): r is Ruleset => r !== undefined);
}

/** A chain by table name among a family's rulesets (iptables tables and "inet filter" never share a name). */
export function findChainIn(a: Pick<Analysis, 'rulesets' | 'native'>, family: Family, table: TableName, chain: string): Chain | undefined {
  for (const r of familyRulesets(a, family)) {
    const found = findTable(r, table);
    if (found) return findChain(found, chain);
  }
  return undefined;
}

/**
 * A table iptables-nft wrote: family ip or ip6, an iptables table name, and only iptables'
 * builtin chains as base chains (iptables/nft.c xtables_ipv4[]). `iptables -L` shows these.
 */
export function isIptablesNftTable(table: Table): boolean {
  const m = /^(ip|ip6) (\S+)$/.exec(table.name);
  const name = TABLE_NAMES.find((t) => t === m?.[2]);
  if (!name) return false;
  const bases = table.chains.filter((c) => c.base);
  return bases.length > 0 && bases.every((c) => BUILTIN_CHAINS[name].includes(c.name));
}

export interface NativeTable {
  table: Table;
  /** the families whose packets it sees (an inet table both) */
  families: Family[];
}

/** Every nft table read, once (an inet table is in both families' rulesets), in the order read. */
export function nftTables(a: Pick<Analysis, 'rulesets' | 'native'>): NativeTable[] {
  const out: NativeTable[] = [];
  for (const family of [4, 6] as const) {
    for (const r of familyRulesets(a, family)) {
      if (r.format !== 'nft') continue;
      for (const table of r.tables) {
        const known = out.find((t) => t.table.name === table.name);
        if (known) known.families.push(family);
        else out.push({ table, families: [family] });
      }
    }
  }
  return out;
}

/** nft tables that are not iptables-nft's: what `iptables -L` never shows. */
export function nativeOnly(a: Pick<Analysis, 'rulesets' | 'native'>): NativeTable[] {
  return nftTables(a).filter((t) => !isIptablesNftTable(t.table));
}

/** Is this table (by name, as a trace names it) a native table mailleak should word in nft terms? */
export function isNativeTableName(a: Pick<Analysis, 'rulesets' | 'native'>, name: TableName): boolean {
  if (isIptablesTable(name)) return false;
  const t = nftTables(a).find((x) => x.table.name === name);
  return t !== undefined && !isIptablesNftTable(t.table);
}

/**
 * The chains of a native table a packet on this hook can enter: its base chains on the hook (of
 * this type) and the chains they jump or go to, transitively. A user chain's name says nothing
 * of where it is called from, unlike iptables' OUTPUT.
 */
export function chainsOnHook(table: Table, hook: HookName, type: NftBaseChain['type']): Set<string> {
  const reached = new Set(table.chains.filter((c) => c.base?.hook === hook && c.base.type === type).map((c) => c.name));
  const queue = [...reached];
  while (queue.length > 0) {
    const chain = findChain(table, queue.pop()!);
    for (const rule of chain?.rules ?? []) {
      const t = rule.target;
      if ((t.kind === 'jump' || t.kind === 'goto') && !reached.has(t.chain)) {
        reached.add(t.chain);
        queue.push(t.chain);
      }
    }
  }
  return reached;
}

/** `# handle 7` (nft -a) or the JSON rule's handle, when the input showed it. */
export function handleOf(rule: Rule): number | undefined {
  const m = /\bhandle (\d+)\s*$/.exec(rule.loc.text);
  return m ? Number(m[1]) : undefined;
}

export function nftPlace(table: string, chain: string, rule?: Rule): NftPlace {
  const handle = rule ? handleOf(rule) : undefined;
  return handle !== undefined ? { table, chain, handle } : { table, chain };
}

/**
 * Where a restriction of this family's SMTP belongs in nft terms: the native filter base chain
 * on output that sees the family (an inet one before an ip/ip6 one), the lowest priority first.
 */
export function nativeOutputChain(a: Pick<Analysis, 'rulesets' | 'native'>, family: Family): NftPlace | undefined {
  const candidates = nativeOnly(a)
    // firewalld's own table is changed with firewall-cmd, never with nft (it is rewritten on reload)
    .filter((t) => t.families.includes(family) && t.table.name !== FIREWALLD_TABLE)
    .flatMap((t) => t.table.chains.filter((c) => c.base?.hook === 'output' && c.base.type === 'filter').map((c) => ({ table: t.table.name, chain: c, inet: t.table.name.startsWith('inet ') })));
  candidates.sort((x, y) => Number(y.inet) - Number(x.inet) || x.chain.base!.priority - y.chain.base!.priority);
  const first = candidates[0];
  return first ? { table: first.table, chain: first.chain.name } : undefined;
}
