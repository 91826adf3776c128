// `mailleak … | head` closes the pipe early: the user must see head's lines and no stack trace.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(__dirname, '../../bin/mailleak.js');

describe('a reader that stops early', () => {
  for (const args of [['--help'], ['explain', 'gmail.com', '--demo']]) {
    it(`mailleak ${args.join(' ')} | head -1 prints one line and no error`, () => {
      // the shell builds the pipe only; mailleak itself is given an argument array
      const run = spawnSync('sh', ['-c', 'node "$0" "$@" | head -1', bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(run.stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/EPIPE|at .*\(|Error/);
    });
  }
});
