// A containerised MTA (--mta-container): its SMTP is forwarded by this host, so what the admin
// wrote in OUTPUT does not apply; FORWARD's side (DOCKER-USER, DOCKER-FORWARD, ufw-*-forward,
// FORWARD's policy) decides. Says which rule that is, and how many OUTPUT rules it never meets.
import { findChain, findTable } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { admitsSmtpPort, rulesetEntries } from './rules.js';
import { makeFinding, type Evidence, type Finding, type FindingArgs } from './types.js';

export function detectContainerForward(a: Analysis): Finding[] {
  const c = a.container;
  if (!c) return [];
  const deciders: FindingArgs<'container-forward'>['deciders'] = [];
  const evidence: Evidence[] = [];
  for (const x of a.attempts) {
    const by = x.decidedBy;
    if (!by || deciders.some((d) => d.family === x.family && d.table === by.table && d.chain === by.chain && d.rule === by.rule && d.policy === by.policy)) continue;
    deciders.push({ family: x.family, table: by.table, chain: by.chain, ...(by.rule !== undefined ? { rule: by.rule } : {}), ...(by.policy ? { policy: true } : {}), verdict: x.verdict });
    if (by.origin !== undefined) evidence.push({ origin: by.origin, family: x.family, ...(by.line !== undefined ? { line: by.line } : {}), ...(by.text !== undefined ? { text: by.text } : {}), note: `decides attempt ${x.order}` });
  }
  const outputRules = rulesetEntries(a).reduce((n, [, r]) => n + (findChain(findTable(r, 'filter'), 'OUTPUT')?.rules.filter((rule) => admitsSmtpPort(rule) && rule.matches.some((m) => m.kind === 'port')).length ?? 0), 0);
  return [makeFinding('container-forward', { addresses: c.addresses, bridge: c.bridge, ...(c.name !== undefined ? { name: c.name } : {}), deciders: deciders.slice(0, 4), outputRules }, evidence.slice(0, 4))];
}
