// The real iptables is the judge of how option prefixes are read (getopt_long): each command
// line is run with iptables/ip6tables in a namespace of our own. When the tool accepts it, the
// rule mailleak reads from the command line must equal the rule it reads from what
// `iptables -S` printed back (full option names); when the tool refuses it (an ambiguous or
// unknown prefix), mailleak must say the rule is not understood (ambiguous-option/unknown-option).
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Family, Rule, Ruleset } from '../../src/firewall/model.js';
import { parseRuleCommands } from '../../src/firewall/parse/commands.js';
import { kernelEnvOrWarn } from './lib/tier.js';

const env = kernelEnvOrWarn('option prefixes');

interface Book { family: Family; mx: string; relay: string }

/** iptables arguments; addresses are picked per family. */
const LINES: ((a: Book) => string)[] = [
  () => '-A OUTPUT -p tcp -m multiport --dport 25,465,587 -j REJECT',
  () => '-A OUTPUT -p tcp -m multiport --destination-port 25,465 -j REJECT',
  () => '-A OUTPUT -p tcp -m multiport --sport 25,465 -j DROP',
  () => '-A OUTPUT -p tcp -m multiport --port 34,35 -j ACCEPT',
  () => '-A OUTPUT -p tcp -m multiport --po 35 -j ACCEPT',
  (a) => `-A OUTPUT -p tcp --dst ${a.mx} -j ACCEPT`,
  (a) => `-A OUTPUT -p tcp --dest ${a.mx} -m multiport --dports 25 -j REJECT`,
  (a) => `-A OUTPUT -p tcp -m multiport --dest ${a.mx} --dports 25 -j REJECT`,
  (a) => `-A OUTPUT --sourc ${a.relay} -p tcp --dpo 25 -j REJECT`,
  () => '-A OUTPUT -p tcp --d 25 -j REJECT',
  () => '-A OUTPUT --proto tcp --dp 26 -j REJECT --reject tcp-reset',
  () => '-A OUTPUT -p tcp --dport 30 --in eth0 -j ACCEPT',
  () => '-A OUTPUT -p tcp --dport 31 --out eth0 -j ACCEPT',
  () => '-A OUTPUT -p tcp --sport 33 --sy -j ACCEPT',
  () => '-A OUTPUT -m owner --uid 0 -j ACCEPT',
  () => '-A OUTPUT -m owner --gid-o 100 -m state --st NEW -j ACCEPT',
  () => '-A OUTPUT -m conntrack --ctst NEW -j ACCEPT',
  () => '-A OUTPUT -m conntrack --ctsta NEW -j ACCEPT',
  () => '--app OUTPUT -p tcp --dport 40 -j ACCEPT',
  () => '--ta filter --ins OUTPUT -p tcp --dport 42 -j ACCEPT',
  (a) => `-t nat -A OUTPUT -p tcp --dport 25 -j DNAT --to ${a.family === 6 ? `[${a.relay}]:2525` : `${a.relay}:2525`}`,
  () => '-t nat -A OUTPUT -p tcp --dport 26 -j REDIRECT --to 2525',
  () => '-t nat -A OUTPUT -p tcp --dport 27 -j REDIRECT --to-p 2526 --ra',
  (a) => `-t nat -A OUTPUT -p tcp --dport 28 -j DNAT --to-d ${a.mx} --r`,
  (a) => `-t nat -A OUTPUT -p tcp --dport 29 -j DNAT --to-d ${a.mx} --pers`,
];

const BOOK: Record<Family, Book> = {
  4: { mx: '192.0.2.25', relay: '198.51.100.7', family: 4 },
  6: { mx: '2001:db8:1::25', relay: '2001:db8:2::7', family: 6 },
};

function lastRule(r: Ruleset, table: string): Rule | undefined {
  return r.tables.find((t) => t.name === table)?.chains.find((c) => c.name === 'OUTPUT')?.rules.at(-1);
}

/**
 * The rule without where and how it was written: its matches as a set (iptables -S prints -d
 * before -p), its target with REJECT's default reply (which -S names) left out.
 */
function meaning(rule: Rule | undefined): unknown {
  if (!rule) return undefined;
  const t = rule.target;
  const target = t.kind === 'nat' ? { ...t, text: '' } : t.kind === 'reject' && /^icmp6?-port-unreachable$/.test(t.with ?? '') ? { kind: 'reject' } : t;
  return { matches: rule.matches.map((m) => JSON.stringify(m)).sort(), target };
}

describe.skipIf(!env.ok)('kernel truth: long option prefixes as iptables reads them', () => {
  const ns = `ml-pfx-${process.pid}`;
  beforeAll(() => { execFileSync('ip', ['netns', 'add', ns]); });
  afterAll(() => { spawnSync('ip', ['netns', 'del', ns]); });

  for (const family of [4, 6] as const) {
    const tool = family === 6 ? 'ip6tables' : 'iptables';
    for (const line of LINES) {
      const args = line(BOOK[family]);
      it(`${tool} ${args}`, () => {
        const table = /-t nat/.test(args) ? 'nat' : 'filter';
        const words = args.split(' ');
        const run = spawnSync('ip', ['netns', 'exec', ns, tool, ...words], { encoding: 'utf8' });
        const ours = parseRuleCommands(`${tool} ${args}\n`, { origin: 'fw.sh', family });
        const refusedByUs = ours.diagnostics.filter((d) => d.code === 'ambiguous-option' || d.code === 'unknown-option' || d.code === 'bad-command');
        if (run.status !== 0) {
          expect(refusedByUs.map((d) => d.code), `${tool} refused it (${run.stderr.trim()}), mailleak read it`).not.toEqual([]);
          expect(lastRule(ours, table)?.matches.some((m) => m.kind === 'unknown')).toBe(true);
          return;
        }
        const listed = execFileSync('ip', ['netns', 'exec', ns, tool, '-t', table, '-S', 'OUTPUT'], { encoding: 'utf8' });
        const kernelLine = listed.trimEnd().split('\n').at(-1)!;
        const theirs = parseRuleCommands(`${tool} -t ${table} ${kernelLine}\n`, { origin: 'kernel', family });
        expect(refusedByUs, `${tool} accepted it as: ${kernelLine}`).toEqual([]);
        expect(meaning(lastRule(ours, table)), `${tool} accepted it as: ${kernelLine}`).toEqual(meaning(lastRule(theirs, table)));
        execFileSync('ip', ['netns', 'exec', ns, tool, '-t', table, '-F']);
      });
    }
  }
});
