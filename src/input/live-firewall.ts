// Live firewall collection, read-only: `iptables-save -c` (counters show which rules matched),
// or, when save is missing or fails, `iptables -L -n -v -x --line-numbers` for filter and nat.
// iptables-nft warns when legacy tables also exist (iptables-listing.md §6); those tables are
// live too, so they are read with the legacy tool and kept as their own section.
import type { Family } from '../firewall/model.js';
import type { CollectionProblem, InputSection, SectionKind } from './collected.js';
import { failedForPrivilege, formatCommand, problemFromOutcome, type CommandOutcome, type RunCommand, type RunOptions } from './run-command.js';
import { normalizeText } from './text.js';

export interface Collected {
  sections: InputSection[];
  problems: CollectionProblem[];
}

const LEGACY_WARNING = /#\s*Warning:\s*\S*tables-legacy tables present/;

export function warnsOfLegacyTables(outcome: CommandOutcome): boolean {
  switch (outcome.status) {
    case 'ok':
    case 'exit':
    case 'timeout':
    case 'killed':
      return LEGACY_WARNING.test(outcome.stderr) || LEGACY_WARNING.test(outcome.stdout);
    case 'not-found':
    case 'denied':
    case 'error':
      return false;
  }
}

export function liveSection(kind: SectionKind, argv: readonly string[], text: string, detectedBy: string, family?: Family): InputSection {
  const command = formatCommand(argv);
  const section: InputSection = { kind, origin: command, firstLine: 1, text: normalizeText(text), detectedBy, command };
  if (family !== undefined) section.family = family;
  return section;
}

async function readLegacy(tool: string, family: Family, run: RunCommand, options: RunOptions, into: Collected): Promise<void> {
  const argv = [`${tool}-legacy-save`, '-c'];
  const outcome = await run(argv, options);
  const problem = problemFromOutcome(outcome);
  if (problem) into.problems.push({ what: problem.what, message: `${problem.message} (${tool} warned that legacy tables are present; they could not be read)` });
  else if (outcome.status === 'ok') into.sections.push(liveSection('iptables-save', argv, outcome.stdout, `collected live: ${tool} warned that iptables-legacy tables are present, read with ${formatCommand(argv)}`, family));
}

async function readListings(tool: string, family: Family, run: RunCommand, options: RunOptions, into: Collected): Promise<boolean> {
  let legacy = false;
  for (const table of [[], ['-t', 'nat']]) {
    const argv = [tool, ...table, '-L', '-n', '-v', '-x', '--line-numbers'];
    const outcome = await run(argv, options);
    legacy ||= warnsOfLegacyTables(outcome);
    const problem = problemFromOutcome(outcome);
    if (problem) into.problems.push(problem);
    else if (outcome.status === 'ok') into.sections.push(liveSection('iptables-listing', argv, outcome.stdout, `collected live (${table.length ? 'nat' : 'filter'} table listing)`, family));
    if (failedForPrivilege(outcome)) break;
  }
  return legacy;
}

/** Reads one family's ruleset; what cannot be read becomes a problem and the rest goes on. */
export async function collectFirewall(family: Family, run: RunCommand, options: RunOptions = {}): Promise<Collected> {
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  const into: Collected = { sections: [], problems: [] };
  const saveArgv = [`${tool}-save`, '-c'];
  const save = await run(saveArgv, options);
  let legacy = warnsOfLegacyTables(save);
  if (save.status === 'ok') {
    const empty = save.stdout.trim() === '' ? ' (empty: no tables are loaded, so nothing is filtered)' : '';
    into.sections.push(liveSection('iptables-save', saveArgv, save.stdout, `collected live${empty}`, family));
  } else {
    const problem = problemFromOutcome(save);
    if (problem) into.problems.push(problem);
    // not root: the listing would fail the same way
    if (failedForPrivilege(save)) return into;
    legacy = (await readListings(tool, family, run, options, into)) || legacy;
  }
  if (legacy) await readLegacy(tool, family, run, options, into);
  return into;
}
