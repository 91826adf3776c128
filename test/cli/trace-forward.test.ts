// `mailleak trace --forward`: a container's SYN routed through the host, on a ruleset shaped as
// Docker writes it. The deciding rule is on the FORWARD side (DOCKER-USER, FORWARD's rules or
// its policy), never the host's OUTPUT REJECT, which the same packet sent locally meets.
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SAVE } from '../firewall/simulate/docker-ruleset.js';

const root = join(import.meta.dirname, '..', '..');
let dir = '';
let rules = '';

async function mailleak(args: string[]) {
  return execa('node', [join(root, 'bin', 'mailleak.js'), ...args], { reject: false, env: { NO_COLOR: '1' }, extendEnv: true });
}

async function traceJson(args: string[]): Promise<{ verdict: string; decidedBy: unknown; packet: Record<string, unknown>; path: { chain: string }[] }> {
  const r = await mailleak(['trace', ...args, '--iptables', rules, '--json']);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailleak-trace-fwd-'));
  rules = join(dir, 'docker.save');
  writeFileSync(rules, DOCKER_SAVE);
  await execa('npm', ['run', 'build'], { cwd: root });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mailleak trace --forward', () => {
  it('a container on br0 sending to port 25 is rejected by DOCKER-USER, not by the OUTPUT REJECT', async () => {
    const out = await traceJson(['--forward', '--in', 'br0', '--src', '198.51.100.2', '--to', '203.0.113.25', '--port', '25']);
    expect(out.verdict).toBe('REJECT');
    expect(out.decidedBy).toEqual({ table: 'filter', chain: 'DOCKER-USER', rule: 1 });
    expect(out.packet).toMatchObject({ origin: 'forwarded', iif: 'br0', src: '198.51.100.2', uid: null });
    expect(out.path.map((s) => s.chain)).not.toContain('OUTPUT');
  });
  it('the allowed MX is accepted by FORWARD rule 4 (-i br0 ! -o br0) once the out-interface is known', async () => {
    const out = await traceJson(['--forward', '--in', 'br0', '--src', '198.51.100.2', '--to', '192.0.2.25', '--port', '25', '--oif', 'eth0']);
    expect(out).toMatchObject({ verdict: 'ACCEPT', decidedBy: { table: 'filter', chain: 'FORWARD', rule: 4 } });
  });
  it('without the out-interface the ! -o br0 rule leaves it open', async () => {
    const out = await traceJson(['--forward', '--in', 'br0', '--to', '192.0.2.25', '--port', '25']);
    expect(out.verdict).toBe('UNKNOWN');
  });
  it('a packet arriving on another interface falls to the FORWARD policy DROP', async () => {
    const out = await traceJson(['--forward', '--in', 'eth1', '--to', '203.0.113.25', '--port', '25', '--oif', 'eth0']);
    expect(out).toMatchObject({ verdict: 'DROP', decidedBy: { table: 'filter', chain: 'FORWARD', policy: true } });
  });
  it('the same destination sent by a local process meets the host OUTPUT REJECT instead', async () => {
    const out = await traceJson(['--to', '203.0.113.25', '--port', '25']);
    expect(out).toMatchObject({ verdict: 'REJECT', decidedBy: { table: 'filter', chain: 'OUTPUT', rule: 1 } });
    expect(out.packet).toMatchObject({ origin: 'local', iif: null });
  });
  it('the text form says the packet is forwarded and from which interface', async () => {
    const r = await mailleak(['trace', '--forward', '--in', 'br0', '--to', '203.0.113.25', '--port', '25', '--iptables', rules]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('forwarded from an unknown address');
    expect(r.stdout).toContain('in-interface br0');
    expect(r.stdout).toContain('decided by filter:DOCKER-USER:rule:1');
  });
  it('refuses --in without --forward, and --uid with it (no socket on this host), with exit 2', async () => {
    const a = await mailleak(['trace', '--in', 'br0', '--to', '203.0.113.25', '--port', '25', '--iptables', rules]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('--forward');
    const b = await mailleak(['trace', '--forward', '--uid', '0', '--to', '203.0.113.25', '--port', '25', '--iptables', rules]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('no sending process');
  });
});
