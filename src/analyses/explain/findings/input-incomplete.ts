// What the input could not show: no -v (interfaces, counters), a cut-off listing, one table,
// one chain, legacy tables hidden behind iptables-nft, and inputs that could not be read.
import type { Analysis } from '../types.js';
import { rulesetEntries, tool } from './rules.js';
import { makeFinding, type Evidence, type Finding } from './types.js';

export function detectInputIncomplete(a: Analysis, problems: { what: string; message: string }[], sectionTexts: { origin: string; firstLine: number; text: string; command?: string }[]): Finding[] {
  const evidence: Evidence[] = [];
  const commands = new Set<string>();
  for (const [family, ruleset] of rulesetEntries(a)) {
    const t = tool(family);
    const where = { origin: ruleset.origin, family };
    if (!ruleset.interfacesKnown) {
      evidence.push({ ...where, note: 'listed without -v: interfaces and counters are not shown, so rules such as `! -o lo` or `-o eth1` cannot be told apart' });
      commands.add(`${t} -L -n -v --line-numbers`);
    }
    for (const table of ruleset.tables) for (const chain of table.chains) {
      if (chain.truncated) {
        evidence.push({ ...where, ...(chain.loc ? { line: chain.loc.line, text: chain.loc.text } : {}), note: `the listing of ${chain.name} is cut off or has a gap in its numbering` });
        commands.add(`${t}${table.name === 'filter' ? '' : ` -t ${table.name}`} -L ${chain.name} -n -v --line-numbers`);
      }
    }
    const listedByCommand = ruleset.listedChains ? undefined : chainListedByCommand(sectionTexts, ruleset.origin);
    if (listedByCommand) {
      evidence.push({ ...where, note: `the command listed only ${listedByCommand} (\`-L ${listedByCommand}\`): the chains it jumps to and the other tables are not shown` });
      commands.add(`${t}-save -c`);
    }
    if (ruleset.listedChains) {
      evidence.push({ ...where, note: `only ${ruleset.listedChains.join(', ')} was listed: chains it jumps to are not shown` });
      commands.add(`${t}-save -c`);
    }
    if (ruleset.format === 'listing' && ruleset.tables.length === 1) {
      const only = ruleset.tables[0]!.name;
      // what the missing tables could do to the mail's packet, the decisive one first
      const missing = [
        ...(only !== 'filter' ? [{ what: 'the filter table (OUTPUT\'s rules and policy)', command: `${t} -L -n -v --line-numbers` }] : []),
        ...(only !== 'nat' ? [{ what: 'nat OUTPUT (REDIRECT/DNAT)', command: `${t} -t nat -L -n -v --line-numbers` }] : []),
        ...(only !== 'raw' && only !== 'mangle' ? [{ what: 'raw/mangle', command: undefined }] : []),
      ];
      const list = missing.map((m) => m.what);
      evidence.push({ ...where, note: `only the ${only} table was supplied: ${list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0]} ${list.length > 1 ? 'were' : 'was'} not checked` });
      for (const m of missing) if (m.command) commands.add(m.command);
    }
  }
  for (const s of sectionTexts) {
    const lines = s.text.split('\n');
    const i = lines.findIndex((l) => /legacy tables present/i.test(l));
    if (i >= 0) {
      evidence.push({ origin: s.origin, line: s.firstLine + i, text: lines[i]!, note: 'iptables-legacy tables exist next to the nft ones: rules there are active but not listed' });
      commands.add('iptables-legacy-save -c');
      commands.add('ip6tables-legacy-save -c');
    }
  }
  for (const p of problems) evidence.push({ origin: p.what, note: p.message });
  if (evidence.length === 0) return [];
  return [makeFinding('input-incomplete', { gaps: evidence.length, commands: [...commands] }, evidence)];
}

/** `iptables -L OUTPUT -n -v`: a chain name right after -L means only that chain was listed. */
function chainListedByCommand(sections: { origin: string; command?: string }[], origin: string): string | undefined {
  for (const s of sections) {
    if (s.origin !== origin || !s.command) continue;
    const m = /(?:^|\s)(?:-L|--list)\s+([^\s-][^\s]*)/.exec(s.command);
    if (m) return m[1];
  }
  return undefined;
}
