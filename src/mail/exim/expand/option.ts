// Reading a router or transport option through the evaluator: the option's quotes are removed
// (spec "String options"), then the value is expanded when it holds a `$`. A forced failure is
// kept apart: Exim gives it a meaning per option (an unset option, "not in the list", skip).
import type { OptionSetting } from '../config.js';
import { hasExpansion, unquote } from '../options.js';
import { expandString } from './evaluate.js';
import type { ExpandContext } from './types.js';

export type OptionValue =
  | { kind: 'unset' }
  | { kind: 'text'; text: string; expanded: boolean }
  | { kind: 'forced-fail' }
  | { kind: 'error'; message: string }
  | { kind: 'unknown'; reason: string };

export function expandOption(setting: OptionSetting | undefined, ctx: ExpandContext): OptionValue {
  if (!setting || setting.form !== 'assign') return { kind: 'unset' };
  const raw = unquote(setting.value);
  if (!hasExpansion(raw)) return { kind: 'text', text: raw, expanded: false };
  const v = expandString(raw, ctx);
  switch (v.kind) {
    case 'text':
      return { kind: 'text', text: v.text, expanded: true };
    case 'failed':
      return v.forced ? { kind: 'forced-fail' } : { kind: 'error', message: v.message };
    case 'unknown':
      return { kind: 'unknown', reason: `${setting.name} = ${setting.value}: ${v.reason}` };
  }
}

/** Exim's truth of an expanded boolean option (condition, ipv4_only…): "", "0", "no", "false" are false. */
export function isTrueText(text: string): boolean {
  const v = text.trim().toLowerCase();
  return !(v === '' || v === '0' || v === 'no' || v === 'false');
}
