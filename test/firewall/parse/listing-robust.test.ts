// Property test: whatever people paste, the -L parser returns a model, never throws, and names
// every line it did not use in a diagnostic. Inputs are real listing lines, cut, merged and
// sprinkled with noise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ruleset } from '../../../src/firewall/model.js';
import { parseListing } from '../../../src/firewall/parse/listing.js';

const LINES = [
  'root@host1 [~]# /sbin/iptables -L OUTPUT -n --line-number -v',
  '# Warning: iptables-legacy tables present, use iptables-legacy to see them',
  'Chain OUTPUT (policy DROP 0 packets, 0 bytes)',
  'Chain LOCALOUTPUT (1 references)',
  'num   pkts bytes target     prot opt in     out     source               destination',
  ' pkts bytes target     prot opt in     out     source               destination         ',
  'target     prot opt source               destination         ',
  '9   800K  826M LOCALOUTPUT  all  --  *      !lo  ',
  '1        0     0 ACCEPT     tcp  --  *      *            192.x.x.x      /* test */',
  '    0     0            0    --  *      *       0.0.0.0/0            192.0.2.10          ',
  '    0     0 LOGDROPOUT  all  --  any    any     anywhere             anywhere            [goto] ',
  'ACCEPT     tcp  --  anywhere             mail.example.com     tcp spts:1024:65535 dpt:smtp flags:FIN,SYN,RST,ACK/SYN',
  '    0     0 ACCEPT     icmpv6    *      *       ::/0                 ::/0                ipv6-icmp type 128 limit: avg 5/sec burst 10 ',
  '    0     0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            owner UID match 1000 multiport dports 25,465,587 /* user\'s "mail" */ tricky */',
  '    0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "INPUT DROP: "',
  '    0     0 DNAT       6    --  eth0   *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:192.168.1.10:80',
  '```', '[... gap in stored copy ...]', 'nat table:', '',
];

function unaccounted(text: string, ruleset: Ruleset): number {
  const used = new Set<number>();
  for (const chain of ruleset.tables.flatMap((t) => t.chains)) {
    if (chain.loc) used.add(chain.loc.line);
    for (const rule of chain.rules) used.add(rule.loc.line);
  }
  for (const d of ruleset.diagnostics) if (d.loc) used.add(d.loc.line);
  return text.split(/\r?\n|\r/).filter((line, i) => line.trim() !== '' && !/^\s*(num\s+)?(pkts\s+bytes\s+)?target(\s|$)/.test(line) && !used.has(i + 1)).length;
}

/** A real line, possibly cut at some point, with a bit of noise. */
const line = fc.tuple(fc.constantFrom(...LINES), fc.nat(), fc.boolean(), fc.string({ maxLength: 12 }))
  .map(([text, cut, doCut, noise]) => (doCut ? text.slice(0, cut % (text.length + 1)) : text) + (cut % 7 === 0 ? noise : ''));

describe('robustness', () => {
  it('never throws and accounts for every line', () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      const text = lines.join(eol);
      const ruleset = parseListing(text, { origin: 'fuzz' });
      expect(ruleset.diagnostics.filter((d) => d.code === 'line-not-parsed')).toEqual([]);
      expect(unaccounted(text, ruleset)).toBe(0);
    }), { numRuns: 300 });
  });

  it('survives arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const ruleset = parseListing(text, { origin: 'fuzz' });
      expect(ruleset.diagnostics.filter((d) => d.code === 'line-not-parsed')).toEqual([]);
    }), { numRuns: 300 });
  });
});
