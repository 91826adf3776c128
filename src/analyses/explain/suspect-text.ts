// A suspect in words: its cause's sentence (uncertainty-text.ts), and the rule that led there
// when the cause is about a rule of a trace (a cause about a whole chain already names it).
import { describeCause } from '../../firewall/simulate/uncertainty-text.js';
import type { Suspect } from './types.js';

export function describeSuspect(s: Suspect): string {
  const w = s.where;
  return `${describeCause(s.cause)}${w?.rule !== undefined ? ` (${w.table} ${w.chain} rule ${w.rule})` : ''}`;
}
