// One host of a fleet: its bundle → inputs (as live mode on that host would read them) →
// `runCheck`, the very function `mailleak check` runs (each domain for its role, then the egress
// half) → the host's status and exit code, always those of `mailleak check --bundle FILE`.
// Never throws: a bundle that cannot be read makes the host 'unreadable' with the reason.
// Reading the file is node/fleet-files.ts's.
import { runCheck, type CheckedDomain } from '../check/check.js';
import { EXIT } from '../exit-codes.js';
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

/** One domain of the check as a row of the fleet: the words and labels, not the whole report. */
function toFleetResult(c: CheckedDomain): FleetDomainResult {
  const result: FleetDomainResult = { domain: c.domain, role: c.role, verdict: c.report.verdict, outcome: c.outcome, delivery: c.delivery, answer: c.answer, how: describeHow(c.report, c.role) };
  const next = describeNext(c.report, c.role, c.outcome === 'violation');
  if (next !== undefined) result.next = next;
  return result;
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
  // as `--bundle FILE` makes them (src/input/acquire.ts): the header's hostname is Exim's `@` there
  const inputs: CollectedInputs = { mode: 'bundle', sections: [...acquired.sections, ...options.dnsSections], problems: acquired.problems };
  if (acquired.hostname !== undefined) inputs.hostname = acquired.hostname;
  if (acquired.uid !== undefined) inputs.uid = acquired.uid;
  if (acquired.gid !== undefined) inputs.gid = acquired.gid;
  if (acquired.identityFrom !== undefined) inputs.identityFrom = acquired.identityFrom;
  if (acquired.uid !== undefined) inputs.uidSource = 'inputs';
  // the container that publishes SMTP on that host (docker ps / inspect in the bundle)
  if (acquired.mtaContainer !== undefined) inputs.mtaContainer = acquired.mtaContainer;
  // which MTA that host runs (Exim or Postfix), and so whose configuration is planned with
  if (acquired.mta !== undefined) inputs.mta = acquired.mta;
  if (acquired.mtaHostNetwork !== undefined) inputs.mtaHostNetwork = acquired.mtaHostNetwork;
  if (options.dnsServer !== undefined) inputs.dnsServer = options.dnsServer;
  if (options.offline) inputs.offline = true;

  // the very check `mailleak check --bundle FILE` runs: each domain for its role, then egress
  let check: Awaited<ReturnType<typeof runCheck>>;
  try {
    check = await runCheck(inputs, options.allow, options.probes, liveDns ? { liveDns } : {});
  } catch (err) {
    return unreadable(file, host, err instanceof Error ? err.message : String(err), problems);
  }
  if ('unreadable' in check) return { file, host, status: 'unreadable', exitCode: EXIT.usage, results: [], problems, unreadable: check.unreadable };
  const results = check.results.map(toFleetResult);
  const out: FleetHostResult = { file, host, status: check.summary.status, exitCode: check.summary.exitCode, results, egress: check.egress, problems };
  const collected: NonNullable<FleetHostResult['collected']> = {};
  if (fields.date) collected.date = fields.date;
  if (fields.backend) collected.backend = fields.backend;
  if (fields.kernel) collected.kernel = fields.kernel;
  out.collected = collected;
  return out;
}
