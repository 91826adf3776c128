// Does IPv6 SMTP get out? The MTA's own IPv6 attempts when it has any, else one SYN to a
// stand-in IPv6 mail server (RFC 3849) through every base chain of the IPv6 rulesets.
import { parseIp } from '../../../firewall/address.js';
import { buildNetfilterModel } from '../../../firewall/hooks.js';
import { traceInModel } from '../../../firewall/simulate/trace.js';
import { EPHEMERAL_PORTS, type TraceResult } from '../../../firewall/simulate/types.js';
import type { Analysis, AttemptResult } from '../types.js';
import { familyRulesets } from './native.js';

export const PROBE_V6 = '2001:db8::25';

export type Ipv6Exit =
  | { seen: 'attempts'; accepted: AttemptResult[]; attempts: number }
  | { seen: 'probe'; trace: TraceResult };

/** undefined when no IPv6 ruleset was supplied (ipv6-unknown's case) or a container sends. */
export function ipv6Exit(a: Analysis): Ipv6Exit | undefined {
  const rulesets = familyRulesets(a, 6);
  if (rulesets.length === 0 || a.container) return undefined;
  const v6 = a.attempts.filter((x) => x.family === 6);
  if (v6.length > 0) return { seen: 'attempts', accepted: v6.filter((x) => x.verdict === 'ACCEPT' && x.leavesHost), attempts: v6.length };
  const packet = { family: 6 as const, protocol: 6, dst: parseIp(PROBE_V6)!, dport: 25, sport: EPHEMERAL_PORTS, state: 'NEW' as const, ...(a.uid !== undefined ? { uid: a.uid } : {}) };
  return { seen: 'probe', trace: traceInModel(buildNetfilterModel(rulesets), packet) };
}
