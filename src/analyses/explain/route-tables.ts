// The host's routing tables from the inputs: `ip route` / `ip -6 route` sections (collected live
// or in a bundle on a Docker host, pasted — both families in one paste too — or given as a file).
// The first table of each family counts: sections the user gave come before collected ones.
import type { Family } from '../../firewall/model.js';
import { parseRouteTables, type RouteTable } from '../../firewall/routes.js';
import type { InputSection } from '../../input/collected.js';

export function readRouteTables(sections: readonly InputSection[]): Partial<Record<Family, RouteTable>> | undefined {
  const out: Partial<Record<Family, RouteTable>> = {};
  for (const section of sections) {
    if (section.kind !== 'ip-route') continue;
    // `ip route get ADDR` answers one destination, not a table: not a route for others
    if (section.command?.includes(' get ') || /^\s*\S+\s.*\bcache\b/m.test(section.text)) continue;
    const tables = parseRouteTables(section.text, section.family);
    for (const family of [4, 6] as const) if (!out[family] && tables[family]) out[family] = tables[family];
  }
  return out[4] || out[6] ? out : undefined;
}
