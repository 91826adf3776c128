// One Packet per DeliveryAttempt (the SYN Exim's smtp transport sends: state NEW, from an
// ephemeral port, as the MTA's uid/gid) traced through the ruleset of its family; for an MTA in
// a container, the same SYN as the host forwards it (from the container, in on its bridge).
import { formatIp, isLoopback, parseIp, type IpAddress } from '../../firewall/address.js';
import type { Chain, Family, Ruleset, TableName } from '../../firewall/model.js';
import { findChain, findTable } from '../../firewall/model.js';
import { traceInModel, tracePacket } from '../../firewall/simulate/trace.js';
import { buildNetfilterModel, type NetfilterModel } from '../../firewall/hooks.js';
import { EPHEMERAL_PORTS, type DecidedBy, type Packet, type TraceResult } from '../../firewall/simulate/types.js';
import type { DeliveryAttempt } from '../../mail/types.js';
import { containerAddress } from '../../input/mta-container.js';
import { lookupRoute, type RouteTable } from '../../firewall/routes.js';
import type { AttemptResult, DecidingRule } from './types.js';

export interface HostFacts {
  uid?: number;
  gid?: number;
  oif?: string;
  src?: string;
  /** the MTA runs in a container: its attempts are forwarded packets from its address (when known), in on its bridge (when known) */
  container?: { addresses: string[]; bridge?: string };
  /** the host's routing tables (`ip route`, `ip -6 route`): a forwarded packet's out-interface when --oif does not say it */
  routes?: Partial<Record<Family, RouteTable>>;
}

const TCP = 6;

export function buildPacket(attempt: DeliveryAttempt, dst: IpAddress, facts: HostFacts): Packet {
  const packet: Packet = { family: attempt.family, protocol: TCP, dst, dport: attempt.port, sport: EPHEMERAL_PORTS, state: 'NEW' };
  if (facts.container) {
    // routed by this host: no socket here, so no uid/gid (owner matches never match it), and
    // the source is the container's own address (MASQUERADE rewrites it only in POSTROUTING)
    packet.origin = facts.container.bridge !== undefined ? { kind: 'forwarded', iif: facts.container.bridge } : { kind: 'forwarded' };
    const src = containerAddress(facts.container, attempt.family);
    if (src !== undefined) packet.src = parseIp(src)!;
    const oif = facts.oif ?? routedOut(facts, dst)?.name;
    if (oif !== undefined) packet.oif = oif;
    return packet;
  }
  // the planner's uid first: it is the MTA user's (--uid included) unless the MTA says otherwise
  // for this attempt (a Postfix service with unpriv = n connects as root)
  const uid = attempt.uid ?? facts.uid;
  const gid = attempt.gid ?? facts.gid;
  if (uid !== undefined) packet.uid = uid;
  if (gid !== undefined) packet.gid = gid;
  if (facts.oif !== undefined) packet.oif = facts.oif;
  const src = facts.src !== undefined ? parseIp(facts.src) : attempt.interface !== undefined ? parseIp(attempt.interface) : undefined;
  // a source address of the other family does not apply (Exim's `interface` picks one per family)
  if (src && src.family === attempt.family) packet.src = src;
  return packet;
}

/**
 * Where the host routes a container's packet (Docker's `! -o docker0` / `-o br-…` rules test it):
 * the main table's route for the destination, unless --oif says it; no table, or one that cannot
 * settle it, leaves the out-interface unknown, so such rules are maybe.
 */
function routedOut(facts: HostFacts, dst: IpAddress): { name: string; route: string } | undefined {
  if (!facts.container || facts.oif !== undefined) return undefined;
  const found = lookupRoute(facts.routes?.[dst.family], dst);
  return found.kind === 'device' ? { name: found.oif, route: found.route } : undefined;
}

/** `native`: nft tables of a family beside its iptables rules (rulesets.ts): one hook model for both. */
/** `legacy`: iptables-legacy tables beside iptables-nft's (rulesets.ts): they run too. */
export function traceAttempts(attempts: DeliveryAttempt[], rulesets: Partial<Record<Family, Ruleset>>, facts: HostFacts, native: Partial<Record<Family, Ruleset>> = {}, legacy: Partial<Record<Family, Ruleset>> = {}): AttemptResult[] {
  return attempts.map((attempt) => traceAttempt(attempt, rulesets[attempt.family], facts, native[attempt.family], legacy[attempt.family]));
}

