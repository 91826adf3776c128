// Builds the model Target from `-j NAME …options` or `-g CHAIN` (iptables(8) TARGETS,
// iptables-extensions(8) TARGET EXTENSIONS). A name that is not a known target is a jump to a
// user chain; whether that chain exists is decided later, when all chains are known.
import type { AddressSpec } from '../address.js';
import { parseCidr, parseIp } from '../address.js';
import type { Range, Target } from '../model.js';
import { classifyTargetName, isKnownTargetName } from './names.js';
import type { OptionUse } from './rule-spec-modules.js';
import { formatOption } from './rule-spec-modules.js';
import { parseHostRange } from './rule-spec-values.js';

export interface TargetUse {
  name: string;
  goto: boolean;
  options: OptionUse[];
}

/**
 * Option → number of arguments of the targets whose options we know (libxt_NAT.c, libxt_LOG.c,
 * libipt_REJECT.c …); the standard targets take none. Another target's options are unknown to us.
 */
export const KNOWN_TARGET_OPTIONS: Record<string, Record<string, number>> = {
  ACCEPT: {}, DROP: {}, RETURN: {},
  REJECT: { 'reject-with': 1 },
  DNAT: { 'to-destination': 1, random: 0, persistent: 0 },
  SNAT: { 'to-source': 1, random: 0, 'random-fully': 0, persistent: 0 },
  MASQUERADE: { 'to-ports': 1, random: 0, 'random-fully': 0 },
  REDIRECT: { 'to-ports': 1, random: 0 },
  NETMAP: { to: 1 },
  LOG: { 'log-level': 1, 'log-prefix': 1, 'log-tcp-sequence': 0, 'log-tcp-options': 0, 'log-ip-options': 0, 'log-uid': 0, 'log-macdecode': 0 },
};

/** `25`, `1024-65535` or `1024:65535` (NAT --to-ports, libxt_NAT.c). */
function parseNatPorts(text: string): Range | undefined {
  const m = /^(\d{1,5})(?:[-:](\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

/** Length of the common leading bits of two addresses (at most `bits`). */
function commonPrefix(a: string, b: string, bits: number): number {
  const x = parseIp(a)?.value ?? 0n;
  const y = parseIp(b)?.value ?? 0n;
  let p = 0;
  while (p < bits && (x >> BigInt(bits - 1 - p)) === (y >> BigInt(bits - 1 - p))) p++;
  return p;
}

/**
 * `a.b.c.d[-e.f.g.h][:port[-port]]`, `[v6]:port`, bare v6. A range of addresses becomes the
 * first address with the prefix the range spans, so a reader can see it covers several.
 */
function parseNatTo(text: string): { toAddress?: AddressSpec; toPorts?: Range } {
  let addr = text;
  let ports: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.+))?$/.exec(text);
  if (bracket) { addr = bracket[1]!; ports = bracket[2]; }
  else if ((text.match(/:/g) ?? []).length === 1) { [addr = '', ports] = text.split(':'); }
  const out: { toAddress?: AddressSpec; toPorts?: Range } = {};
  const range = addr === '' ? undefined : parseHostRange(addr);
  if (range && range.from.type === 'cidr' && range.to.type === 'cidr') {
    out.toAddress = { ...range.from, prefix: commonPrefix(range.from.network, range.to.network, range.from.prefix) };
  }
  const p = ports === undefined ? undefined : parseNatPorts(ports);
  if (p) out.toPorts = p;
  return out;
}

function natTarget(action: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT' | 'NETMAP', options: readonly OptionUse[], text: string): Target {
  let toAddress: AddressSpec | undefined;
  let toPorts: Range | undefined;
  for (const o of options) {
    const value = o.args[0]?.text ?? '';
    if (o.option === 'to-ports' || o.option.startsWith('to-port')) toPorts = parseNatPorts(value) ?? toPorts;
    else if (action === 'NETMAP' && o.option === 'to') toAddress = parseCidr(value);
    else if (o.option.startsWith('to')) ({ toAddress, toPorts } = { ...{ toAddress, toPorts }, ...parseNatTo(value) });
  }
  return { kind: 'nat', action, ...(toAddress ? { toAddress } : {}), ...(toPorts ? { toPorts } : {}), text };
}

/** The target of a rule; `undefined` use means no -j/-g (a counting rule). */
export function buildTarget(use: TargetUse | undefined): Target {
  if (!use) return { kind: 'none' };
  if (use.goto) return { kind: 'goto', chain: use.name };
  const text = use.options.map(formatOption).join(' ');
  // an unknown name with options is an extension target we do not know, not a chain
  if (!isKnownTargetName(use.name)) return use.options.length ? { kind: 'unknown', name: use.name, text } : { kind: 'jump', chain: use.name };
  const base = classifyTargetName(use.name, text);
  switch (base.kind) {
    case 'reject': {
      const w = use.options.find((o) => o.option.startsWith('reject-with'))?.args[0]?.text;
      return w ? { kind: 'reject', with: w } : { kind: 'reject' };
    }
    case 'nat':
      return natTarget(base.action, use.options, text);
    case 'accept':
    case 'drop':
    case 'return':
    case 'jump':
    case 'goto':
    case 'none':
    case 'non-terminal':
    case 'unknown':
      return base;
  }
}
