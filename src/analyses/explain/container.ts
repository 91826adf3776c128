// Where the MTA runs decides the hooks its mail crosses: on this host, OUTPUT → POSTROUTING; in
// a container behind a bridge, the host forwards it, PREROUTING → FORWARD (DOCKER-USER,
// DOCKER-FORWARD, DOCKER-ISOLATION-STAGE-*, ufw-*-forward) → POSTROUTING (MASQUERADE), and no
// OUTPUT rule sees it. Known (--mta-container): the attempts themselves are traced that way.
// Not known, on a host where Docker writes rules: both ways are traced and the answer names both.
import type { Family, Ruleset } from '../../firewall/model.js';
import type { HostNetworkMta, MtaContainer } from '../../input/collected.js';
import { traceAttempts, type HostFacts } from './attempts.js';
import { collectSuspects } from './suspects.js';
import type { ContainerPath, MtaPlacement, OverallVerdict, PlanSummary } from './types.js';
import { decideVerdict } from './verdict.js';

/** Docker's chains (docker/libnetwork iptables.go; DOCKER-FORWARD since Docker 28). */
const DOCKER_CHAIN = /^DOCKER(-USER|-FORWARD|-ISOLATION(-STAGE-[12])?|-INGRESS|-CT|-BRIDGE)?$/;
/** More bridges than this are summarised by the first ones: each one is a trace of every attempt. */
const MAX_BRIDGES = 4;

export function hasDockerChains(ruleset: Ruleset): boolean {
  return ruleset.tables.some((t) => t.chains.some((c) => DOCKER_CHAIN.test(c.name)));
}

/**
 * The bridges containers send from, as Docker's FORWARD rules name them: `-i docker0 ! -o
 * docker0 -j ACCEPT`, `-i br-… -j DOCKER-ISOLATION-STAGE-2` (their in-interfaces, first seen first).
 */
export function dockerBridges(ruleset: Ruleset): string[] {
  const out: string[] = [];
  const filter = ruleset.tables.find((t) => t.name === 'filter');
  for (const chain of filter?.chains ?? []) {
    if (chain.name !== 'FORWARD' && !DOCKER_CHAIN.test(chain.name)) continue;
    for (const rule of chain.rules) {
      for (const m of rule.matches) {
        if (m.kind === 'interface' && m.dir === 'in' && !m.negated && !m.name.endsWith('+') && m.name !== 'lo' && !out.includes(m.name)) out.push(m.name);
      }
    }
  }
  return out;
}

export interface PlacementInputs {
  container: MtaContainer | undefined;
  /** detected: the MTA's container uses the host's network */
  hostNetwork?: HostNetworkMta | undefined;
  rulesets: Partial<Record<Family, Ruleset>>;
  attempts: Parameters<typeof traceAttempts>[0];
  facts: HostFacts;
  plan: PlanSummary;
  domain: string;
}

export function placeMta(x: PlacementInputs): MtaPlacement {
  if (x.container) {
    // a container on several networks that route out: each other network is a way its mail may take
    const alternatives = (x.container.alternatives ?? []).slice(0, MAX_BRIDGES).map((a) => containerPath(x, a.bridge, a.addresses, a.network));
    return alternatives.length > 0 ? { kind: 'container', container: x.container, alternatives } : { kind: 'container', container: x.container };
  }
  // a container on the host's network sends as the host does: OUTPUT, not FORWARD
  if (x.hostNetwork) return { kind: 'host-network', mta: x.hostNetwork };
  // the MTA's own refusal (or local delivery) is the answer wherever it runs
  if (x.plan.outcome === 'refused' || x.plan.outcome === 'local') return { kind: 'host' };
  const docker = ([4, 6] as const).map((f) => x.rulesets[f]).filter((r): r is Ruleset => r !== undefined && hasDockerChains(r));
  if (docker.length === 0) return { kind: 'host' };
  const bridges = [...new Set(docker.flatMap(dockerBridges))];
  // a listing without -v hides the interfaces: a container on some bridge, not known which
  const tried: (string | undefined)[] = bridges.length > 0 ? bridges.slice(0, MAX_BRIDGES) : [undefined];
  return { kind: 'either', paths: tried.map((bridge) => containerPath(x, bridge)) };
}

function containerPath(x: PlacementInputs, bridge: string | undefined, addresses: string[] = [], network?: string): ContainerPath {
  const facts: HostFacts = { container: bridge !== undefined ? { addresses, bridge } : { addresses } };
  if (x.facts.oif !== undefined) facts.oif = x.facts.oif;
  if (x.facts.routes !== undefined) facts.routes = x.facts.routes;
  const attempts = traceAttempts(x.attempts, x.rulesets, facts);
  const verdict = decideVerdict(x.domain, x.plan, attempts, collectSuspects(attempts, x.rulesets, x.plan.uncertain));
  const path: ContainerPath = { attempts, verdict: verdict.verdict, answer: verdict.answer };
  if (bridge !== undefined) path.bridge = bridge;
  if (network !== undefined) path.network = network;
  if (verdict.leaksVia) path.leaksVia = verdict.leaksVia.order;
  return path;
}

/** The overall verdict when the MTA may be on the host or in a container: one only when both agree. */
export function combineVerdicts(host: OverallVerdict, paths: readonly ContainerPath[]): OverallVerdict {
  return paths.every((p) => p.verdict === host) ? host : 'uncertain';
}
