// Builds ruleset models by hand for simulator tests, so that they do not depend on a parser.
import type { AddressSpec } from '../../../src/firewall/address.js';
import { parseCidr, parseIp } from '../../../src/firewall/address.js';
import { BUILTIN_CHAINS } from '../../../src/firewall/model.js';
import type { Chain, ConnState, Family, Match, Range, Rule, Ruleset, RulesetFormat, IptablesTable as TableName, Target } from '../../../src/firewall/model.js';
import type { Packet } from '../../../src/firewall/simulate/types.js';
import { EPHEMERAL_PORTS } from '../../../src/firewall/simulate/types.js';

export interface ChainSpec {
  policy?: 'ACCEPT' | 'DROP';
  /** [matches, target] per rule, in order */
  rules?: [Match[], Target][];
  bodyKnown?: boolean;
  truncated?: boolean;
}

export type TablesSpec = Partial<Record<TableName, Record<string, ChainSpec>>>;

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

export function ruleset(tables: TablesSpec, opts: { family?: Family; format?: RulesetFormat } = {}): Ruleset {
  let line = 0;
  const out: Ruleset = { family: opts.family ?? 4, format: opts.format ?? 'save', origin: 'test', tables: [], interfacesKnown: true, diagnostics: [] };
  for (const [name, chains] of Object.entries(tables) as [TableName, Record<string, ChainSpec>][]) {
    const built: Chain[] = Object.entries(chains).map(([chainName, spec]) => {
      const rules: Rule[] = (spec.rules ?? []).map(([matches, target], i) => {
        line++;
        return { position: i + 1, matches, target, loc: { origin: 'test', line, text: `-A ${chainName} rule ${i + 1}` } };
      });
      const chain: Chain = { name: chainName, builtin: BUILTIN.has(chainName), bodyKnown: spec.bodyKnown ?? true, rules };
      if (spec.policy) chain.policy = spec.policy;
      else if (chain.builtin && spec.bodyKnown !== false) chain.policy = 'ACCEPT';
      if (spec.truncated) chain.truncated = true;
      return chain;
    });
    // iptables-save always prints every builtin chain of a table it prints
    if (out.format === 'save') {
      for (const builtin of BUILTIN_CHAINS[name]) {
        if (!built.some((c) => c.name === builtin)) built.push({ name: builtin, builtin: true, policy: 'ACCEPT', bodyKnown: true, rules: [] });
      }
    }
    out.tables.push({ name, chains: built });
  }
  return out;
}

export function cidr(text: string): AddressSpec {
  const spec = parseCidr(text);
  if (!spec) throw new Error(`bad test address ${text}`);
  return spec;
}

// matches
export const proto = (p: 'tcp' | 'udp' | 'icmp' | 'all' | number, negated = false): Match => ({ kind: 'protocol', negated, protocol: p === 'tcp' ? 6 : p === 'udp' ? 17 : p === 'icmp' ? 1 : p, text: String(p) });
export const dst = (a: string, negated = false): Match => ({ kind: 'address', dir: 'dst', negated, address: cidr(a) });
export const src = (a: string, negated = false): Match => ({ kind: 'address', dir: 'src', negated, address: cidr(a) });
export const oif = (name: string, negated = false): Match => ({ kind: 'interface', dir: 'out', negated, name });
export const iif = (name: string, negated = false): Match => ({ kind: 'interface', dir: 'in', negated, name });
const ranges = (ports: (number | [number, number])[]): Range[] => ports.map((p) => (typeof p === 'number' ? { from: p, to: p } : { from: p[0], to: p[1] }));
export const dport = (p: number | [number, number], negated = false): Match => ({ kind: 'port', dir: 'dst', negated, ranges: ranges([p]) });
export const sport = (p: number | [number, number], negated = false): Match => ({ kind: 'port', dir: 'src', negated, ranges: ranges([p]) });
export const multiport = (dir: 'src' | 'dst' | 'any', ports: (number | [number, number])[], negated = false): Match => ({ kind: 'port', dir, negated, ranges: ranges(ports) });
export const state = (states: ConnState[], negated = false): Match => ({ kind: 'state', module: 'conntrack', negated, states });
export const uidOwner = (from: number, to = from, negated = false): Match => ({ kind: 'owner', uid: { negated, range: { from, to } } });
export const gidOwner = (from: number, to = from, negated = false): Match => ({ kind: 'owner', gid: { negated, range: { from, to } } });
export const comment = (text: string): Match => ({ kind: 'comment', text });
export const stateful = (module: string): Match => ({ kind: 'stateful', module, text: `-m ${module}`, reason: `${module} depends on history` });
export const unknownMatch = (text: string): Match => ({ kind: 'unknown', text });

// targets
export const ACCEPT: Target = { kind: 'accept' };
export const DROP: Target = { kind: 'drop' };
export const REJECT: Target = { kind: 'reject', with: 'icmp-port-unreachable' };
export const RETURN: Target = { kind: 'return' };
export const COUNT: Target = { kind: 'none' };
export const LOG: Target = { kind: 'non-terminal', name: 'LOG', text: '--log-prefix "out "' };
export const NOTRACK: Target = { kind: 'non-terminal', name: 'CT', text: '--notrack' };
export const jump = (chain: string): Target => ({ kind: 'jump', chain });
export const goto = (chain: string): Target => ({ kind: 'goto', chain });
export const dnat = (address: string, port?: number): Target => ({ kind: 'nat', action: 'DNAT', toAddress: cidr(address), ...(port ? { toPorts: { from: port, to: port } } : {}), text: `to:${address}${port ? `:${port}` : ''}` });
export const redirect = (port: number): Target => ({ kind: 'nat', action: 'REDIRECT', toPorts: { from: port, to: port }, text: `redir ports ${port}` });
export const unknownTarget = (name: string): Target => ({ kind: 'unknown', name, text: '' });

export interface PacketSpec {
  to: string;
  port?: number;
  proto?: 'tcp' | 'udp';
  state?: 'NEW' | 'ESTABLISHED';
  uid?: number;
  gid?: number;
  oif?: string;
  src?: string;
  sport?: number;
}

export function packet(spec: PacketSpec): Packet {
  const to = parseIp(spec.to);
  if (!to) throw new Error(`bad test address ${spec.to}`);
  const p: Packet = {
    family: to.family,
    protocol: spec.proto === 'udp' ? 17 : 6,
    dst: to,
    dport: spec.port ?? 25,
    sport: spec.sport !== undefined ? { from: spec.sport, to: spec.sport } : EPHEMERAL_PORTS,
    state: spec.state ?? 'NEW',
  };
  if (spec.uid !== undefined) p.uid = spec.uid;
  if (spec.gid !== undefined) p.gid = spec.gid;
  if (spec.oif !== undefined) p.oif = spec.oif;
  if (spec.src !== undefined) p.src = parseIp(spec.src)!;
  return p;
}
