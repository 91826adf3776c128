// 3. The two largest real listings (`iptables -L -n -v` 5,529 rules, `ip6tables -L -n -v`
// 6,203 rules, ../shared/corpus/net-network/configs_chair_for_Network_Architectures_and_Services):
// parse + a trace of each MX address of gmail.com (the demo zone; resolved once, untimed).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Family } from '../src/firewall/model.js';
import { parseFirewallText } from '../src/firewall/parse/index.js';
import { tracePacket } from '../src/firewall/simulate/trace.js';
import { createRecordsResolver } from '../src/mail/dns/records-resolver.js';
import { parseZoneText } from '../src/mail/dns/zone-parse.js';
import { mailPacket, median, readText, timeOnce } from './lib.js';
import type { BenchContext, BenchRow } from './types.js';

const CORPUS = ['..', 'shared', 'corpus', 'net-network', 'configs_chair_for_Network_Architectures_and_Services'];
const LISTINGS: { family: Family; file: string }[] = [
  { family: 4, file: 'iptables-Lnv-2016-06-27_16-29-01' },
  { family: 6, file: 'ip6tables-Lnv-2016-06-27_16-29-01' },
];
const DOMAIN = 'gmail.com';

/** The A or AAAA addresses of every MX host of the demo domain. */
async function mxAddresses(root: string, family: Family): Promise<string[]> {
  const zone = parseZoneText(readText(join(root, 'fixtures', 'demo', `${DOMAIN}.zone`)), `${DOMAIN}.zone`, { zoneOrigin: DOMAIN });
  const resolver = createRecordsResolver(zone.records, 'demo zone');
  const mx = await resolver.resolveMx(DOMAIN);
  if (mx.status !== 'ok') throw new Error(`no MX for ${DOMAIN} in the demo zone`);
  const addresses: string[] = [];
  for (const r of mx.records) {
    const found = family === 4 ? await resolver.resolveA(r.exchange) : await resolver.resolveAaaa(r.exchange);
    if (found.status === 'ok') addresses.push(...found.records);
  }
  return addresses;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const group = '9. earlier rounds: real listings';
  const rows: BenchRow[] = [];
  for (const { family, file } of LISTINGS) {
    const path = join(ctx.root, ...CORPUS, file);
    const target = '< 200 ms';
    if (!existsSync(path)) {
      rows.push({ group, name: file, median: Number.NaN, unit: 'ms', target, note: `n/a: ${path} not found` });
      continue;
    }
    const addresses = await mxAddresses(ctx.root, family);
    let rules = 0;
    const once = (): number => timeOnce(() => {
      const ruleset = parseFirewallText(readText(path), { origin: file, family });
      for (const a of addresses) tracePacket(ruleset, mailPacket(a));
      rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((k, c) => k + c.rules.length, 0), 0);
    });
    ctx.log(`listings: ${file}`);
    const samples = Array.from({ length: ctx.repeat }, once);
    const m = median(samples);
    // the first run is what one CLI invocation pays (cold JIT); the median is the steady state
    rows.push({ group, name: `${family === 6 ? 'ip6tables' : 'iptables'} -L -n -v, ${rules.toLocaleString('en')} rules: parse + ${addresses.length} MX traces`, median: m, unit: 'ms', target, met: m < 200, note: `first run, cold: ${Math.round(samples[0]!)} ms` });
  }
  return rows;
}
