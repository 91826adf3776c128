// The packet path drawn as a tree: user-chain rules nest under the jump that entered them.
import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../src/firewall/simulate/collapse.js';
import type { TraceStep } from '../../src/firewall/simulate/types.js';
import { createPalette } from '../../src/report/color.js';
import { renderTree } from '../../src/report/tree.js';

const step = (s: Partial<TraceStep> & Pick<TraceStep, 'chain' | 'result' | 'depth'>): TraceEntry => ({ kind: 'step', step: { table: 'filter', ...s } });

describe('renderTree', () => {
  it('nests the rules of a jumped-to chain under the jump and ends with the policy', () => {
    const lines = renderTree([
      step({ chain: 'OUTPUT', rule: 1, result: 'no-match', depth: 0, text: '-A OUTPUT -d 192.0.2.1/32 -j ACCEPT', line: 5 }),
      step({ chain: 'OUTPUT', rule: 2, result: 'match', depth: 0, target: 'MAILOUT', text: '-A OUTPUT -j MAILOUT', line: 6 }),
      step({ chain: 'MAILOUT', rule: 1, result: 'no-match', depth: 1, text: '-A MAILOUT -p tcp --dport 443 -j ACCEPT', line: 8 }),
      step({ chain: 'OUTPUT', policy: true, result: 'match', depth: 0, target: 'DROP' }),
    ], createPalette(false));
    expect(lines).toEqual([
      'filter OUTPUT',
      '├── ✗ line 5: -A OUTPUT -d 192.0.2.1/32 -j ACCEPT',
      '├── ✓ line 6: -A OUTPUT -j MAILOUT',
      '│   └── ✗ line 8: -A MAILOUT -p tcp --dport 443 -j ACCEPT',
      '└── ✓ policy DROP',
    ]);
  });

  it('marks a maybe step with ? and its reason', () => {
    const [, line] = renderTree([step({ chain: 'OUTPUT', rule: 9, result: 'maybe', depth: 0, target: 'LOCALOUTPUT', reason: 'chain LOCALOUTPUT was not supplied' })], createPalette(false));
    expect(line).toBe('└── ? rule 9 → LOCALOUTPUT  (chain LOCALOUTPUT was not supplied)');
  });

  it('draws a collapsed run of non-matching rules as one ✗ line under the jump', () => {
    const lines = renderTree([
      step({ chain: 'OUTPUT', rule: 1, result: 'match', depth: 0, target: 'DENYOUT', text: '-A OUTPUT -j DENYOUT', line: 5 }),
      { kind: 'no-match-run', table: 'filter', chain: 'DENYOUT', from: 1, to: 100000, count: 100000, firstLine: 9, lastLine: 100008, depth: 1 },
      step({ chain: 'OUTPUT', policy: true, result: 'match', depth: 0, target: 'DROP' }),
    ], createPalette(false));
    expect(lines).toEqual([
      'filter OUTPUT',
      '├── ✓ line 5: -A OUTPUT -j DENYOUT',
      '│   └── ✗ rules 1–100000 of DENYOUT: no match (100000 rules, lines 9–100008)',
      '└── ✓ policy DROP',
    ]);
  });
});
