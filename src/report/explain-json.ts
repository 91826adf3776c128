// The JSON form of an explain report (documented in docs/json-schema.md). Explicit mapping, so
// the schema is what this file says and not whatever the internal types hold (no bigints).
import type { Finding } from '../analyses/explain/findings/types.js';
import type { AttemptResult, ContainerPath, Report, Suspect } from '../analyses/explain/types.js';
import { describeSuspect } from '../analyses/explain/suspect-text.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';
import { uncertaintyJson } from './uncertainty-json.js';
import { findingAssumed, findingFix, findingMessage, findingTitle } from '../analyses/explain/findings/wording.js';
import { attemptTargetJson } from './attempt-json.js';
import { diagnosticJson } from './diagnostic-text.js';
import { collapseTrace } from '../firewall/simulate/collapse.js';
import type { TraceResult } from '../firewall/simulate/types.js';
import { noMatchRunJson } from './trace-json.js';
import { describeMtaChoice } from './mta-choice-text.js';

export function toExplainJson(report: Report): Record<string, unknown> {
  return {
    schemaVersion: report.schemaVersion,
    target: report.target,
    domain: report.domain,
    verdict: report.verdict,
    answer: report.answer,
    leaksVia: report.leaksVia ?? null,
    placement: placementJson(report),
    // live and bundles only: which MTA is the host's, and why
    ...(report.mta ? { mta: { mta: report.mta.mta, evidence: report.mta.evidence, installed: report.mta.installed, why: describeMtaChoice(report.mta) } } : {}),
    attempts: report.attempts.map(attemptJson),
    suspects: report.suspects.map(suspectJson),
    findings: report.findings.map(findingJson),
    fixes: report.fixes,
    plan: report.plan,
    inputs: report.inputs,
    problems: report.problems,
    diagnostics: report.diagnostics.map(diagnosticJson),
  };
}

/** Where the MTA runs: the host (OUTPUT), a known container (FORWARD), or either, with the container's ways traced. */
function placementJson(report: Report): Record<string, unknown> {
  const p = report.placement;
  if (!p) return { kind: 'host' };
  switch (p.kind) {
    case 'container':
      return {
        kind: 'container', addresses: p.container.addresses, bridge: p.container.bridge, name: p.container.name ?? null, project: p.container.project ?? null, from: p.container.from,
        ...(p.container.engine !== undefined ? { engine: p.container.engine } : {}),
        ...(p.container.network !== undefined ? { network: p.container.network } : {}),
        ...(p.alternatives ? { alternatives: p.alternatives.map(containerPathJson) } : {}),
      };
    case 'host-network':
      return { kind: 'host-network', name: p.mta.name, project: p.mta.project ?? null, engine: p.mta.engine ?? 'docker' };
    case 'either':
      return { kind: 'either', paths: p.paths.map(containerPathJson) };
  }
}

function containerPathJson(c: ContainerPath): Record<string, unknown> {
  return { bridge: c.bridge ?? null, ...(c.network !== undefined ? { network: c.network } : {}), verdict: c.verdict, answer: c.answer, leaksVia: c.leaksVia ?? null, attempts: c.attempts.map(attemptJson) };
}

function attemptJson(a: AttemptResult): Record<string, unknown> {
  return {
    ...attemptTargetJson(a),
    fallback: a.fallback ?? false,
    uid: a.uid ?? null,
    verdict: a.verdict,
    decidedBy: a.decidedBy,
    possible: a.trace?.possible ?? ['ACCEPT', 'DROP', 'REJECT'],
    reason: a.cause ? describeCause(a.cause) : null,
    rewrittenTo: a.rewrittenTo ?? null,
    leavesHost: a.leavesHost,
    ...(a.outInterface ? { outInterface: a.outInterface } : {}),
    path: a.trace ? pathJson(a.trace) : [],
    uncertain: a.trace?.uncertain.map(uncertaintyJson) ?? [],
    notes: a.trace?.notes ?? [],
  };
}

/** The path as trace --json shows it: steps as recorded, long runs of non-matching rules collapsed. */
function pathJson(trace: TraceResult): unknown[] {
  return collapseTrace(trace).map((entry) => {
    switch (entry.kind) {
      case 'step':
        return entry.step;
      case 'no-match-run':
        return noMatchRunJson(entry);
    }
  });
}

/** `reason` first, then the rest in the order the suspect was built (the JSON's order since v1). */
function suspectJson(s: Suspect): Record<string, unknown> {
  const { cause: _cause, where: _where, ...rest } = s;
  return { reason: describeSuspect(s), ...rest };
}

function findingJson(f: Finding): Record<string, unknown> {
  return { code: f.code, severity: f.severity, title: findingTitle(f), message: findingMessage(f), evidence: f.evidence, fix: findingFix(f), assumed: findingAssumed(f) };
}

export function renderExplainJson(report: Report): string {
  return `${JSON.stringify(toExplainJson(report), null, 2)}\n`;
}
