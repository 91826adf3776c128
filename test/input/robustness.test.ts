import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPaste } from '../../src/input/split-paste.js';
import { normalizeText } from '../../src/input/text.js';
import { caseBody, eximStdout, sharedText } from './samples.js';

const LISTING = sharedText('reference/listing-samples/server/iptables-nft/L-n-v.txt');
const MIX = `${caseBody('01-sf930157-csf-localoutput-tcpout.txt')}\n$ ip6tables -L -n -v\n${sharedText('reference/listing-samples/server/ip6tables-nft/L-n-v.txt')}\n${eximStdout('bt-leak-fakedns.txt')}`;

function summary(text: string) {
  return splitPaste(text, { origin: 'stdin' }).sections.map((s) => [s.kind, s.family, s.firstLine, s.text.split('\n').length]);
}

describe('odd text never breaks the splitter', () => {
  it('holds for any text: sections are ordered, disjoint and exactly the normalised lines', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('Chain INPUT (policy DROP)', '*filter', 'COMMIT', '-P OUTPUT DROP', 'user@gmail.com', '  router = dnslookup, transport = remote_smtp', ';; ANSWER SECTION:', '$ iptables -L -n', '# Warning: iptables-legacy tables present', '```', '', 'begin routers', 'root:x:0:0::/root:/bin/sh'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        const { sections } = splitPaste(text, { origin: 'stdin' });
        const normal = normalizeText(text).split('\n');
        let after = 0;
        for (const s of sections) {
          expect(s.firstLine).toBeGreaterThan(after);
          const body = s.text.split('\n');
          expect(normal.slice(s.firstLine - 1, s.firstLine - 1 + body.length)).toEqual(body);
          after = s.firstLine - 1 + body.length;
        }
      }),
      { numRuns: 300 },
    );
  });
  it('reads CRLF, ANSI colours and a BOM like the plain text', () => {
    const crlf = MIX.replace(/\n/g, '\r\n');
    const coloured = `\uFEFF${MIX.replace(/Chain (\S+)/g, '\u001b[1;32mChain\u001b[0m $1').replace(/ACCEPT/g, '\u001b[32mACCEPT\u001b[m')}`;
    expect(summary(crlf)).toEqual(summary(MIX));
    expect(summary(coloured)).toEqual(summary(MIX));
    expect(splitPaste(coloured, { origin: 'stdin' }).sections.some((s) => s.text.includes('\u001b'))).toBe(false);
  });
  it('reads a listing whose columns are separated by tabs', () => {
    expect(summary(LISTING.replace(/ {2,}/g, '\t'))).toEqual(summary(LISTING));
  });
  it('copes with empty, blank-only and binary input', () => {
    expect(splitPaste('', { origin: 'stdin' })).toEqual({ sections: [], problems: [] });
    expect(splitPaste('\n \n\t\n', { origin: 'stdin' }).sections).toEqual([]);
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('utf8');
    const result = splitPaste(binary, { origin: 'stdin' });
    expect(result.problems[0]!.message).toContain('binary data');
    expect(result.sections.every((s) => s.kind === 'unknown')).toBe(true);
  });
  it('handles 10,000-character lines and a large paste', () => {
    const long = `${'A'.repeat(10_000)}\nChain OUTPUT (policy DROP)\n${'x '.repeat(5_000)}\n`;
    expect(summary(long).map((s) => s[0])).toEqual(['unknown', 'iptables-listing']);
    const big = Array.from({ length: 200 }, () => MIX).join('\n');
    expect(splitPaste(big, { origin: 'stdin' }).sections.length).toBeGreaterThanOrEqual(600);
  });
});
