// The human form of a delivery plan (`mailleak route`): the outcome, why each router before the
// chosen one did not take the address, the transport, then the connection attempts in Exim's
// order — or why nothing is delivered. Returns a string; the CLI writes it.
import Table from 'cli-table3';
import { formatDiagnostic } from './diagnostic-text.js';
import type { DeliveryAttempt, DeliveryOutcome, DeliveryPlan, RouterStep } from '../mail/types.js';
import type { Palette } from './color.js';
import { mtaName } from '../analyses/explain/findings/mta-terms.js';
import { describePlanAssumption } from './plan-assumption-text.js';
import { describeStack, describeStackAssumption } from './stack-assumption-text.js';

export function renderRouteText(plan: DeliveryPlan, dns: string, p: Palette): string {
  const out: string[] = [];
  out.push(p.strong(`${plan.recipient}: ${describeOutcome(plan.outcome)}`), colourOutcome(plan.outcome, plan.reason ?? '', p), '');
  if (plan.routerSteps.length > 0) {
    out.push(p.strong(plan.mta === 'postfix' ? 'What decided (in order)' : 'Routers (in order)'));
    for (const s of plan.routerSteps) out.push(`  ${stepMark(s, p)} ${s.router} (${s.driver}) ${s.result}: ${s.reason}`);
    out.push('');
  }
  if (plan.router) out.push(`${plan.mta === 'postfix' ? 'Next hop from' : 'Router'}: ${plan.router}${plan.transport ? `   Transport: ${plan.transport}` : ''}`);
  if (plan.attempts.length > 0) {
    out.push(p.strong(`Connection attempts (in the order ${mtaName(plan.mta)} tries them; after a failure it tries the next)`), renderAttempts(plan.attempts), '');
  } else if (plan.outcome !== 'remote') {
    out.push(`No connection is made: ${plan.reason ?? plan.outcome}`, '');
  }
  if (plan.alternatives && plan.alternatives.length > 0) {
    out.push(p.strong('Possible routings (mailleak cannot decide between them)'));
    for (const a of plan.alternatives) {
      out.push(`  - ${a.outcome}${a.router ? ` via ${a.router}` : ''}${a.transport ? ` → ${a.transport}` : ''}: ${a.reason ?? ''}`);
      for (const s of a.assumptions) out.push(`      if ${describePlanAssumption(s)}`);
    }
    out.push('');
  }
  if (plan.uncertain.length > 0) {
    out.push(p.uncertain('Not known'));
    for (const u of plan.uncertain) out.push(`  - ${u}`);
    out.push('');
  }
  if (plan.stack) out.push(`Stack: ${describeStack(plan.stack)}`);
  const stackAssumptions = plan.stackAssumptions ?? [];
  if (stackAssumptions.length > 0) {
    out.push(p.strong("Assumed from the stack's defaults"));
    for (const a of stackAssumptions) out.push(`  - ${describeStackAssumption(a)}`);
    out.push('');
  }
  const notes = plan.notes ?? [];
  if (notes.length > 0) {
    out.push(p.dim('Notes'));
    for (const n of notes) out.push(p.dim(`  - ${n}`));
    out.push('');
  }
  out.push(p.dim(`DNS: ${dns}`));
  if (plan.diagnostics.length > 0) {
    out.push('', p.strong('Input diagnostics'));
    for (const d of plan.diagnostics) out.push(`  ${formatDiagnostic(d)}`);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function describeOutcome(outcome: DeliveryOutcome): string {
  switch (outcome) {
    case 'remote':
      return 'delivered over the network';
    case 'local':
      return 'delivered on this server (no network connection)';
    case 'refused':
      return 'not delivered (refused, bounced or discarded)';
    case 'defer':
      return 'not delivered now (deferred: the message stays queued)';
    case 'unknown':
      return 'cannot be decided from the inputs';
  }
}

function colourOutcome(outcome: DeliveryOutcome, text: string, p: Palette): string {
  switch (outcome) {
    case 'remote':
      return p.bad(text);
    case 'local':
    case 'refused':
    case 'defer':
      return p.good(text);
    case 'unknown':
      return p.uncertain(text);
  }
}

function stepMark(s: RouterStep, p: Palette): string {
  switch (s.result) {
    case 'accepted':
      return p.strong('→');
    case 'skipped':
    case 'declined':
      return p.dim('·');
    case 'failed':
    case 'deferred':
      return p.good('✗');
    case 'unknown':
      return p.uncertain('?');
  }
}

function renderAttempts(attempts: DeliveryAttempt[]): string {
  const table = new Table({ head: ['#', 'host', 'MX', 'address', 'family', 'port', 'source', 'uid/gid'], style: { head: [], border: [] } });
  for (const a of attempts) {
    table.push([
      `${a.order}${a.fallback ? ' (fallback)' : ''}`,
      a.host,
      a.preference === undefined ? '' : String(a.preference),
      a.address ?? '(not known)',
      `IPv${a.family}`,
      `${a.port}${a.protocol === 'smtps' ? ' (TLS)' : ''}`,
      a.interface ?? '',
      a.uid === undefined && a.gid === undefined ? '' : `${a.uid ?? '?'}/${a.gid ?? '?'}`,
    ]);
  }
  return table.toString();
}
