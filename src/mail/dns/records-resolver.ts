// Answers lookups from records read from zone files or dig output (--dns FILE). The records are
// partial knowledge: only a zone with an SOA, or dig's own empty answer, says a record is absent.
// Anything else the records do not mention is `unknown`, so the plan says "uncertain" instead of
// silently dropping, say, the IPv6 path of an MX host whose AAAA records were not pasted.
import type { Lookup, MxRecord, Resolver } from './resolver.js';
import { isNameUnder, normaliseName, type ZoneRecord } from './zone-record.js';

interface RecordIndex {
  byName: Map<string, ZoneRecord[]>;
  /** owners of SOA records: zones we hold completely */
  zones: string[];
}

type LookupType = 'MX' | 'A' | 'AAAA';

/** Several files are combined by concatenating their record lists. */
export function createRecordsResolver(records: ZoneRecord[], description: string): Resolver {
  const index = indexRecords(records);
  return {
    description,
    resolveMx: async (domain) =>
      lookupRecords<MxRecord>(index, domain, 'MX', (r) => (r.type === 'MX' ? { preference: r.preference, exchange: r.exchange } : undefined)),
    resolveA: async (name) => lookupRecords(index, name, 'A', (r) => (r.type === 'A' ? r.address : undefined)),
    resolveAaaa: async (name) => lookupRecords(index, name, 'AAAA', (r) => (r.type === 'AAAA' ? r.address : undefined)),
  };
}

function indexRecords(records: ZoneRecord[]): RecordIndex {
  const byName = new Map<string, ZoneRecord[]>();
  const zones: string[] = [];
  for (const record of records) {
    const name = normaliseName(record.name);
    byName.set(name, [...(byName.get(name) ?? []), record]);
    if (record.type === 'SOA') zones.push(name);
  }
  return { byName, zones };
}

/** Longest chain we follow; real resolvers stop at a similar depth (BIND: 16). */
const MAX_CNAME_HOPS = 16;

function lookupRecords<T>(index: RecordIndex, query: string, rrtype: LookupType, pick: (r: ZoneRecord) => T | undefined): Lookup<T> {
  const notes: string[] = [];
  const chain = [normaliseName(query)];
  for (;;) {
    const name = chain[chain.length - 1]!;
    const present = index.byName.get(name) ?? [];
    const records = present.map(pick).filter((r): r is T => r !== undefined);
    if (records.length > 0) return { status: 'ok', records, notes };
    const cname = present.find((r) => r.type === 'CNAME');
    if (cname?.type === 'CNAME') {
      const target = normaliseName(cname.target);
      if (chain.includes(target) || chain.length > MAX_CNAME_HOPS) {
        return { status: 'unknown', message: `CNAME loop: ${[...chain, target].join(' → ')}` };
      }
      notes.push(`followed CNAME ${name} → ${target}`);
      chain.push(target);
      continue;
    }
    return describeAbsence(index, present, name, rrtype, chain);
  }
}

function describeAbsence<T>(index: RecordIndex, present: ZoneRecord[], name: string, rrtype: LookupType, chain: string[]): Lookup<T> {
  const via = chain.length > 1 ? ` (reached via CNAME from ${chain[0]})` : '';
  const said = present.find((r) => r.type === 'absent' && (r.nxdomain || r.rrtype === rrtype));
  if (said?.type === 'absent') {
    return said.nxdomain
      ? { status: 'nxdomain', message: `${name} does not exist (NXDOMAIN in the records)${via}` }
      : { status: 'nodata', message: `${name} has no ${rrtype} records (empty answer in the records)${via}` };
  }
  const zone = index.zones.find((z) => isNameUnder(name, z));
  const known = present.filter((r) => r.type !== 'absent');
  if (zone !== undefined) {
    return known.length > 0
      ? { status: 'nodata', message: `${name} has no ${rrtype} records in zone ${zone || '.'}${via}` }
      : { status: 'nxdomain', message: `${name} is not in zone ${zone || '.'}${via}` };
  }
  if (known.length > 0) {
    const types = [...new Set(known.map((r) => (r.type === 'other' ? r.rrtype : r.type)))].join(', ');
    return { status: 'unknown', message: `the records have ${types} for ${name} but say nothing about its ${rrtype} records${via}` };
  }
  return { status: 'unknown', message: `the records file says nothing about ${name}${via}` };
}
