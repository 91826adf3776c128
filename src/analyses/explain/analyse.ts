// The analysis core: parse the sections, plan delivery, trace one packet per attempt through
// the ruleset of its family, then findings, verdict and fixes. Returns data; never prints.
import type { Diagnostic } from '../../diagnostics.js';
import type { CollectedInputs, InputSection } from '../../input/collected.js';
import type { Resolver } from '../../mail/dns/resolver.js';
import { traceAttempts, type HostFacts } from './attempts.js';
import { detectFindings } from './findings/index.js';
import { recommendedFixes } from './fixes.js';
import { describeIdentityAssumption, planFor, readMailInputs, type MailInputs } from './mail-plan.js';
import { chooseResolver } from './resolver.js';
import { parseFirewalls } from './rulesets.js';
import { refusalRestsOnDnsHere } from './dns-here.js';
import { collectSuspects, dnsHereSuspect } from './suspects.js';
import { SCHEMA_VERSION, type Analysis, type ExplainOptions, type MtaPlacement, type InputReading, type PlanSummary, type Report } from './types.js';
import { decideVerdict, type VerdictResult } from './verdict.js';
import { combineVerdicts, placeMta } from './container.js';
import { answerForContainer, answerForEither, answerForHostNetwork } from './placement-answer.js';
import { readRouteTables } from './route-tables.js';

/** `user@gmail.com` → recipient as given; `gmail.com` → postmaster@gmail.com (routing is per domain). */
export function splitTarget(target: string): { recipient: string; domain: string } {
  const at = target.lastIndexOf('@');
  const domain = (at >= 0 ? target.slice(at + 1) : target).replace(/\.$/, '').toLowerCase();
  return { recipient: at >= 0 ? target : `postmaster@${domain}`, domain };
}

export async function analyse(inputs: CollectedInputs, target: string, options: ExplainOptions = {}): Promise<Report> {
  const { recipient, domain } = splitTarget(target);
  const firewalls = parseFirewalls(inputs.sections);
  const dns = chooseResolver(inputs, options.liveDns);
  const mail = readMailInputs(inputs);
  const facts: HostFacts = {};
  const uid = options.uid ?? inputs.uid;
  const gid = options.gid ?? inputs.gid;
  if (uid !== undefined) facts.uid = uid;
  if (gid !== undefined) facts.gid = gid;
  if (inputs.oif !== undefined) facts.oif = inputs.oif;
  if (inputs.src !== undefined) facts.src = inputs.src;
  if (inputs.mtaContainer !== undefined) facts.container = inputs.mtaContainer;
  const routes = readRouteTables(inputs.sections);
  if (routes !== undefined) facts.routes = routes;

  // the planner gives each attempt its uid (the MTA user's, or root for a privileged Postfix service)
  const planInputs: CollectedInputs = { ...inputs, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) };
  const delivery = await planFor(recipient, mail, dns.resolver, planInputs, options.sender);
  const attempts = traceAttempts(delivery.attempts, firewalls.rulesets, facts, firewalls.native, firewalls.legacy);
  const plan: PlanSummary = {
    recipient: delivery.recipient,
    mta: delivery.mta,
    outcome: delivery.outcome,
    routerSteps: delivery.routerSteps,
    // "router dnslookup: MX lookup …" already says "MX lookup …": one line for one unknown
    uncertain: delivery.uncertain.filter((u) => !delivery.uncertain.some((v) => v !== u && v.endsWith(`: ${u}`))),
    // the planner already notes that its MTA user's uid is not known (a sender without uid): one sentence is enough
    assumptions: [...(delivery.notes ?? []), ...mail.assumptions.filter((m) => !(m.code === 'uid-unknown' && delivery.sender !== undefined && delivery.sender.uid === undefined)).map(describeIdentityAssumption)],
    stackAssumptions: delivery.stackAssumptions ?? [],
    resolver: dns.resolver.description,
  };
  if (delivery.stack !== undefined) plan.stack = delivery.stack;
  if (delivery.router !== undefined) plan.router = delivery.router;
  if (delivery.transport !== undefined) plan.transport = delivery.transport;
  if (delivery.reason !== undefined) plan.reason = delivery.reason;

  const allowed = [];
  for (const allow of options.allow ?? []) {
    const split = splitTarget(allow);
    const allowPlan = await planFor(split.recipient, mail, dns.resolver, planInputs, options.sender);
    allowed.push({ domain: split.domain, attempts: traceAttempts(allowPlan.attempts, firewalls.rulesets, facts, firewalls.native, firewalls.legacy), apexAddresses: await apexAddresses(split.domain, dns.resolver) });
  }
  const otherTexts = inputs.sections.filter((s) => s.kind === 'unknown').map((s) => ({ origin: s.origin, firstLine: s.firstLine, text: s.text }));
  const analysis: Analysis = { target, domain, mta: delivery.mta, rulesets: firewalls.rulesets, native: firewalls.native, legacy: firewalls.legacy, attempts, plan, allowed, otherTexts };
  if (inputs.mtaContainer !== undefined) analysis.container = inputs.mtaContainer;
  if (delivery.probeRouting !== undefined) analysis.probeRouting = delivery.probeRouting;
  if (uid !== undefined) analysis.uid = uid;
  if (gid !== undefined) analysis.gid = gid;

  const findings = detectFindings(analysis, { problems: inputs.problems, sectionTexts: inputs.sections.map((s) => ({ origin: s.origin, firstLine: s.firstLine, text: s.text, ...(s.command !== undefined ? { command: s.command } : {}) })) });
  const suspects = collectSuspects(attempts, firewalls.rulesets, delivery.uncertain);
  const dnsHere = refusalRestsOnDnsHere(inputs.mode, dns.answeredHere === true, plan);
  if (dnsHere) suspects.unshift(dnsHereSuspect(domain));
  const hostVerdict = decideVerdict(domain, plan, attempts, suspects, dnsHere);
  const placement = placeMta({ container: inputs.mtaContainer, hostNetwork: inputs.mtaHostNetwork, rulesets: firewalls.rulesets, attempts: delivery.attempts, facts, plan, domain });
  const verdict = placedVerdict(hostVerdict, placement);
  const diagnostics: Diagnostic[] = [...firewalls.diagnostics, ...dns.diagnostics, ...delivery.diagnostics];
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    target,
    domain,
    verdict: verdict.verdict,
    answer: verdict.answer,
    suspects,
    attempts,
    plan,
    findings,
    fixes: recommendedFixes(analysis, verdict.verdict, findings),
    inputs: inputs.sections.map((s) => readingOf(s, firewalls.summaries.get(s), dns.counts, mail, inputs.mtaContainer !== undefined)),
    problems: inputs.problems,
    diagnostics,
  };
  if (verdict.leaksVia) report.leaksVia = verdict.leaksVia.order;
  if (placement.kind !== 'host') report.placement = placement;
  if (inputs.mta !== undefined) report.mta = inputs.mta;
  return report;
}

