// Owner rules (cPanel "SMTP Restrictions", CSF SMTP_BLOCK) restrict WHICH PROCESSES may talk
// SMTP and always allow the MTA's own uid/gid: they never limit where Exim itself connects
// (exim.md §0.8; iptables-extensions(8) owner: OUTPUT only, "--uid-owner").
import type { Match } from '../../../firewall/model.js';
import type { Analysis } from '../types.js';
import { pathRules, ruleEvidence, uniqueRules } from './rules.js';
import { makeFinding, type Finding } from './types.js';

type OwnerMatch = Extract<Match, { kind: 'owner' }>;

function ownerText(m: OwnerMatch): string {
  const parts: string[] = [];
  if (m.uid) parts.push(`uid ${m.uid.negated ? '! ' : ''}${m.uid.name ?? (m.uid.range.from === m.uid.range.to ? m.uid.range.from : `${m.uid.range.from}-${m.uid.range.to}`)}`);
  if (m.gid) parts.push(`gid ${m.gid.negated ? '! ' : ''}${m.gid.name ?? (m.gid.range.from === m.gid.range.to ? m.gid.range.from : `${m.gid.range.from}-${m.gid.range.to}`)}`);
  return parts.join(' ') || 'socket owner';
}

export function detectOwnerAllowsMta(a: Analysis): Finding[] {
  return uniqueRules(pathRules(a))
    .filter((ref) => ref.rule.target.kind === 'accept' && ref.step.result !== 'no-match' && ref.rule.matches.some((m) => m.kind === 'owner'))
    .map((ref) => {
      const owner = ref.rule.matches.find((m): m is OwnerMatch => m.kind === 'owner')!;
      return makeFinding('owner-allows-mta',
        { chain: ref.chain.name, rule: ref.rule.position, owner: ownerText(owner), ...(a.uid !== undefined ? { uid: a.uid } : {}), ...(a.gid !== undefined ? { gid: a.gid } : {}), certain: ref.step.result === 'match', mta: a.mta },
        [ruleEvidence(ref, `owner ${ownerText(owner)}`)]);
    });
}
