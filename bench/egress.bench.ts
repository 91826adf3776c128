// 8. The egress map of a 100k-rule ruleset: every destination × the SMTP ports, for the MTA
// user, through all the chains at once. Timed in-process on an already parsed ruleset (parsing
// is benchmark 2). Two shapes: the generated CSF save (a deny list
// of documentation blocks with port variants) and a worst case of 100k distinct /32s in
// IPv6 addresses in DENYOUT/ALLOWOUT (inside 2001:db8::/32), where the map has about 200k rows.
// The CSF generator is bench/generate.ts (shared with benchmarks 2 and 9).
import { parseFirewallText } from '../src/firewall/parse/index.js';
import type { Ruleset } from '../src/firewall/model.js';
import { computeEgress, type EgressContext } from '../src/firewall/symbolic/index.js';
import { generateCsfSave } from './generate.js';
import { median, timeOnce } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const SMTP = [25, 465, 587].map((p) => ({ from: p, to: p }));
const context = (family: 4 | 6): EgressContext => ({ family, ports: SMTP, uid: 101, gid: 101, oif: 'eth0' });

/** An ip6tables-save text with `rules` distinct /128 destinations, scattered over 2001:db8::/32. */
function distinctHostsSave(rules: number): string {
  const lines = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT DROP [0:0]', ':LOCALOUTPUT - [0:0]', ':DENYOUT - [0:0]', ':ALLOWOUT - [0:0]', ':SMTPOUT - [0:0]'];
  lines.push('-A OUTPUT -o lo -j ACCEPT', '-A OUTPUT -j LOCALOUTPUT', '-A OUTPUT -p tcp -m conntrack --ctstate NEW -j ACCEPT');
  lines.push('-A LOCALOUTPUT -j DENYOUT', '-A LOCALOUTPUT -j ALLOWOUT', '-A LOCALOUTPUT -p tcp -m multiport --dports 25,465,587 -j SMTPOUT');
  lines.push('-A SMTPOUT -m owner --uid-owner 0 -j RETURN', '-A SMTPOUT -m owner --uid-owner 101 -j RETURN', '-A SMTPOUT -j REJECT --reject-with icmp-port-unreachable');
  let x = 1;
  for (let i = 0; i < rules; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const a = `2001:db8:${(x >>> 16).toString(16)}::${(x & 0xffff).toString(16)}`;
    lines.push(i % 10 === 0 ? `-A ALLOWOUT -d ${a}/128 -j ACCEPT` : `-A DENYOUT -d ${a}/128 -j DROP`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/**
 * Cold: each repetition times the first egress map of a freshly parsed ruleset (parsing not
 * timed), as one CLI run computes it — the per-address caches of the evaluator and the
 * simulator start empty. Warm: the same ruleset again.
 */
function measure(ctx: BenchContext, text: string, label: string, family: 4 | 6): { cold: number; warm: number; rows: number } {
  let rows = 0;
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < ctx.repeat; i++) {
    const ruleset: Ruleset = parseFirewallText(text, { origin: label, family });
    cold.push(timeOnce(() => { rows = computeEgress(ruleset, context(family)).rows.length; }));
    warm.push(timeOnce(() => computeEgress(ruleset, context(family))));
  }
  return { cold: median(cold), warm: median(warm), rows };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const group = '12. earlier rounds: egress map in-process';
  const rows: BenchRow[] = [];
  const cases: [string, string, 4 | 6][] = [
    ['CSF iptables-save, 100k rules', generateCsfSave(100_000), 4],
    ['CSF ip6tables-save, 100k rules (distinct /64 deny list)', generateCsfSave(100_000, { family: 6 }), 6],
    ['ip6tables-save, 100k distinct /128 deny/allow rules', distinctHostsSave(100_000), 6],
  ];
  for (const [label, text, family] of cases) {
    ctx.log(`egress: ${label}`);
    const { cold, warm, rows: count } = measure(ctx, text, label, family);
    rows.push({ group, name: `${label}: egress map, tcp/25,465,587, uid 101 (${count} rows)`, median: cold, unit: 'ms', target: '< 1000 ms', met: cold < 1000, note: `first map of a freshly parsed ruleset; the same ruleset again: ${Math.round(warm)} ms` });
  }
  return rows;
}
