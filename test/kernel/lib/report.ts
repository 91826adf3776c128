// Records for scripts/run-tier.mjs: each probe, skip reason and note is appended as one JSON
// line to $MAILLEAK_TIER_REPORT (set by the runner), which prints the tier's summary from them.
import { appendFileSync } from 'node:fs';

export type TierRecord =
  | { kind: 'probe'; agreed: boolean; label: string; repro?: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'note'; text: string }
  /** e2e: one scenario, agreed when every mailleak run matched what really happened */
  | { kind: 'scenario'; agreed: boolean; label: string; detail?: string };

export function recordTier(record: TierRecord): void {
  const path = process.env.MAILLEAK_TIER_REPORT;
  if (!path) return;
  appendFileSync(path, `${JSON.stringify({ tier: process.env.MAILLEAK_TIER ?? 'unknown', ...record })}\n`);
}
