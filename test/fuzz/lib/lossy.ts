// Mutations for the verdict-stability property, split by what they do to the meaning of a
// ruleset. Lossy ones remove information in a way the parsers can see (a redaction marker where
// an address or a word was): the answer may become UNKNOWN, never the opposite verdict.
// Cosmetic ones change only how the text looks. Deleting or cutting off rules, or cutting a rule
// line after its last complete word, changes the ruleset into another valid ruleset: no parser
// can tell, so those are not checked here (see docs/robustness.md, "Known limits").
import fc from 'fast-check';
import type { Mutation } from './mutate.js';
import { applyMutations } from './mutate.js';

/**
 * `10.x.x.x` for 10.0.0.0/8: the leading octets the original network really has, the rest
 * hidden. Only as many octets as the prefix covers are kept, so the marker never claims more
 * than the original said (`192.x.x.x` in place of 10.0.0.0/8 would be a different rule).
 */
const KEEP_OCTETS = 'keep-octets';

/** How people hide addresses before pasting (as seen in ../shared/cases and forum posts). */
export const ADDRESS_REDACTIONS = ['x.x.x.x', 'a.b.c.d', '***', 'XXX', '[redacted]', '<ip>', '…', 'xxx.xxx.xxx.xxx', 'MY.IP', KEEP_OCTETS];
/** Markers that stand for any other word (a target, a counter, an option). */
const WORD_REDACTIONS = ['x.x.x.x', '***', 'XXX', '[redacted]', '<ip>', '…'];

export type LossyMutation =
  | { op: 'redact-address'; nth: number; with: string; keep: number }
  | { op: 'redact-word'; line: number; column: number; with: string };

const pos = fc.nat({ max: 1_000_000 });

export const lossyMutation: fc.Arbitrary<LossyMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('redact-address' as const), nth: pos, with: fc.constantFrom(...ADDRESS_REDACTIONS), keep: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('redact-word' as const), line: pos, column: pos, with: fc.constantFrom(...WORD_REDACTIONS) }) },
);

export function lossyMutations(maxLength = 3): fc.Arbitrary<LossyMutation[]> {
  return fc.array(lossyMutation, { minLength: 1, maxLength });
}

// an IPv4 or IPv6 address with an optional prefix or mask, as listings and saves print them
const ADDRESS = /(?<![\w.:])(?:(?:\d{1,3}\.){3}\d{1,3}|(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(?:\/[\d.]+)?(?![\w.:])/gi;

function redactAddress(text: string, m: Extract<LossyMutation, { op: 'redact-address' }>): string {
  const found = [...text.matchAll(ADDRESS)].filter((a) => a[0] !== '::');
  const hit = found.length === 0 ? undefined : found[m.nth % found.length];
  if (!hit) return text;
  return text.slice(0, hit.index) + redactionFor(hit[0], m) + text.slice(hit.index + hit[0].length);
}

function redactionFor(address: string, m: Extract<LossyMutation, { op: 'redact-address' }>): string {
  if (m.with !== KEEP_OCTETS) return m.with;
  const [host = '', prefixText] = address.split('/');
  const octets = host.split('.');
  if (octets.length !== 4) return 'x.x.x.x';
  const prefix = prefixText === undefined ? 32 : /^\d+$/.test(prefixText) ? Number(prefixText) : 0;
  const keep = Math.min(m.keep, Math.floor(prefix / 8));
  const marked = [...octets.slice(0, keep), ...Array<string>(4 - keep).fill('x')].join('.');
  return prefixText === undefined ? marked : `${marked}/${prefixText}`;
}

/** Decides per word whether redacting it is left out (a known gap: docs/robustness.md). */
export type WordFilter = (line: string, words: readonly string[], index: number) => boolean;

function wordsOf(line: string): string[] {
  return line.match(/\S+/g) ?? [];
}

export function applyLossy(text: string, ms: readonly LossyMutation[], skipWord?: WordFilter): string {
  let current = text;
  for (const m of ms) {
    switch (m.op) {
      case 'redact-address':
        current = redactAddress(current, m);
        break;
      case 'redact-word': {
        // the same choice of line and word as mutate.ts makes
        const lines = current.split('\n');
        const line = lines[m.line % lines.length] ?? '';
        const words = wordsOf(line);
        if (skipWord && words.length > 0 && skipWord(line, words, m.column % words.length)) break;
        const as: Mutation = { op: 'redact-token', line: m.line, column: m.column, with: m.with };
        current = applyMutations(current, [as]);
        break;
      }
    }
  }
  return current;
}
