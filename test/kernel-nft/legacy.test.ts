// Kernel truth for iptables-legacy and iptables-nft tables at once: the same filter OUTPUT
// written with iptables-legacy-restore (x_tables hooks) and iptables-nft-restore (an nf_tables
// base chain), both at priority 0 in a namespace the test creates. The kernel runs both: a DROP
// or REJECT in either stops the SYN, an ACCEPT in one does not let it past the other. mailleak
// reads the two saves as live mode collects them (iptables-save -c, then iptables-legacy-save -c
// when iptables-nft warns of legacy tables) and must say the same, naming the backend whose
// rule decided; the deciding rule's counter must have moved in that backend's save.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDecider } from '../../src/analyses/explain/attempts.js';
import { parseFirewalls, rulesetsOf } from '../../src/analyses/explain/rulesets.js';
import { parseIp } from '../../src/firewall/address.js';
import { buildNetfilterModel } from '../../src/firewall/hooks.js';
import { traceInModel } from '../../src/firewall/simulate/trace.js';
import type { Packet } from '../../src/firewall/simulate/types.js';
import type { InputSection } from '../../src/input/collected.js';
import { LOCAL_V4, LOCAL_V6 } from '../kernel/lib/namespace.js';
import { recordTier } from '../kernel/lib/report.js';
import { PROBE_TIMEOUT_MS } from '../kernel/lib/tier.js';
import { NftRig, nftEnvOrWarn } from './lib/rig.js';

const env = nftEnvOrWarn();

const table = (rules: string[]): string => `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${rules.map((r) => `${r}\n`).join('')}COMMIT\n`;
// legacy: only uid 104 may send to 25; 465 accepted (which must not let it past nf_tables' reject)
const LEGACY = table(['-A OUTPUT -p tcp -m tcp --dport 25 -m owner ! --uid-owner 104 -j DROP', '-A OUTPUT -p tcp -m tcp --dport 465 -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 2525 -j REJECT --reject-with tcp-reset']);
// nf_tables: 465 rejected, 587 accepted early (which must not let it past a legacy drop)
const NFT = table(['-A OUTPUT -p tcp -m tcp --dport 465 -j REJECT --reject-with tcp-reset', '-A OUTPUT -p tcp -m tcp --dport 587 -j ACCEPT', '-A OUTPUT -p tcp -m tcp --dport 25 -m owner --uid-owner 104 -j ACCEPT']);
const DST = { 4: '192.0.2.1', 6: '2001:db8::1' } as const;
/** port, uid, and what the kernel must do: "through", or "stopped BACKEND POSITION" */
const PROBES: [number, number, string][] = [[25, 104, 'through'], [25, 1000, 'stopped legacy 1'], [465, 0, 'stopped nft 1'], [587, 0, 'through'], [2525, 0, 'stopped legacy 3'], [80, 1000, 'through']];

/** the DROP and REJECT rules of each, by position */
const STOPPING = { legacy: [1, 3], nft: [1] };

/** OUTPUT rule position → packets, from a `*-save -c` text. */
function outputCounts(save: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of save.split('\n')) {
    const m = /^\[(\d+):\d+\] -A OUTPUT /.exec(line);
    if (m) out.set(out.size + 1, Number(m[1]));
  }
  return out;
}

function moved(before: Map<number, number>, after: Map<number, number>): number[] {
  return [...after].filter(([k, n]) => n !== (before.get(k) ?? 0)).map(([k]) => k);
}

describe.skipIf(!env.ok)('kernel-nft: iptables-legacy and iptables-nft tables at once', () => {
  let rig: NftRig | undefined;
  beforeAll(() => {
    if (env.ok) rig = new NftRig('legacy', env);
  });
  afterAll(() => rig?.close());

  for (const family of [4, 6] as const) {
    it(`IPv${family}: a DROP or REJECT in either backend is final, and the answer names the backend`, async () => {
      if (!rig) throw new Error('rig not created');
      const tool = family === 4 ? 'iptables' : 'ip6tables';
      const run = (argv: string[], input?: string): Promise<string> => rig!.run(argv, input);
      await rig.load('');
      await run([`${tool}-legacy-restore`], LEGACY);
      await run([`${tool}-nft-restore`], NFT);
      const saves = async (): Promise<{ nft: string; legacy: string }> => ({ nft: await run([`${tool}-nft-save`, '-c']), legacy: await run([`${tool}-legacy-save`, '-c']) });
      let before = await saves();
      const kernelSaid: string[] = [];
      const problems: string[] = [];
      for (const [dport, uid, expected] of PROBES) {
        const kernel = await rig.probe({ family, dst: DST[family], dport, sport: 42000 + dport + uid, uid, gid: uid });
        const after = await saves();
        const movedNft = moved(outputCounts(before.nft), outputCounts(after.nft));
        const movedLegacy = moved(outputCounts(before.legacy), outputCounts(after.legacy));
        const sections: InputSection[] = [
          { kind: 'iptables-save', family, origin: `${tool}-save -c`, command: `${tool}-save -c`, firstLine: 1, text: after.nft, detectedBy: 'collected live' },
          { kind: 'iptables-save', family, origin: `${tool}-legacy-save -c`, command: `${tool}-legacy-save -c`, firstLine: 1, text: after.legacy, detectedBy: 'collected live' },
        ];
        before = after;
        const parsed = parseFirewalls(sections);
        const rulesets = rulesetsOf(parsed, family);
        const packet: Packet = { family, protocol: 6, dst: parseIp(DST[family])!, dport, sport: { from: 42000 + dport + uid, to: 42000 + dport + uid }, state: 'NEW', uid, gid: uid, oif: 'dm0', src: parseIp(family === 4 ? LOCAL_V4 : LOCAL_V6)! };
        const r = traceInModel(buildNetfilterModel(rulesets), packet);
        const by = describeDecider(rulesets, r.decidedBy);
        // the kernel: through (the sink counted it) or stopped by the one stopping rule that counted
        // the kernel: through (the sink counted it), or stopped by the stopping rule whose counter moved
        const stopped = [...movedLegacy.filter((n) => STOPPING.legacy.includes(n)).map((n) => `legacy ${n}`), ...movedNft.filter((n) => STOPPING.nft.includes(n)).map((n) => `nft ${n}`)];
        const stopper = stopped.join(' + ');
        const said = kernel.passed ? 'through' : `stopped ${stopper}`;
        kernelSaid.push(said);
        const mine = r.verdict === 'ACCEPT' ? 'through' : r.verdict === 'UNKNOWN' ? 'UNKNOWN' : `stopped ${by?.backend === 'legacy' ? 'legacy' : 'nft'} ${by?.rule ?? 'policy'}`;
        const agreed = kernel.guardCount === 1 && mine === said && (by?.text === undefined || by.rule === undefined || by.text.includes('-A OUTPUT'));
        const label = `legacy+nft IPv${family} ${DST[family]}:${dport} uid ${uid}`;
        const repro = agreed ? undefined : `${label}: kernel ${said} (legacy moved [${movedLegacy.join(',')}], nft moved [${movedNft.join(',')}]); mailleak ${mine} (${JSON.stringify(r.decidedBy)})\n--- legacy\n${LEGACY}--- nft\n${NFT}`;
        recordTier({ kind: 'probe', agreed, label, ...(repro ? { repro } : {}) });
        if (repro) problems.push(repro);
      }
      expect(kernelSaid).toEqual(PROBES.map(([, , e]) => e));
      expect(problems, problems.slice(0, 3).join('\n\n')).toEqual([]);
    }, PROBE_TIMEOUT_MS);
  }
});
