// planPostfixDelivery: where Postfix will really connect for one recipient, in the order it
// will try — trivial-rewrite's decision (./resolve.ts), then the delivery agent (./delivery.ts) —
// as the same DeliveryPlan the Exim planner produces, with mta 'postfix'.
import type { Resolver } from '../dns/resolver.js';
import { assemblePlan, type PlanHeader } from '../plan-assemble.js';
import { normaliseRecipient } from '../plan.js';
import { parsePasswd } from '../plan-user.js';
import type { DeliveryPlan, MtaSender } from '../types.js';
import type { PostfixConfig } from './config.js';
import { deliver } from './delivery.js';
import { expandParam, type ParamSource } from './params.js';
import { resolveAddress } from './resolve.js';
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
}

export async function planPostfixDelivery(recipient: string, config: PostfixConfig, ctx: PostfixPlanContext): Promise<DeliveryPlan> {
  const full = normaliseRecipient(recipient);
  const src: ParamSource = { main: config.main, ...(ctx.hostname !== undefined ? { hostname: ctx.hostname } : {}) };
  const mapDiagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  if (config.main.params.size === 0) notes.push("no main.cf or postconf output given: Postfix's built-in defaults assumed");
  const identity = senderIdentity(src, ctx, notes);
  const resolutions = resolveAddress(full, { src, readFile: config.readFile, diagnostics: mapDiagnostics, ...(ctx.sender !== undefined ? { sender: ctx.sender } : {}) });
  let group = 0;
  const paths = [];
  for (const r of resolutions) {
    paths.push(await deliver(r, { src, ...(config.master ? { master: config.master } : {}), resolver: ctx.resolver, ...(identity.uid !== undefined ? { uid: identity.uid } : {}), ...(identity.gid !== undefined ? { gid: identity.gid } : {}), nextGroup: () => ++group }));
  }
  const header: PlanHeader = {
    mta: 'postfix',
    sender: identity,
    recipient: full,
    domain: full.slice(full.lastIndexOf('@') + 1).toLowerCase(),
    uncertain: [],
    notes,
    diagnostics: [...config.diagnostics, ...dedupe(mapDiagnostics)],
  };
  return assemblePlan(header, paths);
}

/** The user smtp(8) connects as, with what was assumed to find it (egress asks this too). */
export function resolvePostfixIdentity(config: PostfixConfig, ctx: Pick<PostfixPlanContext, 'uid' | 'gid' | 'passwd'>): MtaSender & { notes: string[] } {
  const notes: string[] = [];
  return { ...senderIdentity({ main: config.main }, ctx, notes), notes };
}

/** mail_owner (default postfix) opens smtp(8)'s connections: its ids from --uid/--gid or passwd. */
function senderIdentity(src: ParamSource, ctx: Pick<PostfixPlanContext, 'uid' | 'gid' | 'passwd'>, notes: string[]): MtaSender {
  const user = expandParam('mail_owner', src).value.trim() || 'postfix';
  const entry = ctx.passwd !== undefined ? parsePasswd(ctx.passwd).find((e) => e.name === user) : undefined;
  const uid = ctx.uid ?? entry?.uid;
  const gid = ctx.gid ?? entry?.gid;
  if (!src.main.params.has('mail_owner')) notes.push(`mail_owner not set: Postfix's default ${user} assumed as the user smtp(8) runs as`);
  if (uid === undefined) notes.push(`the uid of ${user} is not known (give --uid, or a passwd file)`);
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
