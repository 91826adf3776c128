// 5. Peak memory at 100k rules: this process parses the generated 100k-rule file, traces 100
// probes and reports its peak RSS (the runner gives every module its own process). The
// baseline is `iptables-restore --test` on the same file (GNU time's maximum RSS).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFirewallText } from '../src/firewall/parse/index.js';
import { tracePacket } from '../src/firewall/simulate/trace.js';
import { generateCsfSave, generateProbes } from './generate.js';
import { createNamespace, mailPacket, peakRssMb, readText } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

function cToolRssMb(ctx: BenchContext, path: string): { median: number } | { reason: string } {
  if (!ctx.canUseKernel) return { reason: ctx.kernelReason ?? 'no kernel tools' };
  if (!existsSync('/usr/bin/time')) return { reason: '/usr/bin/time (GNU time) not installed' };
  const ns = createNamespace();
  try {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', ...ns.exec(['iptables-restore', '--test', path])], { encoding: 'utf8' });
    const kb = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]);
    return r.status === 0 && kb > 0 ? { median: kb / 1024 } : { reason: `iptables-restore --test failed: ${r.stderr.trim().slice(0, 200)}` };
  } finally {
    ns.remove();
  }
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const path = join(ctx.scratch, 'csf-100000-memory.save');
  writeFileSync(path, generateCsfSave(100_000));
  const ruleset = parseFirewallText(readText(path), { origin: path, family: 4 });
  for (const p of generateProbes(100)) tracePacket(ruleset, mailPacket(p.dst, p.dport));
  const rss = peakRssMb();
  const c = cToolRssMb(ctx, path);
  return [{
    group: '11. earlier rounds: peak RSS, parse in-process',
    name: 'peak RSS: parse 100k rules + 100 traces',
    median: rss,
    unit: 'MB',
    ...('median' in c ? { baseline: { name: 'iptables-restore --test', median: c.median } } : { note: `baseline n/a: ${c.reason}` }),
    target: '< 200 MB',
    met: rss < 200,
  }];
}
