// Kernel truth for forwarded packets through nft forward hooks: the forward rig of the iptables
// tier (a container behind a bridge, SYNs from the container), iptables-nft rules loaded with
// iptables-restore, and a native table on the forward hook beside them. `meta skuid`/`skgid`
// never match a packet without a socket, whatever the operator; iifname and ip6 daddr do.
// Checked on the ruleset as written, the `nft -a list ruleset` text and the JSON, each read
// with the host's iptables-save as `trace --forward --nft … --iptables …` does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceThrough } from '../../src/analyses/trace/trace.js';
import { parseIp } from '../../src/firewall/address.js';
import type { Packet } from '../../src/firewall/simulate/types.js';
import { BRIDGE, CONTAINER, ForwardRig, WAN } from '../kernel/lib/forward-rig.js';
import { recordTier } from '../kernel/lib/report.js';
import { kernelEnvOrWarn, PROBE_TIMEOUT_MS } from '../kernel/lib/tier.js';
import { withoutGuard, type NftForm } from './lib/compare.js';
import { countsOf } from './lib/rig.js';

const env = kernelEnvOrWarn('nft forward hooks');

const NATIVE = `table inet mailfwd {
	chain f {
		type filter hook forward priority filter + 5; policy accept;
		meta skuid != 104 tcp dport 25 counter drop
		meta skgid { 0, 8 } counter drop
		meta skuid != { 0, 104 } counter reject
		iifname "br0" tcp dport 587 counter drop
		iifname "br0" ip6 daddr 2001:db8:1::/48 tcp dport 465 counter reject with tcp reset
		counter
	}
}
`;
// after every other base chain on forward: counts what got through
const SINK = 'table inet mlsink {\n\tchain f {\n\t\ttype filter hook forward priority 100000; policy accept;\n\t\tcounter\n\t}\n}\n';
// iptables-nft's filter FORWARD (priority 0) rejects one network's 465 before the native chain runs
const iptables = (family: 4 | 6): string => `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -d ${family === 4 ? '203.0.113.0/24' : '2001:db8:3::/48'} -p tcp -m tcp --dport 465 -j REJECT --reject-with tcp-reset\nCOMMIT\n`;
/** destination, port, and what the kernel must do (or the case tests nothing): through, or stopped by a native rule / by iptables */
const PROBES: Record<4 | 6, [string, number, string][]> = {
  4: [['192.0.2.10', 25, 'through f 6'], ['192.0.2.10', 587, 'stopped f 4'], ['192.0.2.10', 465, 'through f 6'], ['203.0.113.10', 465, 'stopped'], ['192.0.2.10', 80, 'through f 6']],
  6: [['2001:db8:1::10', 25, 'through f 6'], ['2001:db8:1::10', 587, 'stopped f 4'], ['2001:db8:1::10', 465, 'stopped f 5'], ['2001:db8:3::10', 465, 'stopped'], ['2001:db8:3::10', 80, 'through f 6']],
};

function forwarded(family: 4 | 6, dst: string, dport: number, sport: number): Packet {
  return { family, protocol: 6, dst: parseIp(dst)!, dport, sport: { from: sport, to: sport }, state: 'NEW', origin: { kind: 'forwarded', iif: BRIDGE }, src: parseIp(CONTAINER[family])!, oif: WAN };
}

describe.skipIf(!env.ok)('kernel-nft: forwarded packets through an nft forward hook beside iptables-nft rules', () => {
  let rig: ForwardRig | undefined;
  beforeAll(() => {
    rig = new ForwardRig();
  });
  afterAll(() => rig?.close());

  for (const family of [4, 6] as const) {
    it(`IPv${family}: meta skuid/skgid never match, iifname and addresses do`, async () => {
      if (!rig) throw new Error('rig not created');
      const { save } = await rig.load(family, iptables(family));
      // iptables-restore made the ip/ip6 tables: the native ones are added beside them, never flushed
      await rig.runInHost(['nft', '-f', '-'], `table inet mailfwd\ndelete table inet mailfwd\ntable inet mlsink\ndelete table inet mlsink\n${NATIVE}${SINK}`);
      const listed = withoutGuard({ text: await rig.runInHost(['nft', '-a', 'list', 'ruleset']), json: await rig.runInHost(['nft', '-j', 'list', 'ruleset']) });
      const forms: Record<NftForm, string> = { text: NATIVE, listed: listed.text, json: listed.json };
      let before = countsOf(await rig.runInHost(['nft', '-j', 'list', 'ruleset']));
      const problems: string[] = [];
      const kernelSaid: string[] = [];
      for (const [dst, dport] of PROBES[family]) {
        const probe = await rig.probe(dst, dport);
        const after = countsOf(await rig.runInHost(['nft', '-j', 'list', 'ruleset']));
        const passed = after.sink - before.sink === 1;
        const moved = [...after.rules].filter(([k, n]) => k.startsWith('inet mailfwd') && n !== (before.rules.get(k) ?? 0)).map(([k]) => k);
        before = after;
        kernelSaid.push([passed ? 'through' : 'stopped', ...moved.map((k) => k.replace('inet mailfwd ', ''))].join(' '));
        for (const form of Object.keys(forms) as NftForm[]) {
          const r = traceThrough([{ origin: 'iptables-save -c', text: save, family }], forwarded(family, dst, dport, probe.sport), [{ origin: 'probe', text: forms[form] }]).result;
          const said = r.path.filter((s) => s.result === 'match' && s.rule !== undefined && s.table === 'inet mailfwd').map((s) => `inet mailfwd ${s.chain} ${s.rule}`);
          const decided = r.decidedBy && 'rule' in r.decidedBy ? r.decidedBy : undefined;
          // stopped by the native chain: by a rule that counted; stopped before it: by iptables' deciding rule
          const byNative = !passed && moved.length > 0;
          const rightDecider = passed || (byNative ? decided?.table === 'inet mailfwd' && moved.includes(`inet mailfwd ${decided.chain} ${decided.rule}`) : JSON.stringify(r.decidedBy) === JSON.stringify(probe.answer.decidedBy));
          const agreed = r.verdict !== 'UNKNOWN' && (r.verdict === 'ACCEPT') === passed && said.join() === moved.join() && rightDecider;
          const label = `forward IPv${family} ${dst}:${dport} (${form})`;
          const repro = agreed ? undefined : `${label}: kernel ${passed ? 'through' : 'stopped'}, counted [${moved.join(', ')}], iptables ${probe.answer.verdict}; mailleak ${r.verdict} by ${JSON.stringify(r.decidedBy)}, matched [${said.join(', ')}]\n${NATIVE}${save}`;
          recordTier({ kind: 'probe', agreed, label, ...(repro ? { repro } : {}) });
          if (repro) problems.push(repro);
        }
      }
      expect(kernelSaid).toEqual(PROBES[family].map(([, , expected]) => expected));
      expect(problems, problems.slice(0, 3).join('\n\n')).toEqual([]);
    }, PROBE_TIMEOUT_MS);
  }
});
