// The shell-word splitter reads quoting like sh (or iptables-restore) and never runs anything.
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../src/firewall/parse/shell-words.js';

const texts = (line: string, mode: 'shell' | 'restore' = 'shell', env: Record<string, string> = {}) =>
  splitShellWords(line, mode, (n) => env[n]).words.map((w) => (w.operator ? `<${w.text}>` : w.text));

describe('splitShellWords', () => {
  it('handles quotes, backslashes and comments like sh', () => {
    expect(texts(`a "b c" 'd $X' e\\ f # comment`)).toEqual(['a', 'b c', 'd $X', 'e f']);
    expect(texts(`--comment "say \\"hi\\""`)).toEqual(['--comment', 'say "hi"']);
    expect(texts('x#y')).toEqual(['x#y']);
    expect(splitShellWords('a  # note').commentColumn).toBe(4);
  });
  it('reads iptables-save quoting: \\\' and \\" inside double quotes, # and \' are ordinary', () => {
    expect(texts(`--comment "user\\'s \\"mail\\"" x'y #z`, 'restore')).toEqual(['--comment', `user's "mail"`, "x'y", '#z']);
  });
  it('expands known variables and marks unknown ones and substitutions without running them', () => {
    const split = splitShellWords('$IPT -d ${MX}/32 $(cat /etc/x) `id` "$IPT"', 'shell', (n) => (n === 'IPT' ? '/sbin/iptables' : undefined));
    expect(split.words.map((w) => [w.text, w.unresolved ?? null])).toEqual([
      ['/sbin/iptables', null], ['-d', null], ['${MX}/32', '${MX}'], ['$(cat /etc/x)', '$(cat /etc/x)'], ['`id`', '`id`'], ['/sbin/iptables', null],
    ]);
  });
  it('splits control operators and drops redirections', () => {
    expect(texts('iptables -F 2>/dev/null || true; iptables -X >> log && echo ok &')).toEqual(['iptables', '-F', '<||>', 'true', '<;>', 'iptables', '-X', '<&&>', 'echo', 'ok', '<&>']);
  });
  it('keeps {{ template }} placeholders as one unresolved word', () => {
    const w = splitShellWords('-s {{ address }}/32 -j ACCEPT', 'restore').words;
    expect(w.map((x) => x.text)).toEqual(['-s', '{{ address }}/32', '-j', 'ACCEPT']);
    expect(w[1]!.unresolved).toBe('{{ address }}');
  });
  it('gives 1-based columns and reports an open quote', () => {
    const s = splitShellWords('-A OUTPUT  "x');
    expect(s.words.map((w) => w.column)).toEqual([1, 4, 12]);
    expect(s.unterminatedQuote).toBe(true);
  });
});