function traceAttempt(attempt: DeliveryAttempt, ruleset: Ruleset | undefined, facts: HostFacts, native?: Ruleset, legacy?: Ruleset): AttemptResult {
  const base = describeAttempt(attempt, facts);
  if (attempt.address === undefined) return { ...base, verdict: 'UNKNOWN', decidedBy: null, trace: null, cause: { code: 'addresses-unknown', host: attempt.host }, leavesHost: true };
  const dst = parseIp(attempt.address);
  if (!dst) return { ...base, verdict: 'UNKNOWN', decidedBy: null, trace: null, cause: { code: 'address-invalid', address: attempt.address }, leavesHost: true };
  if (!ruleset) return { ...base, verdict: 'UNKNOWN', decidedBy: null, trace: null, cause: { code: 'family-data-missing', family: attempt.family }, leavesHost: true };
  const packet = buildPacket(attempt, dst, facts);
  const routed = routedOut(facts, dst);
  if (routed) base.outInterface = routed;
  const all = [ruleset, native, legacy].filter((r): r is Ruleset => r !== undefined);
  const trace = all.length > 1 ? traceInModel(modelOf(all), packet) : tracePacket(ruleset, packet);
  const result: AttemptResult = { ...base, verdict: trace.verdict, decidedBy: describeDecider(all, trace.decidedBy), trace, leavesHost: true };
  // nothing decided it: no table is loaded (see detectIpv6Unfiltered for the evidence); native
  // nft tables of the family still filter when ip6tables-save printed nothing
  if (ruleset.noTablesLoaded && !native && !legacy) result.cause = { code: 'no-table-loaded', family: attempt.family };
  if (trace.rewrittenTo) {
    const address = trace.rewrittenTo.address ? formatIp(trace.rewrittenTo.address) : attempt.address;
    const port = trace.rewrittenTo.port ?? attempt.port;
    result.rewrittenTo = attempt.family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
    result.leavesHost = !isLocalRewrite(all, trace);
  }
  return result;
}

function describeAttempt(attempt: DeliveryAttempt, facts: HostFacts): Omit<AttemptResult, 'verdict' | 'decidedBy' | 'trace' | 'leavesHost'> {
  const base: Omit<AttemptResult, 'verdict' | 'decidedBy' | 'trace' | 'leavesHost'> = { order: attempt.order, host: attempt.host, family: attempt.family, port: attempt.port };
  if (attempt.preference !== undefined) base.preference = attempt.preference;
  if (attempt.address !== undefined) base.address = attempt.address;
  if (attempt.fallback) base.fallback = true;
  if (attempt.probe) base.probe = true;
  if (attempt.randomGroup !== undefined) base.randomGroup = attempt.randomGroup;
  const uid = attempt.uid ?? facts.uid;
  // a container's MTA has a uid inside the container, but its packets carry none on this host
  if (uid !== undefined && !facts.container) base.uid = uid;
  return base;
}

/** REDIRECT always delivers to this host (iptables-extensions(8) REDIRECT); so does DNAT to loopback. */
function isLocalRewrite(rulesets: readonly Ruleset[], trace: TraceResult): boolean {
  const by = trace.rewrittenTo?.byRule;
  if (!by || !('rule' in by)) return false;
  const rule = chainIn(rulesets, by.table, by.chain, by.backend)?.rules.find((r) => r.position === by.rule);
  if (rule?.target.kind === 'nat' && rule.target.action === 'REDIRECT') return true;
  const to = trace.rewrittenTo?.address;
  if (!to) return false;
  return isLoopback(to);
}

// iptables tables and "inet filter" never share a name: the first ruleset holding the table has the
// chain; an iptables-legacy table is looked up among the legacy ones only (iptables-nft's has its name)
function chainIn(rulesets: readonly Ruleset[], table: TableName, chain: string, backend?: 'legacy'): Chain | undefined {
  for (const r of rulesets) {
    if ((r.backend === 'legacy') !== (backend === 'legacy')) continue;
    const found = findTable(r, table);
    if (found) return findChain(found, chain);
  }
  return undefined;
}

/** iptables rules, native tables and legacy tables of one family, built once per set (check asks per domain). */
const models = new WeakMap<Ruleset, NetfilterModel[]>();
function modelOf(rulesets: Ruleset[]): NetfilterModel {
  const known = models.get(rulesets[0]!) ?? [];
  models.set(rulesets[0]!, known);
  let model = known.find((m) => m.rulesets.length === rulesets.length && m.rulesets.every((r, i) => r === rulesets[i]));
  if (!model) known.push((model = buildNetfilterModel(rulesets)));
  return model;
}

export function describeDecider(rulesets: Ruleset | readonly Ruleset[], by: DecidedBy | null): DecidingRule | null {
  if (!by) return null;
  const chain = chainIn(Array.isArray(rulesets) ? rulesets : [rulesets as Ruleset], by.table, by.chain, by.backend);
  const backend = by.backend ? { backend: by.backend } : {};
  if ('policy' in by) {
    const out: DecidingRule = { table: by.table, chain: by.chain, policy: true, ...backend };
    if (chain?.loc) Object.assign(out, { origin: chain.loc.origin, line: chain.loc.line, text: chain.loc.text });
    return out;
  }
  const out: DecidingRule = { table: by.table, chain: by.chain, rule: by.rule, ...backend };
  const rule = chain?.rules.find((r) => r.position === by.rule);
  if (rule) Object.assign(out, { origin: rule.loc.origin, line: rule.loc.line, text: rule.loc.text });
  return out;
}
