// Was anything usable read? No section at all, or firewall sections none of which any parser
// could read (every one came out as 0 rules in 0 chains, with an error): then there is no
// analysis to show, and the CLI exits 2 with this message (fleet marks the host unreadable).
import { formatDiagnostic } from '../../diagnostics.js';
import type { CollectedInputs } from '../../input/collected.js';
import { isFirewallSection } from './parse-section.js';
import { parseFirewalls } from './rulesets.js';
import type { Report } from './types.js';

/** Why no section at all was read (the first problem), as one line; undefined when some was. */
export function findNothingRead(inputs: CollectedInputs): string | undefined {
  if (inputs.sections.length > 0) return undefined;
  const problem = inputs.problems[0];
  return problem ? `${problem.what}: ${problem.message}` : 'no input was read';
}

/** Why the inputs give nothing to analyse, as one line; undefined when they do. */
export function findUnreadable(inputs: CollectedInputs, report: Report): string | undefined {
  const nothing = findNothingRead(inputs);
  if (nothing !== undefined) return nothing;
  // parsed once per list of sections: this is the parse `analyse` used
  const { counts } = parseFirewalls(inputs.sections);
  const firewalls = inputs.sections.filter(isFirewallSection);
  const rulesRead = firewalls.some((s) => !(counts.get(s) ?? []).some((c) => c.rules === 0 && c.chains === 0));
  if (firewalls.length === 0 || rulesRead) return undefined;
  const error = report.diagnostics.find((d) => d.severity === 'error');
  return error ? formatDiagnostic(error).split('\n')[0]!.replace(/ \[[\w-]+\]$/, '') : undefined;
}
