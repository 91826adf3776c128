// planPostfixDelivery: where Postfix will really connect for one recipient, in the order it
// will try — trivial-rewrite's decision (./resolve.ts), then the delivery agent (./delivery.ts) —
// as the same DeliveryPlan the Exim planner produces, with mta 'postfix'.
import type { Resolver } from '../dns/resolver.js';
import { assemblePlan, type PlanHeader } from '../plan-assemble.js';
import { normaliseRecipient } from '../plan.js';
import { parsePasswd } from '../plan-user.js';
import type { DeliveryPlan, MtaSender, ProbeRouting } from '../types.js';
import type { PostfixConfig } from './config.js';
import { expandParam, type ParamSource } from './params.js';
import { resolveAddress } from './resolve.js';
import { collapseAlternatives, combineCopies, type PlanPath } from '../plan-path.js';
import { deliver, type DeliveryContext } from './delivery.js';
import type { SenderContext } from './sender-choices.js';
import { expandVirtualAliases } from './virtual-alias.js';
import { findVerification, PROBE_PARAMETERS, probeRoutesDifferently, probeSource } from './verify-probe.js';
import type { Diagnostic } from '../../diagnostics.js';

export interface PostfixPlanContext {
  resolver: Resolver;
  /** the server's host name (myhostname's default) when known */
  hostname?: string;
  uid?: number;
  gid?: number;
  /** passwd(5) text: mail_owner's uid and gid */
  passwd?: string;
  /** the envelope sender, when known (sender-dependent tables) */
  sender?: string;
  /** the MTA runs in a container: its packets reach this host forwarded, with no uid, so mail_owner's uid is not asked for */
  forwarded?: boolean;
}

export async function planPostfixDelivery(recipient: string, config: PostfixConfig, ctx: PostfixPlanContext): Promise<DeliveryPlan> {
  const full = normaliseRecipient(recipient);
  const src: ParamSource = { main: config.main, ...(ctx.hostname !== undefined ? { hostname: ctx.hostname } : {}) };
  const mapDiagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  if (config.main.params.size === 0) notes.push("no main.cf or postconf output given: Postfix's built-in defaults assumed");
  const identity = senderIdentity(src, ctx, notes);
  if (ctx.sender !== undefined) notes.push(`the envelope sender is ${ctx.sender === '' ? '<>' : ctx.sender} (given): sender-dependent tables are looked up for it alone`);
  const group = { n: 0 };
  const delivery = { ...(config.master ? { master: config.master } : {}), resolver: ctx.resolver, ...(identity.uid !== undefined ? { uid: identity.uid } : {}), ...(identity.gid !== undefined ? { gid: identity.gid } : {}), nextGroup: () => ++group.n };
  const sender = ctx.sender !== undefined ? { sender: ctx.sender } : {};
  const routeOf = (s: ParamSource) => ({ src: s, readFile: config.readFile, diagnostics: mapDiagnostics, ...sender });
  let paths = await planCopies(full, routeOf(src), delivery);
  let probeRouting: ProbeRouting | undefined;
  // address verification probes are routed by the address_verify_* parameters: another way out
  const verification = findVerification(src);
  if (verification) {
    const differs = probeRoutesDifferently(src);
    const domain = full.slice(full.lastIndexOf('@') + 1);
    const use = `address verification is in use (${verification.restriction} in ${verification.list}): verify(8) probes addresses at ${domain} with SMTP sessions that end after RCPT TO`;
    if (differs.length === 0) notes.push(`${use}, routed as mail is (no address_verify_* parameter differs): the same connections`);
    else {
      notes.push(`${use}, routed by ${differs.join(', ')}: another way out, planned as attempts of the probe`);
      const probe = await planCopies(full, routeOf(probeSource(src)), delivery);
      const mail = collapseAlternatives(paths);
      probeRouting = { ...verification, routedBy: differs, mail: { outcome: mail.outcome, reason: mail.reason } };
      paths = [combineCopies([mail, labelProbe(collapseAlternatives(probe))])];
    }
  }
  const header: PlanHeader = {
    mta: 'postfix',
    sender: identity,
    recipient: full,
    domain: full.slice(full.lastIndexOf('@') + 1).toLowerCase(),
    uncertain: [],
    notes,
    diagnostics: [...config.diagnostics, ...dedupe(mapDiagnostics)],
    ...(probeRouting ? { probeRouting } : {}),
  };
  return assemblePlan(header, paths);
}

