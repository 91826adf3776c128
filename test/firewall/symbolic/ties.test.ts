// Equal-priority base chains in the egress map (check and egress): every order is evaluated,
// and where the verdict depends on the order the row is UNKNOWN because of the tie, as the
// trace says for one packet (simulate/ties.ts), never one order picked silently.
import { describe, expect, it } from 'vitest';
import { buildNetfilterModel } from '../../../src/firewall/hooks.js';
import { parseNft } from '../../../src/firewall/nft/index.js';
import { compareModelEgress, computeModelEgress } from '../../../src/firewall/symbolic/index.js';
import { parseIp } from '../../../src/firewall/address.js';
import { traceInModel } from '../../../src/firewall/simulate/trace.js';

const chain = (name: string, priority: number, ...rules: string[]) => `table inet ${name} {\n\tchain c {\n\t\ttype filter hook output priority ${priority}; policy accept;\n${rules.map((r) => `\t\t${r}\n`).join('')}\t}\n}\n`;
const ports = [25, 26, 587].map((p) => ({ from: p, to: p }));

function verdictAt(rows: ReturnType<typeof computeModelEgress>['rows'], port: number) {
  return rows.filter((r) => r.ports.some((p) => p.from <= port && port <= p.to));
}

describe('egress map with base chains of equal priority', () => {
  const tied = buildNetfilterModel([parseNft(chain('a', 0, 'tcp dport 25 drop', 'tcp dport 26 drop') + chain('b', 0, 'tcp dport 25 reject'), 'r')]);

  it('a drop in one and a reject in the other: UNKNOWN because of the tie; where the order does not matter the verdict stands', () => {
    const map = computeModelEgress(tied, { family: 4, ports, uid: 104 });
    for (const row of verdictAt(map.rows, 25)) {
      expect(row).toMatchObject({ verdict: 'UNKNOWN', decidedBy: null });
      expect(row.unknownBecause?.cause).toEqual({ code: 'priority-tie', hook: 'output', priority: 0, chains: ['inet a c', 'inet b c'] });
    }
    for (const row of verdictAt(map.rows, 26)) expect(row).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet a', chain: 'c', rule: 2 } });
    for (const row of verdictAt(map.rows, 587)) expect(row.verdict).toBe('ACCEPT');
    expect(verdictAt(map.rows, 25).length).toBeGreaterThan(0);
  });

  it('agrees with the trace of one packet, and compareModelEgress says the same per principal', () => {
    const packet = { family: 4 as const, protocol: 6, dst: parseIp('192.0.2.1')!, dport: 25, sport: { from: 40000, to: 40000 }, state: 'NEW' as const, uid: 104 };
    expect(traceInModel(tied, packet).verdict).toBe('UNKNOWN');
    const compared = compareModelEgress(tied, [{ family: 4, ports, uid: 0 }, { family: 4, ports, uid: 104 }]);
    const at25 = compared.rows.filter((r) => r.ports.some((p) => p.from === 25));
    expect(at25.length).toBeGreaterThan(0);
    for (const r of at25) expect(r.answers.map((a) => a.verdict)).toEqual(['UNKNOWN', 'UNKNOWN']);
  });

  it('different priorities are no tie: the earlier chain decides', () => {
    const ordered = buildNetfilterModel([parseNft(chain('a', -10, 'tcp dport 25 drop') + chain('b', 0, 'tcp dport 25 reject'), 'r')]);
    for (const row of verdictAt(computeModelEgress(ordered, { family: 4, ports }).rows, 25)) expect(row).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'inet a' } });
  });
});
