// Kernel truth for forwarded packets: a container namespace behind a bridge in a host namespace
// that forwards (ip_forward, MASQUERADE), Docker-shaped rulesets loaded in the host, real SYNs
// from the container. The host's counters name the deciding rule; the simulator (from the save
// text and from the listing) and the built CLI's `trace --forward` must name the same.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIp } from '../../src/firewall/address.js';
import type { Family } from '../../src/firewall/model.js';
import { parseFirewallText } from '../../src/firewall/parse/index.js';
import { tracePacket } from '../../src/firewall/simulate/trace.js';
import type { Packet } from '../../src/firewall/simulate/types.js';
import { describeTrace, formatDecidedBy } from './lib/compare.js';
import { FORWARD_BOOKS, FORWARD_CASES } from './lib/forward-cases.js';
import { BRIDGE, CONTAINER, ForwardRig, WAN, type ForwardProbe } from './lib/forward-rig.js';
import { createRng } from './lib/random.js';
import { recordTier } from './lib/report.js';
import { kernelEnvOrWarn, PROBE_TIMEOUT_MS } from './lib/tier.js';

const env = kernelEnvOrWarn('forwarded packets');
const PORTS = [25, 465, 587, 80];
const RANDOM_PER_CASE = 12;
const RANDOM_PORTS = [25, 465, 587, 2525, 80, 443];
const root = join(import.meta.dirname, '..', '..');
let agreedTotal = 0;
let probesTotal = 0;

/** The fixed grid (MX and another host × ports) plus seeded random destinations in the routed nets. */
function destinations(family: Family, seed: number): { dst: string; dport: number }[] {
  const b = FORWARD_BOOKS[family];
  const grid = [b.mx, b.other].flatMap((dst) => PORTS.map((dport) => ({ dst, dport })));
  const rng = createRng(seed);
  const random = Array.from({ length: RANDOM_PER_CASE }, () => {
    const dport = RANDOM_PORTS[rng.int(0, RANDOM_PORTS.length - 1)]!;
    const host = rng.int(2, 250);
    const dst = family === 6 ? `2001:db8:${rng.chance(0.5) ? 1 : 3}::${host.toString(16)}` : `${rng.chance(0.5) ? '192.0.2' : '203.0.113'}.${host}`;
    return { dst, dport };
  });
  return [...grid, ...random];
}

function forwardedPacket(family: Family, probe: ForwardProbe): Packet {
  return {
    family, protocol: 6, dst: parseIp(probe.dst)!, dport: probe.dport, sport: { from: probe.sport, to: probe.sport }, state: 'NEW',
    origin: { kind: 'forwarded', iif: BRIDGE }, src: parseIp(CONTAINER[family])!, oif: WAN,
  };
}

describe.skipIf(!env.ok)('kernel truth: forwarded packets (a container behind a Docker bridge)', () => {
  let rig: ForwardRig | undefined;
  let dir = '';
  beforeAll(() => {
    rig = new ForwardRig();
    dir = mkdtempSync(join(tmpdir(), 'mailleak-kernel-fwd-'));
  });
  afterAll(() => {
    rig?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (probesTotal > 0) recordTier({ kind: 'note', text: `kernel-forward: ${probesTotal} probes, ${agreedTotal} agreed` });
  });

  for (const family of [4, 6] as const) {
    for (const [index, c] of FORWARD_CASES.entries()) {
      it(`${c.name} (IPv${family}): the simulator and trace --forward agree with the kernel`, async () => {
        if (!rig) throw new Error('rig not created');
        const { save } = await rig.load(family, c.restore(family));
        const listing = parseFirewallText(save, { origin: 'iptables-save -c', family });
        const disagreements: string[] = [];
        const probes: ForwardProbe[] = [];
        for (const { dst, dport } of destinations(family, 18_000 + index * 10 + family)) probes.push(await rig.probe(dst, dport));
        for (const [i, probe] of probes.entries()) {
          const trace = tracePacket(listing, forwardedPacket(family, probe));
          const kernel = `${probe.answer.verdict} by ${formatDecidedBy(probe.answer.decidedBy)}`;
          const agreed = trace.verdict === probe.answer.verdict && formatDecidedBy(trace.decidedBy) === formatDecidedBy(probe.answer.decidedBy);
          const label = `forward ${c.name} IPv${family} probe ${i + 1} → ${probe.dst}:${probe.dport}`;
          probesTotal++;
          if (agreed) agreedTotal++;
          const repro = agreed ? undefined : `${label}\nkernel: ${kernel}\nmailleak: ${describeTrace(trace)}\nmatched: ${probe.answer.matched.join('; ')}\n${save}`;
          recordTier({ kind: 'probe', agreed, label, ...(repro ? { repro } : {}) });
          if (repro) disagreements.push(repro);
        }
        // what a reader of the ruleset expects: the kernel itself must say so, or the case tests nothing
        const said = (p: ForwardProbe): string => `${p.answer.verdict} by ${formatDecidedBy(p.answer.decidedBy)}`;
        expect({ mx25: said(probes[0]!), other25: said(probes[PORTS.length]!) }).toEqual(c.expected);
        // the CLI, as a user runs it, on the first grid probes: port 25 to the MX and to another host
        const file = join(dir, `case-${index}-${family}.save`);
        writeFileSync(file, save);
        for (const probe of [probes[0]!, probes[PORTS.length]!]) {
          const out = JSON.parse(execFileSync('node', [join(root, 'bin', 'mailleak.js'), 'trace', '--forward', '--in', BRIDGE, '--src', CONTAINER[family], '--to', probe.dst, '--port', String(probe.dport), '--sport', String(probe.sport), '--oif', WAN, family === 4 ? '--iptables' : '--ip6tables', file, '--json'], { encoding: 'utf8' })) as { verdict: string; decidedBy: Parameters<typeof formatDecidedBy>[0] };
          if (out.verdict !== probe.answer.verdict || formatDecidedBy(out.decidedBy) !== formatDecidedBy(probe.answer.decidedBy)) {
            disagreements.push(`trace --forward to ${probe.dst}:${probe.dport}: ${out.verdict} by ${formatDecidedBy(out.decidedBy)}, kernel ${probe.answer.verdict} by ${formatDecidedBy(probe.answer.decidedBy)}`);
          }
        }
        expect(disagreements, disagreements.join('\n\n')).toEqual([]);
      }, PROBE_TIMEOUT_MS);
    }
  }
});
