// Inputs for the nft findings' tests: nft rulesets, iptables-save text and zone files as the
// CLI would collect them, analysed with `analyse` (findings are asserted by code and arguments).
import { readFileSync } from 'node:fs';
import { analyse } from '../../../../src/analyses/explain/analyse.js';
import type { Finding } from '../../../../src/analyses/explain/findings/types.js';
import type { Report } from '../../../../src/analyses/explain/types.js';
import type { CollectedInputs, InputSection } from '../../../../src/input/collected.js';

const ZONES: Record<string, string> = {
  'gmail.com': readFileSync('fixtures/demo/gmail.com.zone', 'utf8'),
  'domain.com': readFileSync('fixtures/demo/domain.com.zone', 'utf8'),
};

export function nft(text: string, origin = 'ruleset.nft'): InputSection {
  return { kind: 'nft-ruleset', origin, firstLine: 1, text, detectedBy: 'declared by --nft' };
}

export function save(text: string, family: 4 | 6 = 4): InputSection {
  return { kind: 'iptables-save', family, origin: `v${family}.save`, firstLine: 1, text, detectedBy: 'declared by --iptables' };
}

export interface Run {
  report: Report;
  codes: string[];
  find: <C extends Finding['code']>(code: C) => Extract<Finding, { code: C }> | undefined;
}

export async function run(sections: InputSection[], target = 'gmail.com', options: { allow?: string[]; uid?: number } = {}): Promise<Run> {
  const zones = Object.entries(ZONES).map(([name, text]): InputSection => ({ kind: 'dns-records', origin: `${name}.zone`, firstLine: 1, text, detectedBy: 'declared by --dns' }));
  const inputs: CollectedInputs = { sections: [...sections, ...zones], problems: [], mode: 'files' };
  const report = await analyse(inputs, target, options);
  return {
    report,
    codes: report.findings.map((f) => f.code),
    find: <C extends Finding['code']>(code: C) => report.findings.find((f): f is Extract<Finding, { code: C }> => f.code === code),
  };
}

/** A table as `nft list ruleset` prints it: one output base chain with these rules. */
export function table(name: string, rules: string[], head = 'type filter hook output priority filter; policy accept;', chain = 'output'): string {
  return `table ${name} {\n\tchain ${chain} {\n\t\t${head}\n${rules.map((r) => `\t\t${r}\n`).join('')}\t}\n}\n`;
}

/** iptables-nft's own table as nft prints it (the warning goes to stderr, so a paste may lack it). */
export function iptablesNft(family: 'ip' | 'ip6', rules: string[], priority = 'filter'): string {
  return table(`${family} filter`, rules, `type filter hook output priority ${priority}; policy accept;`, 'OUTPUT');
}
