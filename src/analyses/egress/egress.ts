// The egress analysis: the exact set of destinations this host's MTA can open SMTP connections
// to, per family, from the symbolic evaluator. When owner rules exist (or on request), root,
// the MTA user and an ordinary user are compared side by side. Also used by check.
import { parseIp } from '../../firewall/address.js';
import type { Family, Range, Ruleset } from '../../firewall/model.js';
import { compareEgress, compareModelEgress, type EgressContext } from '../../firewall/symbolic/index.js';
import { buildNetfilterModel } from '../../firewall/hooks.js';
import type { CollectedInputs } from '../../input/collected.js';
import { resolveEximIdentity } from '../../mail/plan-user.js';
import { resolvePostfixIdentity } from '../../mail/postfix/plan.js';
import { readMailInputs } from '../explain/mail-plan.js';
import { parseFirewalls } from '../explain/rulesets.js';
import type { EgressReport, FamilyEgress, Principal } from './types.js';
import { containerAddress } from '../../input/mta-container.js';
import { describeContainer } from '../explain/placement-answer.js';
import { readRouteTables } from '../explain/route-tables.js';
import { egressByRoute } from './egress-routes.js';

export const SMTP_PORTS: Range[] = [25, 465, 587].map((p) => ({ from: p, to: p }));
/** The "ordinary user" of the comparison: the first uid Debian and RHEL give to a person. */
const ORDINARY_UID = 1000;

function hasOwnerRules(ruleset: Ruleset): boolean {
  return ruleset.tables.some((t) => t.chains.some((c) => c.rules.some((r) => r.matches.some((m) => m.kind === 'owner'))));
}

export interface EgressOptions {
  ports: Range[];
  /** always compare principals (default: only when owner rules exist) */
  compare?: boolean;
}

/** The MTA user's identity from the inputs: --uid/--user, live exim -bP, or the configuration plus passwd. */
export function mtaPrincipal(inputs: CollectedInputs): { principal: Principal; notes: string[] } {
  const mail = readMailInputs(inputs);
  const ids = { ...(inputs.uid !== undefined ? { uid: inputs.uid } : {}), ...(inputs.gid !== undefined ? { gid: inputs.gid } : {}), ...(mail.passwd !== undefined ? { passwd: mail.passwd } : {}), ...(inputs.mtaContainer !== undefined ? { forwarded: true } : {}) };
  // Postfix's smtp(8) runs as mail_owner; Exim's transports as exim_user
  const identity = mail.postfix ? resolvePostfixIdentity(mail.postfix, ids) : resolveEximIdentity(mail.config, ids);
  // a uid the user named belongs to no user name we know
  const named = inputs.uidSource === 'option' ? 'the MTA user' : identity.user;
  const label = identity.uid !== undefined ? `${named} (uid ${identity.uid})` : `${named} (uid unknown)`;
  const notes = inputs.identityFrom ? [`the MTA's uid: ${inputs.identityFrom}`] : identity.notes;
  return { principal: { role: 'mta', label, ...(identity.uid !== undefined ? { uid: identity.uid } : {}), ...(identity.gid !== undefined ? { gid: identity.gid } : {}) }, notes };
}

export function buildEgressReport(inputs: CollectedInputs, options: EgressOptions): EgressReport {
  const firewalls = parseFirewalls(inputs.sections);
  const mta = mtaPrincipal(inputs);
  // a container's forwarded mail leaves by the route's interface (as explain reads it), unless --oif names one
  const routes = inputs.mtaContainer && inputs.oif === undefined ? readRouteTables(inputs.sections) : undefined;
  const families: FamilyEgress[] = [];
  const missing: Family[] = [];
  for (const family of [4, 6] as const) {
    const ruleset = firewalls.rulesets[family];
    const native = firewalls.native[family];
    if (!ruleset) {
      missing.push(family);
      continue;
    }
    const container = inputs.mtaContainer;
    // a container's packets are forwarded: no socket on this host, so no uid to compare
    const principals: Principal[] = container
      ? [{ role: 'mta', label: `the MTA's container (${describeContainer(container)})` }]
      : options.compare || hasOwnerRules(ruleset) || (native !== undefined && hasOwnerRules(native))
      ? [{ role: 'root', label: 'root (uid 0)', uid: 0, gid: 0 }, mta.principal, { role: 'ordinary', label: `an ordinary user (uid ${ORDINARY_UID})`, uid: ORDINARY_UID, gid: ORDINARY_UID }]
      : [mta.principal];
    const fromContainer = container ? containerAddress(container, family) : undefined;
    const src = fromContainer !== undefined ? parseIp(fromContainer) : container ? undefined : inputs.src !== undefined ? parseIp(inputs.src) : undefined;
    const contexts = principals.map((p): EgressContext => ({
      family,
      ports: options.ports,
      ...(p.uid !== undefined ? { uid: p.uid } : {}),
      ...(p.gid !== undefined ? { gid: p.gid } : {}),
      ...(inputs.oif !== undefined ? { oif: inputs.oif } : {}),
      ...(src && src.family === family ? { src } : {}),
      ...(container ? { origin: { kind: 'forwarded' as const, iif: container.bridge } } : {}),
    }));
    // iptables-legacy tables beside iptables-nft's run too (rulesets.ts ParsedFirewalls.legacy)
    const legacy = firewalls.legacy[family];
    const together = [ruleset, native, legacy].filter((r): r is Ruleset => r !== undefined);
    const evaluate = (cs: EgressContext[]) => (together.length > 1 ? compareModelEgress(buildNetfilterModel(together), cs) : compareEgress(ruleset, cs));
    const table = routes?.[family];
    const compared = table ? egressByRoute(table, contexts, evaluate) : evaluate(contexts);
    families.push({ family, ruleset, ...(native ? { native } : {}), ...(legacy ? { legacy } : {}), ports: options.ports, principals, rows: compared.rows, notes: compared.notes });
  }
  return { families, missing, identity: mta.notes, ...(inputs.mta !== undefined ? { mta: inputs.mta } : {}) };
}
