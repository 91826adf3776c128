// One host of a fleet: its bundle → inputs (as live mode on that host would read them) →
// `analyse` per probe and allowed domain → the host's status, judged as `mailleak check` judges.
// Never throws: a bundle that cannot be read makes the host 'unreadable' with the reason.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { judgeDomain, summariseCheck } from '../../cli/commands/check.js';
import { assertReadable } from '../../cli/commands/explain.js';
import { EXIT } from '../../cli/exit.js';
import { analyse } from '../explain/analyse.js';
import type { CollectedInputs } from '../../input/collected.js';
import { describeReadError, MAX_INPUT_BYTES } from '../../input/node/read.js';
import { acquireFromBundle } from '../../input/bundle/bundle-acquire.js';
import { looksLikeBundle, unwrapAnsible } from '../../input/bundle/bundle-format.js';
import { describeHow, describeNext } from './fleet-how.js';
import type { FleetDomainResult, FleetHostResult, FleetOptions } from './fleet-types.js';

type Checked = Parameters<typeof summariseCheck>[0][number];

function unreadable(file: string, host: string, error: string, problems: string[] = []): FleetHostResult {
  return { file, host, status: 'unreadable', exitCode: EXIT.usage, results: [], problems, error };
}

/** Analyses one bundle's text (or an Ansible --tree file holding it). */
export async function analyseBundleText(raw: string, file: string, options: FleetOptions): Promise<FleetHostResult> {
  const fallbackHost = basename(file).replace(/\.(?:bundle|txt|log|out|json)$/i, '');
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
  if (options.dnsServer !== undefined) inputs.dnsServer = options.dnsServer;
  if (options.offline) inputs.offline = true;

  const checked: Checked[] = [];
  const results: FleetDomainResult[] = [];
  try {
    for (const [domain, role] of [...options.allow.map((d) => [d, 'allowed'] as const), ...options.probes.map((d) => [d, 'probe'] as const)]) {
      const report = await analyse(inputs, domain, { allow: options.allow });
      assertReadable(inputs, report);
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

/** Reads and analyses one bundle file. */
export async function analyseBundleFile(file: string, options: FleetOptions): Promise<FleetHostResult> {
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.length > MAX_INPUT_BYTES) return unreadable(file, basename(file), `larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; not read`);
    text = buf.toString('utf8');
  } catch (err) {
    return unreadable(file, basename(file), `cannot read: ${describeReadError(err)}`);
  }
  return analyseBundleText(text, file, options);
}
