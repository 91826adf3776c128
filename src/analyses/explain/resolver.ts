// Which DNS the plan uses: --offline, records from --dns files or pasted dig/zone text, a
// --dns-server, or the system's resolvers. Records are partial knowledge: names they do not
// mention stay unknown rather than being looked up live behind the user's back.
import type { Diagnostic } from '../../diagnostics.js';
import type { CollectedInputs } from '../../input/collected.js';
import { createOfflineResolver } from '../../mail/dns/offline-resolver.js';
import { createRecordsResolver } from '../../mail/dns/records-resolver.js';
import type { LiveResolverFactory, Resolver } from '../../mail/dns/resolver.js';
import { readZoneFile } from '../../mail/dns/zone-file.js';
import type { ZoneRecord } from '../../mail/dns/zone-record.js';
import { shiftDiagnostic } from './lines.js';

export interface ChosenResolver {
  resolver: Resolver;
  diagnostics: Diagnostic[];
  /** per dns section: how many records were read */
  counts: Map<string, number>;
  /** the system resolver of the machine mailleak runs on answers (no records, no --dns-server) */
  answeredHere?: boolean;
}

/**
 * Live DNS is asked through `liveDns` (the node side passes createLiveResolver); without it,
 * as in a browser, names stay unknown as with --offline.
 */
export function chooseResolver(inputs: CollectedInputs, liveDns?: LiveResolverFactory): ChosenResolver {
  const counts = new Map<string, number>();
  if (inputs.offline) return { resolver: createOfflineResolver(), diagnostics: [], counts };
  const sections = inputs.sections.filter((s) => s.kind === 'dns-records');
  if (sections.length > 0) {
    const records: ZoneRecord[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const s of sections) {
      const parsed = readZoneFile(s.text, s.origin);
      // loops, not push(...): a zone of 200,000 records is too many arguments for one call
      for (const r of parsed.records) records.push(r);
      counts.set(`${s.origin}:${s.firstLine}`, parsed.records.length);
      const offset = s.firstLine - 1;
      for (const d of parsed.diagnostics) diagnostics.push(shiftDiagnostic(d, offset));
    }
    const names = [...new Set(sections.map((s) => s.origin))].join(', ');
    return { resolver: createRecordsResolver(records, `records from ${names}`), diagnostics, counts };
  }
  if (!liveDns) return { resolver: createOfflineResolver(), diagnostics: [], counts };
  if (inputs.dnsServer !== undefined) return { resolver: liveDns(inputs.dnsServer), diagnostics: [], counts };
  return { resolver: liveDns(undefined), diagnostics: [], counts, answeredHere: true };
}
