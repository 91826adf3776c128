// An uncertainty as JSON: the cause is worded into `reason`, in the place and key order the
// JSON has always had (docs/json-schema.md: {table, chain, rule?, line?, reason, command?}).
import type { Uncertainty } from '../firewall/simulate/types.js';
import { describeCause } from '../firewall/simulate/uncertainty-text.js';

export function uncertaintyJson(u: Uncertainty): Record<string, unknown> {
  return {
    table: u.table,
    chain: u.chain,
    ...(u.rule !== undefined ? { rule: u.rule } : {}),
    ...(u.line !== undefined ? { line: u.line } : {}),
    reason: describeCause(u.cause),
    ...(u.command !== undefined ? { command: u.command } : {}),
  };
}
