// How iptables(8) finds the option a long word such as `--dport` names: getopt_long(3) over one
// table made of iptables' own options followed by those of every loaded match and target, newest
// first (libxtables xtables_merge_options: "the base options -[ADI...] have precedence over
// everything"). A name written in full wins at once; otherwise a word that begins exactly one
// option (synonyms such as --sport and --source-port count as one) is that option, and a word
// that begins several is ambiguous: getopt answers '?' and iptables refuses the command.

/** One table of long option names, owned by iptables itself, a match or a target. */
export interface OptionTable<T> {
  owner: T;
  names: readonly string[];
}

export type LongOption<T> =
  | { kind: 'found'; owner: T; option: string; exact: boolean }
  | { kind: 'ambiguous'; candidates: { owner: T; option: string }[] }
  | { kind: 'none' };

/** Names that share one getopt `val` (the same option under two names). */
const SYNONYMS: Record<string, string> = {
  src: 'source', dst: 'destination', sport: 'source-port', dport: 'destination-port', sports: 'source-ports', dports: 'destination-ports',
};

export function resolveLongOption<T>(name: string, tables: readonly OptionTable<T>[]): LongOption<T> {
  if (name === '') return { kind: 'none' };
  for (const t of tables) if (t.names.includes(name)) return { kind: 'found', owner: t.owner, option: name, exact: true };
  const candidates: { owner: T; option: string; table: number; id: string }[] = [];
  tables.forEach((t, table) => {
    for (const option of t.names) {
      if (!option.startsWith(name)) continue;
      const id = SYNONYMS[option] ?? option;
      if (!candidates.some((c) => c.table === table && c.id === id)) candidates.push({ owner: t.owner, option, table, id });
    }
  });
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'found', owner: candidates[0]!.owner, option: candidates[0]!.option, exact: false };
  return { kind: 'ambiguous', candidates: candidates.map((c) => ({ owner: c.owner, option: c.option })) };
}

/**
 * iptables' own long options (iptables.c original_opts), with the short option each stands for;
 * `line-numbers` has none. ip6tables has the same table without `fragments`.
 */
export const IPTABLES_LONG_OPTIONS: Readonly<Record<string, string>> = {
  append: '-A', delete: '-D', check: '-C', insert: '-I', replace: '-R', list: '-L', 'list-rules': '-S', flush: '-F',
  zero: '-Z', 'new-chain': '-N', 'delete-chain': '-X', 'rename-chain': '-E', policy: '-P', source: '-s',
  destination: '-d', src: '-s', dst: '-d', protocol: '-p', 'in-interface': '-i', jump: '-j', table: '-t', match: '-m',
  numeric: '-n', 'out-interface': '-o', verbose: '-v', wait: '-w', 'wait-interval': '-W', exact: '-x', fragments: '-f',
  version: '-V', help: '-h', 'line-numbers': '--line-numbers', modprobe: '--modprobe', 'set-counters': '-c', goto: '-g',
  ipv4: '-4', ipv6: '-6',
};

const NAMES4 = Object.keys(IPTABLES_LONG_OPTIONS);
const NAMES6 = NAMES4.filter((n) => n !== 'fragments');

/** iptables' own table for the family (ip6tables has no -f). */
export function mainOptionNames(family: 4 | 6 | undefined): readonly string[] {
  return family === 6 ? NAMES6 : NAMES4;
}

/** `--app` → `-A`, `--table=nat` → `-t` with its value: a word that names one of iptables' own options only. */
export function mainOptionOf(word: string, family: 4 | 6 | undefined): { short: string; inline?: string } | undefined {
  if (!word.startsWith('--')) return undefined;
  const eq = word.indexOf('=');
  const name = word.slice(2, eq < 0 ? undefined : eq);
  const found = resolveLongOption(name, [{ owner: 'main', names: mainOptionNames(family) }]);
  if (found.kind !== 'found') return undefined;
  return { short: IPTABLES_LONG_OPTIONS[found.option]!, ...(eq < 0 ? {} : { inline: word.slice(eq + 1) }) };
}