/** The answer with where the MTA runs said: plainly for a known container, both ways when it may be either. */
function placedVerdict(host: VerdictResult, placement: MtaPlacement): VerdictResult {
  switch (placement.kind) {
    case 'host':
      return host;
    case 'host-network':
      return { ...host, answer: answerForHostNetwork(placement.mta, host.answer) };
    case 'container': {
      const alternatives = placement.alternatives ?? [];
      const verdict = combineVerdicts(host.verdict, alternatives);
      const out: VerdictResult = { verdict, answer: answerForContainer(placement.container, host.answer, alternatives) };
      if (verdict === 'leaks' && host.leaksVia) out.leaksVia = host.leaksVia;
      return out;
    }
    case 'either': {
      const verdict = combineVerdicts(host.verdict, placement.paths);
      const out: VerdictResult = { verdict, answer: answerForEither(host.answer, placement.paths) };
      // the attempt mail leaks over is the host's only when every way leaks
      if (verdict === 'leaks' && host.leaksVia) out.leaksVia = host.leaksVia;
      return out;
    }
  }
}

async function apexAddresses(domain: string, resolver: Resolver): Promise<string[]> {
  const [a, aaaa] = await Promise.all([resolver.resolveA(domain), resolver.resolveAaaa(domain)]);
  return [...(a.status === 'ok' ? a.records : []), ...(aaaa.status === 'ok' ? aaaa.records : [])];
}

function readingOf(s: InputSection, firewall: string | undefined, dnsCounts: Map<string, number>, mail: MailInputs, forwarded: boolean): InputReading {
  const lines = s.text.replace(/\n$/, '').split('\n').length;
  const reading: InputReading = { origin: s.origin, firstLine: s.firstLine, lines, kind: s.kind, detectedBy: s.detectedBy, summary: summaryOf(s, firewall, dnsCounts, mail, forwarded) };
  if (s.family !== undefined) reading.family = s.family;
  return reading;
}

function summaryOf(s: InputSection, firewall: string | undefined, dnsCounts: Map<string, number>, mail: MailInputs, forwarded: boolean): string {
  switch (s.kind) {
    case 'iptables-listing':
    case 'iptables-save':
    case 'iptables-rules':
    case 'iptables-script':
    case 'nft-ruleset':
      return firewall ?? s.kind;
    case 'dns-records':
      return `DNS records: ${dnsCounts.get(`${s.origin}:${s.firstLine}`) ?? 0} read`;
    case 'exim-config':
    case 'exim-bp-config':
      return `Exim configuration: ${mail.config?.routers.length ?? 0} routers, ${mail.config?.transports.length ?? 0} transports`;
    case 'exim-bt':
      return 'exim -bt output';
    case 'passwd':
      // the host's passwd says nothing about a container's MTA, whose packets carry no uid here
      return forwarded ? 'passwd entries (not used: the MTA runs in a container, and its forwarded packets carry no uid)' : 'passwd entries (for the MTA\'s uid)';
    case 'ip-route':
      return 'routing table';
    case 'postfix-main-cf':
      return `Postfix parameters: ${mail.postfix?.main.params.size ?? 0} set`;
    case 'postfix-master-cf':
      return `Postfix services: ${mail.postfix?.master?.services.length ?? 0}`;
    case 'postconf-p':
      return 'Postfix service overrides (postconf -P)';
    case 'postfix-map':
      return `Postfix lookup table source${s.path !== undefined && s.path !== s.origin ? ` (named ${s.path})` : ''}`;
    case 'unknown':
      return 'not a format mailleak parses (searched for framework settings only)';
  }
}