/**
 * The recipient rewritten by virtual_alias_maps (every address it becomes gets a copy), then
 * each copy resolved and delivered. Without a rewrite: the resolutions as alternatives, as before.
 */
async function planCopies(recipient: string, route: SenderContext, delivery: Omit<DeliveryContext, 'src'>): Promise<PlanPath[]> {
  const expansion = expandVirtualAliases(recipient, route);
  const pathsOf = async (address: string): Promise<PlanPath[]> => {
    const out: PlanPath[] = [];
    for (const r of resolveAddress(address, route)) out.push(await deliver({ ...r, steps: [...expansion.steps, ...r.steps] }, { ...delivery, src: route.src }));
    return out;
  };
  if (expansion.unknown === undefined && expansion.recipients.length === 1 && expansion.recipients[0] === recipient) return pathsOf(recipient);
  const copies: PlanPath[] = [];
  for (const address of expansion.recipients) copies.push(collapseAlternatives(await pathsOf(address)));
  const paths = copies.length > 0 ? [combineCopies(copies)] : [];
  if (expansion.unknown !== undefined) {
    // the rewrite is a maybe: the mail may go to addresses that are not known
    const reason = `${expansion.unknown}: ${recipient} may be rewritten to other addresses before routing`;
    paths.push({ outcome: 'unknown', router: 'virtual_alias_maps', steps: expansion.steps, attempts: [], reason, assumptions: [], uncertain: [reason], notes: [] });
  }
  return paths;
}

/** A probe's path, named as one: its steps and attempts come from the address_verify_* routing. */
function labelProbe(path: PlanPath): PlanPath {
  const label = (router: string): string => `address verification probe: ${PROBE_PARAMETERS[router] ?? router}`;
  return { ...path, ...(path.router !== undefined ? { router: label(path.router) } : {}), attempts: path.attempts.map((a) => ({ ...a, router: label(a.router), probe: true })), reason: `address verification probe: ${path.reason}` };
}

/** The user smtp(8) connects as, with what was assumed to find it (egress asks this too). */
export function resolvePostfixIdentity(config: PostfixConfig, ctx: Pick<PostfixPlanContext, 'uid' | 'gid' | 'passwd' | 'forwarded'>): MtaSender & { notes: string[] } {
  const notes: string[] = [];
  return { ...senderIdentity({ main: config.main }, ctx, notes), notes };
}

/** mail_owner (default postfix) opens smtp(8)'s connections: its ids from --uid/--gid or passwd. */
function senderIdentity(src: ParamSource, ctx: Pick<PostfixPlanContext, 'uid' | 'gid' | 'passwd' | 'forwarded'>, notes: string[]): MtaSender {
  const user = expandParam('mail_owner', src).value.trim() || 'postfix';
  const entry = ctx.passwd !== undefined ? parsePasswd(ctx.passwd).find((e) => e.name === user) : undefined;
  const uid = ctx.uid ?? entry?.uid;
  const gid = ctx.gid ?? entry?.gid;
  if (!src.main.params.has('mail_owner') && !ctx.forwarded) notes.push(`mail_owner not set: Postfix's default ${user} assumed as the user smtp(8) runs as`);
  if (uid === undefined && !ctx.forwarded) notes.push(`the uid of ${user} is not known (give --uid, or a passwd file)`);
  return { user, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) };
}

/** A table read for several keys reports its lines once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
