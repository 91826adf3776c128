import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/input/node/run-command.js';
import { problemFromOutcome } from '../../src/input/run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'ml-i-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCommand (real processes)', () => {
  it('captures stdout of a successful command', async () => {
    const outcome = await runCommand(['printf', 'a\\nb\\n']);
    expect(outcome).toMatchObject({ status: 'ok', stdout: 'a\nb\n' });
  });
  it('maps a missing program to "command not found"', async () => {
    const outcome = await runCommand(['ml-i-no-such-program']);
    expect(outcome.status).toBe('not-found');
    expect(problemFromOutcome(outcome)).toEqual({ what: 'ml-i-no-such-program', message: 'command not found: ml-i-no-such-program' });
  });
  it('maps a file that is not executable to permission denied', async () => {
    const file = join(dir, 'not-executable');
    writeFileSync(file, 'echo hi\n');
    chmodSync(file, 0o644);
    const outcome = await runCommand([file]);
    expect(outcome.status).toBe('denied');
    expect(problemFromOutcome(outcome)?.message).toBe(`permission denied: cannot execute ${file}`);
  });
  it('keeps the exit status and the first stderr line of a failing command', async () => {
    const outcome = await runCommand(['ls', '/ml-i-nonexistent']);
    expect(outcome).toMatchObject({ status: 'exit', exitCode: 2 });
    expect(problemFromOutcome(outcome)?.message).toMatch(/^exited with status 2: ls: cannot access '\/ml-i-nonexistent': No such file or directory$/);
  });
  it('stops a command that hangs at the timeout', async () => {
    const started = Date.now();
    const outcome = await runCommand(['sleep', '30'], { timeoutMs: 300 });
    expect(outcome.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(problemFromOutcome(outcome)).toEqual({ what: 'sleep 30', message: 'no answer after 0.3 s; stopped it' });
  });
  it('never lets a shell read an argument', async () => {
    const marker = join(dir, 'pwned');
    const hostile = `x; touch ${marker} $(touch ${marker}) \`touch ${marker}\``;
    const outcome = await runCommand(['echo', hostile]);
    expect(outcome).toMatchObject({ status: 'ok', stdout: `${hostile}\n` });
    expect(existsSync(marker)).toBe(false);
  });
});
