// One host of a fleet: its bundle → inputs (as live mode on that host would read them) →
// `analyse` per probe and allowed domain → the host's status, judged as `mailleak check` judges.
// Never throws: a bundle that cannot be read makes the host 'unreadable' with the reason.
// Reading the file is node/fleet-files.ts's.
import { domainsToCheck, judgeDomain, summariseCheck, type CheckedDomain } from '../check/check.js';
import { EXIT } from '../exit-codes.js';
import { analyse } from '../explain/analyse.js';
import { findUnreadable } from '../explain/readable.js';
import type { CollectedInputs } from '../../input/collected.js';
import { acquireFromBundle } from '../../input/bundle-acquire.js';
import { looksLikeBundle, unwrapAnsible } from '../../input/bundle-format.js';
import type { LiveResolverFactory } from '../../mail/dns/resolver.js';
import { describeHow, describeNext } from './fleet-how.js';
import type { FleetDomainResult, FleetHostResult, FleetOptions } from './fleet-types.js';

/** The file's name without its folder: the host's name when the bundle header has none. */
export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function unreadable(file: string, host: string, error: string, problems: string[] = []): FleetHostResult {
  return { file, host, status: 'unreadable', exitCode: EXIT.usage, results: [], problems, error };
}

/** Analyses one bundle's text (or an Ansible --tree file holding it). */
export async function analyseBundleText(raw: string, file: string, options: FleetOptions, liveDns?: LiveResolverFactory): Promise<FleetHostResult> {
  const fallbackHost = baseName(file).replace(/\.(?:bundle|txt|log|out|json)$/i, '');
  const text = unwrapAnsible(raw);
  if (!looksLikeBundle(text)) return unreadable(file, fallbackHost, "not a mailleak bundle (the first line must be '# mailleak-bundle v1 …')");
  const acquired = await acquireFromBundle(text, file);
  const fields = acquired.header?.fields ?? {};
  const host = fields.hostname?.trim() || fallbackHost;
  const problems = acquired.problems.map((p) => `${p.what}: ${p.message}`);
  const inputs: CollectedInputs = { mode: 'bundle', sections: [...acquired.sections, ...options.dnsSections], problems: acquired.problems };
  if (acquired.uid !== undefined) inputs.uid = acquired.uid;
  if (acquired.gid !== undefined) inputs.gid = acquired.gid;
  if (acquired.identityFrom !== undefined) inputs.identityFrom = acquired.identityFrom;
  if (acquired.uid !== undefined) inputs.uidSource = 'inputs';
  if (options.dnsServer !== undefined) inputs.dnsServer = options.dnsServer;
  if (options.offline) inputs.offline = true;

  const checked: CheckedDomain[] = [];
  const results: FleetDomainResult[] = [];
  try {
    for (const [domain, role] of domainsToCheck(options.allow, options.probes)) {
      const report = await analyse(inputs, domain, { allow: options.allow, ...(liveDns ? { liveDns } : {}) });
      const unreadableWhy = findUnreadable(inputs, report);
      if (unreadableWhy !== undefined) return { file, host, status: 'unreadable', exitCode: EXIT.usage, results: [], problems, unreadable: unreadableWhy };
      const outcome = judgeDomain(role, report);
      checked.push({ domain, role, outcome, report });
      const result: FleetDomainResult = { domain, role, verdict: report.verdict, outcome, answer: report.answer, how: describeHow(report) };
      const next = describeNext(report, outcome === 'violation');
      if (next !== undefined) result.next = next;
      results.push(result);
    }
  } catch (err) {
    return unreadable(file, host, err instanceof Error ? err.message : String(err), problems);
  }
  const summary = summariseCheck(checked);
  const out: FleetHostResult = { file, host, status: summary.status, exitCode: summary.exitCode, results, problems };
  const collected: NonNullable<FleetHostResult['collected']> = {};
  if (fields.date) collected.date = fields.date;
  if (fields.backend) collected.backend = fields.backend;
  if (fields.kernel) collected.kernel = fields.kernel;
  out.collected = collected;
  return out;
}
