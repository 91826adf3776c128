// A plan from pasted `exim -bt` output: it is authoritative about router, transport and hosts;
// the configuration, when given too, adds what -bt never prints (transport port, protocol,
// interface, hosts_max_try, fallback_hosts, and the hosts of a transport that supplies its own).
import { diagnostic } from '../diagnostics.js';
import { findSetting, type EximConfig } from './exim/config.js';
import type { BtBlock, BtHost, BtResult } from './exim/bt-output.js';
import type { RouterContext, TargetAddress } from './exim/routers/types.js';
import { planTransport } from './plan-attempts.js';
import { combineCopies, type PlanPath } from './plan-path.js';
import type { EximIdentity } from './plan-user.js';

export interface BtPlanInputs {
  recipient: string;
  bt: BtResult;
  /** present when a configuration was given too */
  router?: RouterContext;
  config?: EximConfig;
  identity: EximIdentity;
}

export interface BtPlanResult {
  paths: PlanPath[];
  diagnostics: ReturnType<typeof diagnostic>[];
}

export async function planFromBt(inputs: BtPlanInputs): Promise<BtPlanResult> {
  const relevant = inputs.bt.blocks.filter((b) => concerns(b, inputs.recipient));
  if (relevant.length === 0) {
    const others = inputs.bt.blocks.map(addressOf).filter((a) => a !== undefined);
    const d = diagnostic('exim-bt-other-recipient', { recipient: inputs.recipient, others: [...new Set(others)] });
    return { paths: [emptyPath('unknown', `the exim -bt output says nothing about ${inputs.recipient}`)], diagnostics: [d] };
  }
  const paths: PlanPath[] = [];
  for (const block of relevant) paths.push(await planBlock(block, inputs));
  return { paths: [combineCopies(paths)], diagnostics: [] };
}

function addressOf(b: BtBlock): string | undefined {
  return b.kind === 'syntax-error' ? undefined : b.address;
}

function concerns(b: BtBlock, recipient: string): boolean {
  switch (b.kind) {
    case 'routed':
    case 'undeliverable':
    case 'deferred':
      return same(b.address, recipient) || b.parents.some((p) => same(p, recipient));
    case 'discarded':
    case 'local-item':
      return same(b.address, recipient);
    case 'syntax-error':
      return false;
  }
}

function same(a: string, b: string): boolean {
  return a.replace(/^<|>$/g, '').toLowerCase() === b.toLowerCase();
}

function emptyPath(outcome: PlanPath['outcome'], reason: string, extra: Partial<PlanPath> = {}): PlanPath {
  return { outcome, steps: [], attempts: [], reason, assumptions: [], uncertain: [], notes: [], ...extra };
}

async function planBlock(block: BtBlock, inputs: BtPlanInputs): Promise<PlanPath> {
  const where = `${block.loc.origin}:${block.loc.line}`;
  switch (block.kind) {
    case 'undeliverable':
      return emptyPath('refused', block.message ?? `${block.address} is undeliverable (exim -bt, ${where})`);
    case 'deferred':
      return emptyPath('defer', block.message ?? `${block.address} cannot be resolved at this time (exim -bt, ${where})`);
    case 'discarded':
      return emptyPath('refused', `exim -bt: mail to ${block.address} is discarded (${where}): nothing is delivered`);
    case 'local-item':
      if (block.problem) return emptyPath('refused', `exim -bt: ${block.address} → ${block.target}: ${block.problem}`);
      return emptyPath('local', `exim -bt: ${block.address} → ${block.target} (a local pipe or file delivery)`);
    case 'syntax-error':
      return emptyPath('unknown', block.message);
    case 'routed':
      return planRouted(block, inputs);
  }
}

async function planRouted(block: Extract<BtBlock, { kind: 'routed' }>, inputs: BtPlanInputs): Promise<PlanPath> {
  const step = { router: block.router, driver: routerDriver(inputs.config, block.router), result: 'accepted' as const, reason: `exim -bt (${block.loc.origin}:${block.loc.line}) routes ${block.address} here` };
  const base = { router: block.router, ...(block.transport !== undefined ? { transport: block.transport } : {}), steps: [step] };
  const targets = block.hosts.flatMap(toTargets);
  const notes = block.hosts.filter((h) => h.unusable).map((h) => `exim -bt marks ${h.name} [${h.address ?? 'unknown'}] unusable`);
  if (inputs.config && inputs.router) {
    const router = inputs.config.routers.find((r) => r.name === block.router) ?? { name: block.router, settings: [], loc: block.loc };
    const hosts = block.hosts.length > 0 ? { targets, uncertain: [], notes } : undefined;
    const t = await planTransport(router, block.transport, hosts, inputs.router, inputs.identity);
    return { ...base, outcome: t.outcome, attempts: t.attempts, reason: t.reason, assumptions: [], uncertain: t.uncertain, notes: [...notes, ...t.notes] };
  }
  if (targets.length === 0) {
    return emptyPath('local', `exim -bt shows no hosts for transport ${block.transport ?? 'unset'}: assumed a local delivery`, {
      ...base,
      uncertain: [`without the configuration mailleak cannot tell whether transport ${block.transport ?? 'unset'} delivers locally or has its own hosts (give --exim-config or --exim-bp)`],
    });
  }
  const attempts = targets.map((t) => ({
    host: t.host, ...(t.preference !== undefined ? { preference: t.preference } : {}), ...(t.address !== undefined ? { address: t.address } : {}),
    family: t.family, port: t.port ?? 25, protocol: 'smtp' as const,
    ...(inputs.identity.uid !== undefined ? { uid: inputs.identity.uid } : {}), ...(inputs.identity.gid !== undefined ? { gid: inputs.identity.gid } : {}),
    router: block.router, transport: block.transport ?? 'unset',
  }));
  const uncertain = targets.some((t) => t.port === undefined)
    ? ['port 25 assumed: exim -bt does not show the transport\'s port or protocol (give --exim-config or --exim-bp)']
    : [];
  return { ...base, outcome: 'remote', attempts, reason: `exim -bt: router ${block.router}, transport ${block.transport ?? 'unset'}`, assumptions: [], uncertain, notes };
}

function toTargets(h: BtHost): TargetAddress[] {
  if (h.unusable) return [];
  const base = { host: h.name, ...(h.mx !== undefined ? { preference: h.mx } : {}), ...(h.port !== undefined ? { port: h.port } : {}) };
  if (h.address === undefined) return [{ ...base, family: 6 }, { ...base, family: 4 }];
  return [{ ...base, address: h.address, family: h.address.includes(':') ? 6 : 4 }];
}

function routerDriver(config: EximConfig | undefined, name: string): string {
  const r = config?.routers.find((x) => x.name === name);
  return r?.driver ?? (findSetting(r?.settings ?? [], 'driver')?.value || 'unknown');
}
