// The save parser's fast word splitters (src/firewall/parse/save.ts splitRestoreLine) must give
// exactly the words, columns, quoting and diagnostics of iptables-restore's tokenizer as
// splitShellWords(…, 'restore') models it, on any line: blanks, quotes, backslashes, braces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitRestoreLine } from '../../../src/firewall/parse/save.js';
import { splitShellWords } from '../../../src/firewall/parse/shell-words.js';

const piece = fc.constantFrom('-A', 'DENYOUT', '-d', '192.0.2.1/32', '-m', 'comment', '--comment', '"Blocked by csf"', '"a  b"', '""', 'x"y z"w', '"', '\\"', '\\', '{{ x }}', '{', "'", '#', '-j', 'DROP', 'é', '\t', ' ', '  ');

describe('save line splitting', () => {
  it('splits a commented CSF deny rule into its words, the comment unquoted', () => {
    const line = '-A DENYOUT -d 192.0.2.1/32 -m comment --comment "Blocked by csf.deny  (lfd)" -j DROP';
    expect(splitRestoreLine(line).words.map((w) => [w.text, w.column, w.quoted])).toEqual([
      ['-A', 1, false], ['DENYOUT', 4, false], ['-d', 12, false], ['192.0.2.1/32', 15, false], ['-m', 28, false],
      ['comment', 31, false], ['--comment', 39, false], ['Blocked by csf.deny  (lfd)', 49, true], ['-j', 78, false], ['DROP', 81, false],
    ]);
  });

  it('agrees with the full restore tokenizer on random lines', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 14 }), fc.array(fc.constantFrom(' ', '', '\t'), { minLength: 14, maxLength: 14 }), (parts, seps) => {
      const line = parts.map((p, i) => p + seps[i]!).join('');
      expect(splitRestoreLine(line)).toEqual(splitShellWords(line, 'restore'));
    }), { numRuns: 5000 });
  });
});
