// A container's forwarded mail leaves by the interface the host's routing table gives each
// destination (Docker's `! -o br-…` rules test it), as explain finds it per attempt
// (../explain/attempts.ts). For a map of every destination, the address space is cut where the
// route changes (firewall/routes.ts routeIntervals), each part is evaluated with its
// out-interface, and the rows are clipped to their part. A part the table cannot settle keeps
// the out-interface unknown (its rules stay maybe).
import type { IpAddress } from '../../firewall/address.js';
import { routeIntervals, type RouteInterval, type RouteTable } from '../../firewall/routes.js';
import type { ComparedRow } from '../../firewall/symbolic/index.js';
import type { EgressContext } from '../../firewall/symbolic/types.js';

export interface RoutedEgress {
  rows: ComparedRow[];
  notes: string[];
}

/** `evaluate` answers for one out-interface (undefined: not known) over the whole space. */
export function egressByRoute(table: RouteTable, contexts: readonly EgressContext[], evaluate: (contexts: EgressContext[]) => { rows: ComparedRow[]; notes: string[] }): RoutedEgress {
  const intervals = routeIntervals(table);
  const byOif = new Map<string | undefined, RouteInterval[]>();
  for (const interval of intervals) {
    const key = interval.lookup.kind === 'device' ? interval.lookup.oif : undefined;
    byOif.set(key, [...(byOif.get(key) ?? []), interval]);
  }
  const clipped: { row: ComparedRow; index: number }[] = [];
  const notes = new Set<string>();
  for (const [oif, parts] of byOif) {
    const result = evaluate(contexts.map((c) => ({ ...c, ...(oif !== undefined ? { oif } : {}) })));
    for (const n of result.notes) notes.add(n);
    result.rows.forEach((row, index) => {
      for (const part of parts) {
        const piece = clip(row, part);
        if (piece) clipped.push({ row: piece, index });
      }
    });
  }
  clipped.sort((a, b) => (a.row.addresses.from.value < b.row.addresses.from.value ? -1 : a.row.addresses.from.value > b.row.addresses.from.value ? 1 : a.index - b.index));
  const devices = [...new Set(intervals.flatMap((i) => (i.lookup.kind === 'device' ? [i.lookup.oif] : [])))];
  notes.add(`the out-interface of each destination is the host's route for it (IPv${table.family} routing table: ${devices.join(', ') || 'no device'})`);
  return { rows: joinNeighbours(clipped.map((c) => c.row)), notes: [...notes] };
}

function clip(row: ComparedRow, part: RouteInterval): ComparedRow | undefined {
  const from = row.addresses.from.value > part.from ? row.addresses.from.value : part.from;
  const to = row.addresses.to.value < part.to ? row.addresses.to.value : part.to;
  if (from > to) return undefined;
  const family = row.addresses.from.family;
  const addresses = { from: { family, value: from } as IpAddress, to: { family, value: to } as IpAddress };
  return { ...row, addresses, answers: row.answers.map((a) => ({ ...a, addresses })) };
}

/** Rows cut only by a route change, with the same ports and answers on both sides, become one again. */
function joinNeighbours(rows: ComparedRow[]): ComparedRow[] {
  const out: ComparedRow[] = [];
  const lastByPorts = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(row.ports);
    const at = lastByPorts.get(key);
    const prev = at !== undefined ? out[at] : undefined;
    if (prev && prev.addresses.to.value + 1n === row.addresses.from.value && sameAnswers(prev, row)) {
      const addresses = { from: prev.addresses.from, to: row.addresses.to };
      out[at!] = { ...prev, addresses, answers: prev.answers.map((a) => ({ ...a, addresses })) };
      continue;
    }
    lastByPorts.set(key, out.length);
    out.push(row);
  }
  return out;
}

function sameAnswers(a: ComparedRow, b: ComparedRow): boolean {
  const strip = (r: ComparedRow): string => JSON.stringify(r.answers.map(({ addresses: _, ...rest }) => rest), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return strip(a) === strip(b);
}
