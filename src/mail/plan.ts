// planDelivery: where Exim will really connect for one recipient, in the order it will try.
// Inputs: the configuration (raw or `exim -bP config`), and/or pasted `exim -bt` output; without
// either, Debian's default configuration is assumed and the plan says so.
import type { BtResult } from './exim/bt-output.js';
import type { EximConfig } from './exim/config.js';
import type { RoutingMode } from './exim/preconditions.js';
import type { Resolver } from './dns/resolver.js';
import { assemblePlan, type PlanHeader } from './plan-assemble.js';
import { planFromBt } from './plan-bt.js';
import { buildRouterContext } from './plan-context.js';
import { DEFAULT_CONFIG_NOTE, readAssumedDefaultConfig } from './plan-default.js';
import { parsePasswd, resolveEximIdentity } from './plan-user.js';
import { qualifyAddress, walkRouters } from './plan-walk.js';
import type { DeliveryPlan, HostingStack, StackAssumption } from './types.js';
import { debianConfigtype } from './exim/stack.js';

export interface PlanInputs {
  config?: EximConfig;
  bt?: BtResult;
}

export interface PlanContext {
  resolver: Resolver;
  uid?: number;
  gid?: number;
  /** read `lsearch;/file` and list files from the local disk (never query lookups) */
  readLookups?: boolean;
  readLookupFile?: (path: string) => string | undefined;
  /** passwd(5) / group(5) text of the server: the Exim user's ids and check_local_user */
  passwd?: string;
  group?: string;
  /** assumed when the configuration has no primary_hostname (Exim uses the host name) */
  primaryHostname?: string;
  /** 'address-test' reproduces `exim -bt` (skips no_address_test routers); default 'deliver' */
  mode?: RoutingMode;
  /** the MTA runs in a container: its packets carry no uid on this host, so its user's ids are not asked for */
  forwarded?: boolean;
  /** the envelope sender (--sender): decides routers' `senders` preconditions */
  sender?: string;
}

/** A bare domain plans the routing of that domain, as for postmaster@domain. */
export function normaliseRecipient(recipient: string): string {
  const r = recipient.trim().replace(/^<(.*)>$/, '$1');
  return r.includes('@') ? r : `postmaster@${r}`;
}

export async function planDelivery(recipient: string, inputs: PlanInputs, ctx: PlanContext): Promise<DeliveryPlan> {
  const full = normaliseRecipient(recipient);
  const assumed = !inputs.config && !inputs.bt;
  const config = inputs.config ?? (assumed ? readAssumedDefaultConfig() : undefined);
  const identity = resolveEximIdentity(config, { ...ctx });
  const built = config
    ? buildRouterContext(config, { resolver: ctx.resolver, readLookups: ctx.readLookups ?? false, ...(ctx.readLookupFile ? { readLookupFile: ctx.readLookupFile } : {}), ...(ctx.primaryHostname ? { primaryHostname: ctx.primaryHostname } : {}), recipientDomain: full.slice(full.lastIndexOf('@') + 1) })
    : undefined;
  const address = qualifyAddress(full, built?.qualifyDomain ?? '');
  const header: PlanHeader = {
    mta: 'exim',
    sender: { user: identity.user, ...(identity.uid !== undefined ? { uid: identity.uid } : {}), ...(identity.gid !== undefined ? { gid: identity.gid } : {}) },
    recipient: full,
    domain: address.domain,
    uncertain: [...(built?.uncertain ?? [])],
    notes: [...(assumed ? [DEFAULT_CONFIG_NOTE] : []), ...(built?.notes ?? []), ...identity.notes],
    diagnostics: [...(config && !assumed ? config.diagnostics : []), ...(inputs.bt?.diagnostics ?? [])],
    ...(built?.stack && !assumed ? { stack: built.stack } : {}),
  };
  if (inputs.bt) {
    const fromBt = await planFromBt({ recipient: full, bt: inputs.bt, identity, ...(config ? { config } : {}), ...(built ? { router: built.router } : {}) });
    for (const d of fromBt.diagnostics) header.diagnostics.push(d);
    return assemblePlan(header, fromBt.paths);
  }
  const users = ctx.passwd !== undefined ? new Set(parsePasswd(ctx.passwd).map((e) => e.name)) : undefined;
  const paths = await walkRouters(address, 0, {
    router: built!.router,
    preconditions: { lists: built!.router.lists, mode: ctx.mode ?? 'deliver', ...(users ? { localUsers: users } : {}), ...(ctx.sender !== undefined ? { sender: ctx.sender } : {}) },
    identity,
    qualifyDomain: built!.qualifyDomain,
  }, { steps: [], assumptions: [], uncertain: [], ancestors: [] });
  // the stack's defaults taken for what is not at hand (Debian's hubbed_hosts, cPanel's hosted domains…)
  header.stackAssumptions = stackAssumptionsOf(config!, built!.stack, built!.router.lists.assumptions ?? []);
  return assemblePlan(header, paths);
}

/** Each stack assumption once, Debian's configtype first (it decides which routers exist). */
function stackAssumptionsOf(config: EximConfig, stack: HostingStack | undefined, taken: StackAssumption[]): StackAssumption[] {
  const all: StackAssumption[] = stack === 'debian' ? [{ kind: 'debian-configtype', ...debianConfigtype(config) }, ...taken] : taken;
  const seen = new Set<string>();
  return all.filter((a) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
