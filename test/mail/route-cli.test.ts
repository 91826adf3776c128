// The `mailleak route` command as a user runs it: the built binary, real files, exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTRICT } from './exim/support/lab-configs.js';
import { LAB_ZONE } from './exim/support/lab-zone.js';

const root = join(import.meta.dirname, '..', '..');
let dir = '';
let buildProblem: string | null = null;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) buildProblem = `the build failed: ${build.stderr.slice(0, 500)}`;
  dir = mkdtempSync(join(tmpdir(), 'ml-route-'));
  writeFileSync(join(dir, 'lab.zone'), LAB_ZONE);
  writeFileSync(join(dir, 'restrict.conf'), `primary_hostname = mailhost.test\n${RESTRICT}`);
  writeFileSync(join(dir, 'broken.conf'), 'primary_hostname = mailhost.test\n.ifdef X\nbegin routers\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function route(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/mailleak.js'), 'route', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mailleak route', () => {
  it('prints the plan as JSON: the :fail: router refuses gmail, the allowed domain goes out in Exim\'s order', () => {
    if (buildProblem) return console.warn(`skipped: ${buildProblem}`);
    const refused = route('user@gmail.test', '--exim-config', 'restrict.conf', '--dns', 'lab.zone', '--json');
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({ recipient: 'user@gmail.test', outcome: 'refused', router: 'block_unallowed', attempts: [] });
    const allowed = JSON.parse(route('allowed.test', '--exim-config', 'restrict.conf', '--dns', 'lab.zone', '--json', '--uid', '102', '--gid', '105').stdout);
    expect(allowed.recipient).toBe('postmaster@allowed.test');
    expect(allowed.attempts.map((a: { address: string; family: number; port: number; uid: number }) => [a.address, a.family, a.port, a.uid])).toEqual([['2001:db8:1::10', 6, 25, 102], ['203.0.113.10', 4, 25, 102]]);
  });

  it('prints a table of attempts and says when it assumed Debian\'s default configuration', () => {
    if (buildProblem) return console.warn(`skipped: ${buildProblem}`);
    const r = route('user@gmail.test', '--dns', 'lab.zone');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mx1\.gmail\.test.*2001:db8:4860::1b.*IPv6.*25/);
    expect(r.stdout).toContain("assumed Debian's default");
  });

  it('offline: router and transport, addresses not known', () => {
    if (buildProblem) return console.warn(`skipped: ${buildProblem}`);
    const plan = JSON.parse(route('user@org.example', '--exim-config', 'restrict.conf', '--offline', '--json').stdout);
    expect([plan.router, plan.transport]).toEqual(['smarthost', 'smarthost_smtp']);
    expect(plan.attempts.map((a: { address: null; port: number }) => [a.address, a.port])).toEqual([[null, 587], [null, 587]]);
    expect(plan.uncertain.length).toBeGreaterThan(0);
  });

  it.each([
    [['user@x.test', '--exim-config', 'broken.conf'], /^mailleak: broken\.conf:2: unexpected end of configuration file: \.endif missing$/m],
    [['user@x.test', '--exim-config', 'a', '--exim-bp', 'b'], /either --exim-config or --exim-bp/],
    [['user@x.test', '--exim-config', 'restrict.conf', '--define', 'lower=1'], /--define "lower=1"/],
    [['user@x.test', '--uid', 'exim'], /--uid "exim" is not a numeric id/],
    [['not an address'], /is not a mail address or domain/],
    [['user@x.test', '--offline', '--dns', 'lab.zone'], /cannot be combined/],
    [['user@x.test', '--exim-bt', 'lab.zone'], /lab\.zone:\d+: not exim -bt output/],
  ])('bad input %j exits 2 with one clear line, never a stack trace', (args, message) => {
    if (buildProblem) return console.warn(`skipped: ${buildProblem}`);
    const r = route(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
