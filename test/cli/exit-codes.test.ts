// The exit codes are one list: `mailleak --help` prints it and the README's table says the same.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_MEANINGS } from '../../src/cli/shared/exit.js';

const root = resolve(__dirname, '../..');

describe('exit codes', () => {
  it('mailleak --help lists every code', () => {
    const help = spawnSync(process.execPath, [resolve(root, 'bin/mailleak.js'), '--help'], { encoding: 'utf8' }).stdout;
    for (const [code, meaning] of EXIT_MEANINGS) expect(help.replace(/\s+/g, ' ')).toContain(`${code} ${meaning}`);
  });

  it('the README table says the same', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 3));
    const rows = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]!.replaceAll('`', '')]);
    expect(rows).toEqual(EXIT_MEANINGS.map(([c, m]) => [c, m]));
  });
});
