// Was anything usable read? No section at all, or firewall sections none of which any parser
// could read (every one came out as 0 rules in 0 chains, with an error): then there is no
// analysis to show, and the CLI exits 2 with this message (fleet marks the host unreadable).
import type { Diagnostic } from '../../diagnostics.js';
import type { CollectedInputs, CollectionProblem } from '../../input/collected.js';
import { isFirewallSection } from './parse-section.js';
import { parseFirewalls } from './rulesets.js';
import type { Report } from './types.js';

/** Why there is nothing to analyse, as data (worded by src/report/unreadable-text.ts). */
export type Unreadable =
  /** no section at all was read: the first collection problem, if any */
  | { kind: 'nothing-read'; problem?: CollectionProblem }
  /** firewall sections none of which any parser could read: the first error */
  | { kind: 'no-rules'; error: Diagnostic };

/** Why no section at all was read (the first problem); undefined when some was. */
export function findNothingRead(inputs: CollectedInputs): Unreadable | undefined {
  if (inputs.sections.length > 0) return undefined;
  const problem = inputs.problems[0];
  return problem ? { kind: 'nothing-read', problem } : { kind: 'nothing-read' };
}

/** Why the inputs give nothing to analyse; undefined when they do. */
export function findUnreadable(inputs: CollectedInputs, report: Report): Unreadable | undefined {
  const nothing = findNothingRead(inputs);
  if (nothing !== undefined) return nothing;
  // parsed once per list of sections: this is the parse `analyse` used
  const { counts } = parseFirewalls(inputs.sections);
  const firewalls = inputs.sections.filter(isFirewallSection);
  const rulesRead = firewalls.some((s) => !(counts.get(s) ?? []).some((c) => c.rules === 0 && c.chains === 0 && !c.noTablesLoaded));
  if (firewalls.length === 0 || rulesRead) return undefined;
  const error = report.diagnostics.find((d) => d.severity === 'error');
  return error ? { kind: 'no-rules', error } : undefined;
}
