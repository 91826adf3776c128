// What trivial-rewrite(8) decides for a recipient: the address class (local mydestination,
// virtual alias, virtual mailbox, relay_domains, default), the class's transport and next hop,
// then transport_maps on top (postconf(5) default_transport, relay_transport, relayhost;
// transport(5); shared/reference/postfix-nftables.md §1.1). One resolution per possibility
// when the sender is not known and a sender-dependent table could change the answer.
import type { PlanAssumption, RouterStep } from '../types.js';
import { matchDomainList } from './domain-list.js';
import { searchTransportMaps } from './transport-maps.js';
import { expandParam, splitList } from './params.js';
import { senderChoices, type SenderContext } from './sender-choices.js';

export type AddressClass = 'local' | 'virtual-alias' | 'virtual' | 'relay' | 'default';

export interface Resolution {
  addressClass: AddressClass;
  transport: string;
  nexthop: string;
  /** the parameter that gave the transport and the one that gave the next hop */
  transportFrom: string;
  nexthopFrom: string;
  steps: RouterStep[];
  assumptions: PlanAssumption[];
  uncertain: string[];
  notes: string[];
  /** the table line that decided, when a table did */
  decidedBy?: { map: string; key: string; file?: string; line?: number; text?: string };
}

const CLASSES: { cls: AddressClass; param: string; name: string }[] = [
  { cls: 'local', param: 'mydestination', name: 'local' },
  { cls: 'virtual-alias', param: 'virtual_alias_domains', name: 'virtual alias' },
  { cls: 'virtual', param: 'virtual_mailbox_domains', name: 'virtual mailbox' },
  { cls: 'relay', param: 'relay_domains', name: 'relay' },
];

const TRANSPORT_OF: Record<AddressClass, string> = { local: 'local_transport', 'virtual-alias': 'error', virtual: 'virtual_transport', relay: 'relay_transport', default: 'default_transport' };

export function resolveAddress(recipient: string, ctx: SenderContext): Resolution[] {
  const at = recipient.lastIndexOf('@');
  const domain = recipient.slice(at + 1).toLowerCase();
  const parents = splitList(expandParam('parent_domain_matches_subdomains', ctx.src).value);
  const uncertain: string[] = [];
  let cls: AddressClass = 'default';
  let why = `${domain} is not in mydestination, virtual_alias_domains, virtual_mailbox_domains or relay_domains: default domain class`;
  for (const c of CLASSES) {
    const list = expandParam(c.param, ctx.src);
    const m = matchDomainList(domain, list.value, { readFile: ctx.readFile, diagnostics: ctx.diagnostics, parentMatches: parents.includes(c.param) });
    for (const u of m.unknown) uncertain.push(`${c.param} item ${u} is not known; read as not matching ${domain}`);
    if (m.matched) {
      cls = c.cls;
      why = `${domain} matches ${c.param} (${m.by}): ${c.name} domain class`;
      break;
    }
  }
  const classStep: RouterStep = { router: 'address class', driver: 'trivial-rewrite', result: 'accepted', reason: why };
  if (cls === 'virtual-alias') {
    // cleanup(8) rewrote the recipient through virtual_alias_maps before (virtual-alias.ts): an
    // address of a virtual alias domain left as it is has no entry, and is refused
    return [{ addressClass: cls, transport: 'error', nexthop: '5.1.1 User unknown in virtual alias table', transportFrom: 'virtual_alias_domains', nexthopFrom: 'virtual_alias_domains', steps: [classStep], assumptions: [], uncertain, notes: [] }];
  }
  const bases: Resolution[] = [];
  const transportParam = TRANSPORT_OF[cls];
  const transportChoices = cls === 'default' ? senderChoices('sender_dependent_default_transport_maps', ctx) : [{ assumptions: [], uncertain: [] }];
  for (const tc of transportChoices) {
    const spec = tc.value ?? expandParam(transportParam, ctx.src).value;
    const [transport, specHop] = splitTransport(spec);
    const from = tc.value !== undefined ? 'sender_dependent_default_transport_maps' : transportParam;
    if (specHop !== '' || cls === 'local' || cls === 'virtual') {
      bases.push({ addressClass: cls, transport, nexthop: specHop || domain, transportFrom: from, nexthopFrom: specHop ? from : 'recipient domain', steps: [classStep], assumptions: tc.assumptions, uncertain: [...uncertain, ...tc.uncertain], notes: [] });
      continue;
    }
    for (const rc of senderChoices('sender_dependent_relayhost_maps', ctx)) {
      const relayhost = rc.value ?? expandParam('relayhost', ctx.src).value.trim();
      const nexthopFrom = rc.value !== undefined ? 'sender_dependent_relayhost_maps' : relayhost !== '' ? 'relayhost' : 'recipient domain';
      bases.push({ addressClass: cls, transport, nexthop: relayhost || domain, transportFrom: from, nexthopFrom, steps: [classStep], assumptions: [...tc.assumptions, ...rc.assumptions], uncertain: [...uncertain, ...tc.uncertain, ...rc.uncertain], notes: [] });
    }
  }
  const found = searchTransportMaps(recipient, ctx);
  return bases.map((base) => {
    const steps = [...base.steps, ...found.steps];
    const out: Resolution = { ...base, steps, uncertain: [...base.uncertain, ...found.uncertain] };
    if (!found.hit) return out;
    const [transport, nexthop] = splitTransport(found.hit.value);
    const decidedBy = { map: found.hit.map, key: found.hit.key, ...(found.hit.file !== undefined ? { file: found.hit.file } : {}), ...(found.hit.line !== undefined ? { line: found.hit.line } : {}), ...(found.hit.text !== undefined ? { text: found.hit.text } : {}) };
    if (transport === '' && nexthop === '') return out;
    if (transport === '') return { ...out, nexthop, nexthopFrom: 'transport_maps', decidedBy };
    // `transport:` without a next hop sends to the recipient domain (transport(5) RESULT FORMAT)
    return { ...out, transport, transportFrom: 'transport_maps', nexthop: nexthop || domain, nexthopFrom: nexthop ? 'transport_maps' : 'recipient domain', decidedBy };
  });
}

/** `transport:nexthop` → [transport, nexthop]; `error:5.7.1 text` keeps the text whole. */
export function splitTransport(spec: string): [string, string] {
  const s = spec.trim();
  const colon = s.indexOf(':');
  return colon < 0 ? [s, ''] : [s.slice(0, colon).trim(), s.slice(colon + 1).trim()];
}
