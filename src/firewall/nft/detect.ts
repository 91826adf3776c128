// Recognising nft output in a paste or a file: `table inet filter {` at the start of a line,
// or the JSON object `{"nftables": [`.
export function looksLikeNft(text: string): boolean {
  if (/^\s*\{\s*"nftables"\s*:/.test(text)) return true;
  return /^(?:table\s+(?:ip|ip6|inet|arp|bridge|netdev)\s+\S+\s*\{|flush ruleset\b)/m.test(text);
}
