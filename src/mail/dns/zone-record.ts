// Resource records as read from a zone file or dig output (see zone-parse.ts), and as served by
// the records resolver and the dnsmasq test helper. Names are lower case, absolute, without the
// trailing dot; the root is "" (the exchange of a null MX, RFC 7505).

export type ZoneRecord =
  | { type: 'MX'; name: string; ttl?: number; preference: number; exchange: string }
  | { type: 'A'; name: string; ttl?: number; address: string }
  | { type: 'AAAA'; name: string; ttl?: number; address: string }
  | { type: 'CNAME'; name: string; ttl?: number; target: string }
  /** a zone file with an SOA is the whole zone: names under it that are absent do not exist */
  | { type: 'SOA'; name: string; ttl?: number; data: string }
  /** what a pasted dig answer says is not there: status NXDOMAIN, or NOERROR with no answer */
  | { type: 'absent'; name: string; rrtype: string; nxdomain: boolean }
  /** TXT, NS, SRV…: kept so nothing read is lost, not used for mail routing */
  | { type: 'other'; name: string; ttl?: number; rrtype: string; data: string };

export type ZoneRecordType = ZoneRecord['type'];

/** Lower-cases a DNS name and removes the trailing dot ("Gmail.COM." → "gmail.com", "." → ""). */
export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** True when `name` is `zone` or a name below it. */
export function isNameUnder(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}
