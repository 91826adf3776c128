// Runs the routers in order for one address (spec "Running an individual router"; exim.md §2.1):
// preconditions, then the driver; decline goes on unless no_more, pass goes on (to pass_router),
// accept ends (and an `unseen` router routes a copy on), redirection routes each new address from
// the first router. Unknown preconditions and decisions fork the walk: every branch is explored.
import { findSetting, type DriverInstance } from './exim/config.js';
import { readBoolean } from './exim/options.js';
import { checkPreconditions, type PreconditionContext } from './exim/preconditions.js';
import { findRouterDriver } from './exim/routers/index.js';
import type { RoutedAddress, RouterContext, RouterResult } from './exim/routers/types.js';
import { planTransport } from './plan-attempts.js';
import { collapseAlternatives, combineCopies, type PlanPath } from './plan-path.js';
import type { EximIdentity } from './plan-user.js';
import type { PlanAssumption, RouterStep } from './types.js';

export interface WalkContext {
  router: RouterContext;
  preconditions: PreconditionContext;
  identity: EximIdentity;
  qualifyDomain: string | undefined;
  /** the paths from (router, address) on, relative to the trail: real configurations (cPanel's 43
   *  routers) have many undecided routers, and both branches of each reach the same routers again */
  memo?: Map<string, PlanPath[]>;
}

const MAX_PATHS = 24;

interface Trail {
  steps: RouterStep[];
  assumptions: PlanAssumption[];
  uncertain: string[];
  /** addresses this one was generated from (redirection loops) */
  ancestors: string[];
}

const MAX_GENERATIONS = 10;

export async function walkRouters(address: RoutedAddress, start: number, ctx: WalkContext, trail: Trail): Promise<PlanPath[]> {
  const key = `${start}\0${address.address}\0${trail.ancestors.join('\0')}`;
  const memo = (ctx.memo ??= new Map());
  let suffix: PlanPath[] | undefined = memo.get(key);
  if (!suffix) {
    suffix = limitPaths(await walkFrom(address, start, ctx, { steps: [], assumptions: [], uncertain: [], ancestors: trail.ancestors }));
    memo.set(key, suffix);
  }
  return suffix.map((p: PlanPath) => ({ ...p, steps: [...trail.steps, ...p.steps], assumptions: [...trail.assumptions, ...p.assumptions], uncertain: [...trail.uncertain, ...p.uncertain] }));
}

