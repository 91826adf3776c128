// Which address texts are exactly what formatIp prints: for such a text, equal text is equal
// address, so it can be used as it is (a set element kept as written, a hash key) without
// parsing it to a BigInt and printing it again (100,000-element nft sets, BENCHMARKS.md §5).

/** Dotted decimal without leading zeros, each part at most 255. */
export function isCanonicalIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/**
 * Is this exactly what formatIp prints for some IPv6 address? One pass over the characters
 * (called for each element of a 100,000-element set): lower-case hex groups without leading
 * zeros, and `::` exactly where formatIp puts it, on the first longest run of two or more zero
 * groups (RFC 5952 §4.2).
 */
export function isCanonicalIpv6(text: string): boolean {
  const n = text.length;
  let groups = 0;
  let compressedAt = -1;
  let zeroRun = 0;
  let longestBefore = 0;
  let longestAfter = 0;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    compressedAt = 0;
    i = 2;
    if (i === n) return true;
  }
  for (;;) {
    // one group: 1-4 hex digits, no leading zero unless it is `0`
    const start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) break;
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 4 || (len > 1 && text.charCodeAt(start) === 48)) return false;
    groups++;
    if (len === 1 && text.charCodeAt(start) === 48) {
      // a zero group right after `::` means the compressed run was not the whole run
      if (compressedAt >= 0 && zeroRun === 0 && compressedAt === groups - 1) return false;
      zeroRun++;
    } else zeroRun = 0;
    if (compressedAt < 0) longestBefore = Math.max(longestBefore, zeroRun);
    else longestAfter = Math.max(longestAfter, zeroRun);
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (text.charCodeAt(i) === 58) {
      if (compressedAt >= 0 || zeroRun > 0) return false;
      compressedAt = groups;
      i++;
      if (i === n) break;
    } else if (i === n) return false;
  }
  if (compressedAt < 0) return groups === 8 && longestBefore < 2;
  const run = 8 - groups;
  return run >= 2 && longestBefore < run && longestAfter <= run;
}
