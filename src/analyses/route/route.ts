// The route analysis (`mailleak route RECIPIENT`): the delivery plan for one recipient from the
// Exim inputs, with DNS from one chosen source. Texts come from src/input; errors Exim itself
// would refuse to start with are returned, not thrown: the CLI refuses with them (exit 2).
import type { Diagnostic } from '../../diagnostics.js';
import type { InputText, TextFileReader } from '../../input/read.js';
import { createOfflineResolver } from '../../mail/dns/offline-resolver.js';
import { createRecordsResolver } from '../../mail/dns/records-resolver.js';
import type { LiveResolverFactory, Resolver } from '../../mail/dns/resolver.js';
import { readZoneFile } from '../../mail/dns/zone-file.js';
import type { ZoneRecord } from '../../mail/dns/zone-record.js';
import { readBtOutput, type BtResult } from '../../mail/exim/bt-output.js';
import type { EximConfig } from '../../mail/exim/config.js';
import { readEximBpConfig, readEximConfigFile } from '../../mail/exim/read-config.js';

/** Where DNS answers come from: one source, as the options chose it. */
export type DnsSource = { kind: 'offline' } | { kind: 'server'; server: string } | { kind: 'records'; paths: string[] } | { kind: 'system' };

export interface DnsAccess {
  liveDns: LiveResolverFactory;
  /** reads a records file (`-` = stdin); refuses (throws) when it cannot */
  readText: (path: string) => Promise<InputText>;
}

/** The diagnostics that make the input unusable (severity error). */
export function errorsIn(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** An Exim configuration file (macros from -D, `.include` read through `readFile`) or `exim -bP config` output. */
export function readRouteConfig(input: InputText, form: 'file' | 'bp', options: { defines: Record<string, string>; readFile?: TextFileReader }): EximConfig {
  return form === 'file' ? readEximConfigFile(input.text, input.origin, { defines: options.defines, ...(options.readFile ? { readFile: options.readFile } : {}) }) : readEximBpConfig(input.text, input.origin);
}

/** `exim -bt` output, or where it is not: the first diagnostic's place, when there is one. */
export function readRouteBt(input: InputText): { bt: BtResult } | { notBt: Diagnostic | undefined } {
  const bt = readBtOutput(input.text, input.origin);
  return bt.blocks.length > 0 ? { bt } : { notBt: bt.diagnostics[0] };
}

/** The resolver of the chosen source; zone files are read as explain reads them (readZoneFile), one after the other. */
export async function chooseRouteResolver(source: DnsSource, access: DnsAccess): Promise<{ resolver: Resolver } | { errors: Diagnostic[] }> {
  switch (source.kind) {
    case 'offline':
      return { resolver: createOfflineResolver() };
    case 'server':
      return { resolver: access.liveDns(source.server) };
    case 'system':
      return { resolver: access.liveDns() };
    case 'records': {
      const records: ZoneRecord[] = [];
      for (const path of source.paths) {
        const file = await access.readText(path);
        const parsed = readZoneFile(file.text, file.origin);
        const errors = errorsIn(parsed.diagnostics);
        if (errors.length > 0) return { errors };
        for (const r of parsed.records) records.push(r);
      }
      return { resolver: createRecordsResolver(records, `records from ${source.paths.join(', ')}`) };
    }
  }
}