/** Many alternatives: one per outcome, router and transport (their attempts merged), so the walk stays small. */
function limitPaths(paths: PlanPath[]): PlanPath[] {
  if (paths.length <= MAX_PATHS) return paths;
  const groups = new Map<string, PlanPath[]>();
  for (const p of paths) {
    const k = `${p.outcome}|${p.router ?? ''}|${p.transport ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()].map((g) => ({ ...collapseAlternatives(g), assumptions: g[0]!.assumptions }));
}

async function walkFrom(address: RoutedAddress, start: number, ctx: WalkContext, trail: Trail): Promise<PlanPath[]> {
  const routers = ctx.router.config.routers;
  for (let i = start; i < routers.length; i++) {
    const router = routers[i]!;
    const pre = checkPreconditions(router, address, ctx.preconditions);
    const driver = router.driver ?? '(none)';
    switch (pre.kind) {
      case 'skip':
        trail = { ...trail, steps: [...trail.steps, { router: router.name, driver, result: 'skipped', reason: pre.reason }] };
        continue;
      case 'unknown': {
        const why = pre.reasons.join('; ');
        const uncertain = [...trail.uncertain, `router ${router.name}: ${why}`];
        const runs = await runRouter(i, pre.address, ctx, {
          ...trail, uncertain, assumptions: [...trail.assumptions, { router: router.name, assumed: 'runs', because: pre.reasons }],
          steps: [...trail.steps, { router: router.name, driver, result: 'unknown', reason: `may run: ${why}` }],
        });
        const skips = await walkRouters(address, i + 1, ctx, {
          ...trail, uncertain, assumptions: [...trail.assumptions, { router: router.name, assumed: 'skipped', because: pre.reasons }],
          steps: [...trail.steps, { router: router.name, driver, result: 'skipped', reason: `if its preconditions are false: ${why}` }],
        });
        // the fall-through branch first: routers whose preconditions mailleak cannot decide are
        // mostly special cases (cPanel's ${perl} checks, Debian's hubbed_hosts file)
        return [...skips, ...runs];
      }
      case 'pass':
        return runRouter(i, pre.address, ctx, trail);
    }
  }
  return [endPath(trail, 'refused', 'Unrouteable address: no router accepted it')];
}

function endPath(trail: Trail, outcome: PlanPath['outcome'], reason: string, extra: Partial<PlanPath> = {}): PlanPath {
  return { outcome, steps: trail.steps, attempts: [], reason, assumptions: trail.assumptions, uncertain: trail.uncertain, notes: [], ...extra };
}

async function runRouter(index: number, address: RoutedAddress, ctx: WalkContext, trail: Trail): Promise<PlanPath[]> {
  const router = ctx.router.config.routers[index]!;
  const driver = findRouterDriver(router.driver);
  const result: RouterResult = driver
    ? await driver.evaluate(router, address, ctx.router)
    : { kind: 'unknown', reason: `driver "${router.driver ?? '(none)'}" is not simulated by mailleak` };
  return followResult(index, router, result, address, ctx, trail);
}

async function followResult(index: number, router: DriverInstance, result: RouterResult, address: RoutedAddress, ctx: WalkContext, trail: Trail): Promise<PlanPath[]> {
  const step = (r: RouterStep['result'], reason: string): Trail => ({ ...trail, steps: [...trail.steps, { router: router.name, driver: router.driver ?? '(none)', result: r, reason }] });
  switch (result.kind) {
    case 'accept': {
      const next = step('accepted', result.reason);
      const t = await planTransport(router, result.transport, result.hosts, ctx.router, ctx.identity);
      const path: PlanPath = {
        outcome: t.outcome, router: router.name, ...(result.transport !== undefined ? { transport: result.transport } : {}),
        steps: next.steps, attempts: t.attempts, reason: t.reason, assumptions: next.assumptions,
        uncertain: [...next.uncertain, ...result.uncertain, ...t.uncertain], notes: t.notes,
      };
      return withUnseenCopy(index, router, [path], address, ctx, next);
    }
    case 'redirect': {
      const next = step('accepted', result.reason);
      const children = await routeChildren(router, result.addresses, address, ctx, next);
      return withUnseenCopy(index, router, [children], address, ctx, next);
    }
    case 'local-item':
      return [endPath(step('accepted', result.reason), 'local', result.reason, { router: router.name })];
    case 'discard':
      return [endPath(step('accepted', result.reason), 'refused', `discarded by router ${router.name} (${result.reason}): nothing is delivered`, { router: router.name })];
    case 'fail':
      return [endPath(step('failed', result.reason), 'refused', result.message, { router: router.name })];
    case 'defer':
      return [endPath(step('deferred', result.reason), 'defer', result.message, { router: router.name })];
    case 'pass':
      return continueAfter(index, router, 'pass', result.reason, address, ctx, step('declined', `passed: ${result.reason}`));
    case 'decline':
      return continueAfter(index, router, 'decline', result.reason, address, ctx, step('declined', result.reason));
    case 'unknown': {
      const uncertain = [...trail.uncertain, `router ${router.name}: ${result.reason}`];
      const forked: Trail = { ...trail, uncertain };
      const likely = result.likely
        ? await followResult(index, router, result.likely, address, ctx, { ...forked, assumptions: [...trail.assumptions, { router: router.name, assumed: 'decides', decision: result.likely.kind }] })
        : [endPath({ ...forked, steps: [...trail.steps, { router: router.name, driver: router.driver ?? '(none)', result: 'unknown', reason: result.reason }] }, 'unknown', `router ${router.name}: ${result.reason}`, { router: router.name })];
      const declined = await continueAfter(index, router, 'decline', result.reason, address, ctx, {
        ...forked, assumptions: [...trail.assumptions, { router: router.name, assumed: 'declines' }],
        steps: [...trail.steps, { router: router.name, driver: router.driver ?? '(none)', result: 'declined', reason: `if it declines: ${result.reason}` }],
      });
      // with a likely decision (DNS not known: the MX hosts would be used) that comes first;
      // without one (an unevaluated redirect or route_data) declining — an empty result — does
      return result.likely ? [...likely, ...declined] : [...declined, ...likely];
    }
  }
}

/** After a decline: `no_more` turns it into a failure; after a pass: pass_router or the next router. */
async function continueAfter(index: number, router: DriverInstance, how: 'decline' | 'pass', reason: string, address: RoutedAddress, ctx: WalkContext, trail: Trail): Promise<PlanPath[]> {
  if (how === 'decline') {
    const more = readBoolean(findSetting(router.settings, 'more'), true);
    if (!more.known) trail = { ...trail, uncertain: [...trail.uncertain, `router ${router.name}: more ${more.reason}; assumed true`] };
    if (more.known && !more.value) {
      return [endPath(trail, 'refused', `Unrouteable address: router ${router.name} declined (${reason}) and has no_more`, { router: router.name })];
    }
    return walkRouters(address, index + 1, ctx, trail);
  }
  const passTo = findSetting(router.settings, 'pass_router')?.value.trim();
  const target = passTo ? ctx.router.config.routers.findIndex((r) => r.name === passTo) : -1;
  return walkRouters(address, target > index ? target : index + 1, ctx, trail);
}

/** unseen: the router accepts and a copy goes on to the next router (spec option `unseen`). */
async function withUnseenCopy(index: number, router: DriverInstance, paths: PlanPath[], address: RoutedAddress, ctx: WalkContext, trail: Trail): Promise<PlanPath[]> {
  const unseen = readBoolean(findSetting(router.settings, 'unseen'), false);
  if (!unseen.known || !unseen.value) return paths;
  const copy = collapseAlternatives(await walkRouters(address, index + 1, ctx, { ...trail, steps: [] }));
  return paths.map((p) => combineCopies([p, { ...copy, notes: [...copy.notes, `router ${router.name} is unseen: a copy is routed on`] }]));
}

async function routeChildren(router: DriverInstance, addresses: string[], parent: RoutedAddress, ctx: WalkContext, trail: Trail): Promise<PlanPath> {
  const redirectTo = findSetting(router.settings, 'redirect_router')?.value.trim();
  const startAt = Math.max(0, redirectTo ? ctx.router.config.routers.findIndex((r) => r.name === redirectTo) : 0);
  const ancestors = [...trail.ancestors, parent.address];
  const paths: PlanPath[] = [];
  for (const text of addresses) {
    const child = qualifyAddress(text, ctx.qualifyDomain ?? parent.domain);
    if (ancestors.includes(child.address) || ancestors.length >= MAX_GENERATIONS) {
      paths.push(endPath({ ...trail, steps: [] }, 'unknown', `redirection loop or too deep: ${[...ancestors, child.address].join(' → ')}`));
      continue;
    }
    const routed = await walkRouters(child, startAt, ctx, { ...trail, ancestors, steps: [] });
    const one = collapseAlternatives(routed);
    paths.push({ ...one, steps: one.steps.map((s) => ({ ...s, reason: `${child.address}: ${s.reason}` })) });
  }
  const combined = combineCopies(paths);
  return { ...combined, steps: [...trail.steps, ...combined.steps], reason: `redirected by ${router.name}: ${combined.reason}` };
}

export function qualifyAddress(text: string, qualifyDomain: string): RoutedAddress {
  const at = text.lastIndexOf('@');
  const localPart = at >= 0 ? text.slice(0, at) : text;
  const domain = (at >= 0 ? text.slice(at + 1) : qualifyDomain).toLowerCase();
  return { localPart, domain, address: `${localPart}@${domain}` };
}
