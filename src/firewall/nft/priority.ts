// Base chain priorities by name (nft(8) CHAINS, "Standard priority names, family and hook
// compatibility matrix"): raw -300, mangle -150, dstnat -100, filter 0, security 50, srcnat 100
// for the ip, ip6 and inet families, and `NAME + N` / `NAME - N` arithmetic as nft prints it.
const NAMED: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

/** The number for `filter`, `filter + 10`, `-150`, `raw - 1`; undefined when not one of these. */
export function parsePriority(text: string): number | undefined {
  const m = /^\s*(-?\d+|[a-z]+)\s*(?:([+-])\s*(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const base = /^-?\d+$/.test(m[1]!) ? Number(m[1]) : NAMED[m[1]!];
  if (base === undefined) return undefined;
  const offset = m[3] === undefined ? 0 : Number(m[3]) * (m[2] === '-' ? -1 : 1);
  return base + offset;
}
