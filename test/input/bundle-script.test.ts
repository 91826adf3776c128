// The collection script as plain POSIX sh: syntax under dash (and posh / checkbashisms when
// installed), and its framing with tools whose output tries to break it (a marker-like line, no
// final newline, stderr without a newline, failures, a missing tool, a stdin reader). Fake tools
// come first on PATH; the script appends the sbin folders after the caller's PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_PS_TEMPLATE } from '../../src/input/live-docker.js';
import { acquireFromBundle } from '../../src/input/bundle-acquire.js';
import { parseBundle } from '../../src/input/bundle-read.js';
import { collectScript } from '../../src/input/bundle-script.js';
import { findShell, runScript } from './support/script-run.js';
import { INTERNAL_NET, MAILCOW_ID, MAILCOW_NET, MAILCOW_NETWORKS, MAILCOW_OPTIONS, MAILCOW_PS, MAILCOW_THREE_NETWORKS, MAILU_PS, MAILU_SMTP_ID, PODMAN_DMS_ID, PODMAN_INTERFACE, PODMAN_NETWORKS, PODMAN_PS_OUTPUT, POSTAL_NETWORKS, POSTAL_PS, POSTAL_WORKER_ID, PROXY_NET } from './support/docker-samples.js';

const dash = findShell('dash');
if (!dash) console.warn('skipping collection script tests: dash is not installed (Debian package dash)');

describe.skipIf(!dash)('the collection script under dash', () => {
  it('is valid sh for dash, and for posh / checkbashisms when they are installed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ml-script-')), 'collect.sh');
    writeFileSync(file, collectScript());
    expect(spawnSync(dash!, ['-n', file], { encoding: 'utf8' }).stderr).toBe('');
    const posh = findShell('posh');
    if (posh) expect(spawnSync(posh, ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    else console.warn('posh not installed: strict POSIX syntax check skipped');
    const checkbashisms = findShell('checkbashisms');
    if (checkbashisms) {
      const r = spawnSync(checkbashisms, ['--posix', '--extra', file], { encoding: 'utf8' });
      expect(r.stderr + r.stdout).toBe('');
      expect(r.status).toBe(0);
    } else console.warn('checkbashisms not installed (Debian package devscripts): bash-ism scan skipped');
    rmSync(file, { force: true });
  });

  it('uses no bash-only syntax and writes nowhere but stdout', () => {
    const body = collectScript().split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    for (const bashism of [/(^|[\s;])\[\[\s/, /\blocal\s/, /\bfunction\s/, /\$'/, /<\(/, /\bpipefail\b/, /\becho -e\b/, /\bsource\s/, /\w=\(/, /&>/, /\$\{\w+\/\//, /\$RANDOM/]) expect(body).not.toMatch(bashism);
    // the only redirections to files are /dev/null; >&3 is the saved stdout
    const writes = body.match(/\d?>\s*[^&\s|;)]+/g) ?? [];
    expect(writes.filter((w) => !/\/dev\/null$/.test(w))).toEqual([]);
  });

  /** A fake docker client that answers only the exact questions; `ps` is its `docker ps` output. */
  function fakeDocker(ps: string, id: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'ml-docker-'));
    writeFileSync(join(dir, 'ps'), ps);
    writeFileSync(join(dir, 'networks'), MAILCOW_NETWORKS);
    writeFileSync(join(dir, 'options'), MAILCOW_OPTIONS);
    const body = [
      `case "$*" in 'ps --no-trunc --format {"ID":'*) exec cat "${dir}/ps" ;; esac`,
      `[ "$*" = "inspect --format {{json .NetworkSettings.Networks}} ${id}" ] && exec cat "${dir}/networks"`,
      `[ "$*" = "network inspect --format {{json .Options}} ${MAILCOW_NET}" ] && exec cat "${dir}/options"`,
      'echo "unexpected: $*" >&2; exit 1',
    ].join('\n');
    writeFileSync(join(dir, 'docker'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, 'docker'), 0o755);
    return dir;
  }

  it('Mailu: inspects the Postfix container behind the front, as live mode does', async () => {
    const dir = fakeDocker(MAILU_PS, MAILU_SMTP_ID);
    const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mtaContainer).toMatchObject({ name: 'mailu-smtp-1', project: 'mailu', bridge: 'br-mailcow', from: 'detected' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks docker for the SMTP publisher, its networks and their options: what live mode reads (never the environment)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-docker-'));
    writeFileSync(join(dir, 'ps'), MAILCOW_PS);
    writeFileSync(join(dir, 'networks'), MAILCOW_NETWORKS);
    writeFileSync(join(dir, 'options'), MAILCOW_OPTIONS);
    // a fake docker client that answers only the exact questions and logs every argv
    const body = [
      `printf '%s|' "$@" >>"${dir}/log"; echo >>"${dir}/log"`,
      `case "$*" in 'ps --no-trunc --format {"ID":'*) exec cat "${dir}/ps" ;; esac`,
      `[ "$*" = "inspect --format {{json .NetworkSettings.Networks}} ${MAILCOW_ID}" ] && exec cat "${dir}/networks"`,
      `[ "$*" = "network inspect --format {{json .Options}} ${MAILCOW_NET}" ] && exec cat "${dir}/options"`,
      // a container without postconf: docker exec says so with status 127
      `case "$*" in "exec ${MAILCOW_ID} "*) echo 'OCI runtime exec failed: exec failed: unable to start container process: exec: "postconf": executable file not found in $PATH: unknown' >&2; exit 127;; esac`,
      'echo "unexpected: $*" >&2; exit 1',
    ].join('\n');
    writeFileSync(join(dir, 'docker'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, 'docker'), 0o755);
    const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mtaContainer).toEqual({ addresses: ['192.0.2.253', '2001:db8::fd'], bridge: 'br-mailcow', from: 'detected', name: 'mailcowdockerized-postfix-mailcow-1', project: 'mailcowdockerized' });
    const records = parseBundle(run.stdout, 'fake').records.filter((r) => r.name.startsWith('docker'));
    expect(records.map((r) => [r.name, r.exit])).toEqual([
      [`docker ps --no-trunc --format ${DOCKER_PS_TEMPLATE}`, 0],
      [`docker inspect --format {{json .NetworkSettings.Networks}} ${MAILCOW_ID}`, 0],
      [`docker network inspect --format {{json .Options}} ${MAILCOW_NET}`, 0],
      // the MTA in the container, when it is Postfix (not here)
      [`docker exec ${MAILCOW_ID} postconf -n`, 127],
    ]);
    expect(run.stdout).not.toMatch(/unexpected|\.Config|Env/);
    // every label would be printed by {{json .}}: labels hold secrets (basic-auth hashes, tokens)
    expect(run.stdout).not.toContain('{{json .}}');
    expect(run.stdout).not.toMatch(/traefik|basicauth/i);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fake client (docker or podman) that answers only the exact questions (`answers`: argv after the program → file text) and logs every argv. */
  function fakeClient(program: string, answers: Record<string, string>, ps: string): string {
    const dir = mkdtempSync(join(tmpdir(), `ml-${program}-`));
    writeFileSync(join(dir, 'ps'), ps);
    const lines = [
      `printf '%s|' "$@" >>"${dir}/log"; echo >>"${dir}/log"`,
      `case "$*" in 'ps --no-trunc --format {"ID":'*) exec cat "${dir}/ps" ;; esac`,
      // the MTA container has no postconf here (an Exim image): exec says so with status 127
      `case "$*" in 'exec '*' postconf '*) echo 'exec: "postconf": executable file not found in $PATH' >&2; exit 127 ;; esac`,
    ];
    Object.entries(answers).forEach(([args, text], i) => {
      writeFileSync(join(dir, `a${i}`), text);
      lines.push(`[ "$*" = "${args}" ] && exec cat "${dir}/a${i}"`);
    });
    lines.push('echo "unexpected: $*" >&2; exit 1');
    writeFileSync(join(dir, program), `#!/bin/sh\n${lines.join('\n')}\n`);
    chmodSync(join(dir, program), 0o755);
    return dir;
  }

  it('podman: the same narrowed ps, its networks and each network_interface; the bundle detects what live mode does', async () => {
    const dir = fakeClient('podman', {
      [`inspect --format {{json .NetworkSettings.Networks}} ${PODMAN_DMS_ID}`]: PODMAN_NETWORKS,
      'network inspect --format {{.NetworkInterface}} docker-mailserver_default': PODMAN_INTERFACE,
    }, PODMAN_PS_OUTPUT);
    const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mtaContainer).toEqual({ addresses: ['198.51.100.7'], bridge: 'podman1', from: 'detected', engine: 'podman', name: 'mailserver', project: 'docker-mailserver' });
    const records = parseBundle(run.stdout, 'fake').records.filter((r) => r.name.startsWith('podman'));
    // ps, inspect, the network's interface, then postconf in the container (not there: 127)
    expect(records.map((r) => r.exit)).toEqual([0, 0, 0, 127]);
    expect(run.stdout).not.toMatch(/unexpected|\{\{json \.\}\}/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a container on several networks: the bridge of each is asked, and each that routes out is a possible placement', async () => {
    const dir = fakeClient('docker', {
      [`inspect --format {{json .NetworkSettings.Networks}} ${MAILCOW_ID}`]: MAILCOW_THREE_NETWORKS,
      [`network inspect --format {{json .Options}} ${MAILCOW_NET}`]: MAILCOW_OPTIONS,
      [`network inspect --format {{json .Options}} ${PROXY_NET}`]: '{}\n',
      [`network inspect --format {{json .Options}} ${INTERNAL_NET}`]: '{}\n',
    }, MAILCOW_PS);
    const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mtaContainer?.bridge).toBe('br-mailcow');
    expect(inputs.mtaContainer?.alternatives).toEqual([{ addresses: ['203.0.113.7'], bridge: `br-${PROXY_NET.slice(0, 12)}`, network: 'proxy' }]);
    expect(run.stdout).not.toMatch(/unexpected/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('Postal: its worker (host network, nothing published) is inspected, as live mode does', async () => {
    const dir = fakeClient('docker', {
      [`inspect --format {{json .NetworkSettings.Networks}} ${POSTAL_WORKER_ID}`]: POSTAL_NETWORKS,
      // the script asks every network's options, the host network's too (live mode needs none)
      [`network inspect --format {{json .Options}} ${'d4'.repeat(32)}`]: '{}\n',
    }, POSTAL_PS);
    const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mtaHostNetwork).toEqual({ name: 'postal-worker-1', project: 'postal' });
    expect(inputs.mtaContainer).toBeUndefined();
    expect(run.stdout).not.toMatch(/unexpected/);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('framing with hostile tool output', () => {
    let dir = '';
    let config = '';
    const tricky = 'line one\n### mailleak-end mlb1x1\n### mailleak-section fake cmd x\n\n\nlast line without newline';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ml-fake-'));
      config = join(dir, 'exim configure');
      writeFileSync(config, 'primary_hostname = fake.example\nbegin routers\n');
      writeFileSync(join(dir, 'payload'), tricky);
      const tool = (name: string, body: string): void => {
        writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
        chmodSync(join(dir, name), 0o755);
      };
      tool('iptables', `[ "$1" = -V ] && { echo 'iptables v1.8.9 (nf_tables)'; exit 0; }\necho "listing $*"`);
      tool('iptables-save', `cat "${dir}/payload"; printf 'a warning without newline' >&2; exit 0`);
      tool('iptables-legacy-save', 'exit 0');
      // a command that reads stdin would eat the rest of the script: it must get /dev/null
      tool('ip6tables-save', 'cat >/dev/null; echo "ip6tables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)" >&2; exit 4');
      tool('ip6tables', 'echo "ip6tables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)" >&2; exit 4');
      tool('ip6tables-legacy-save', 'exit 0');
      // nft without JSON support (as built on some distributions): the text form is the one read
      tool('nft', `[ "$1" = -j ] && { echo "nft: invalid option -- 'j'" >&2; exit 1; }\nprintf 'table inet f {\\n\\tchain o {\\n\\t\\ttype filter hook output priority 0; policy accept;\\n\\t}\\n}\\n'`);
      tool('exim', `case "$2" in config) echo "exim: permission denied reading config" >&2; exit 1;; configure_file) echo '${config}';; exim_user) printf 'exim_user = mailnull\\nexim_group = mail\\n';; esac`);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps stdout byte for byte, stderr and the status, and asks live-mode questions', async () => {
      const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      const bundle = parseBundle(run.stdout, 'fake');
      expect(bundle.complete).toBe(true);
      expect(bundle.header?.fields).toMatchObject({ backend: 'nf_tables', iptables: 'iptables v1.8.9 (nf_tables)', system: 'Linux' });
      const byName = new Map(bundle.records.map((r) => [r.name, r]));
      expect(byName.get('iptables-save -c')).toMatchObject({ stdout: tricky, stderr: 'a warning without newline', exit: 0 });
      expect(byName.get('ip6tables-save -c')).toMatchObject({ exit: 4 });
      // save failed: the listings follow, as live mode would ask for them
      expect(byName.get('ip6tables -L -n -v -x --line-numbers')?.exit).toBe(4);
      expect(byName.get('exim -bP config')).toMatchObject({ exit: 1, stderr: 'exim: permission denied reading config' });
      expect(byName.get(config)).toMatchObject({ type: 'file', stdout: 'primary_hostname = fake.example\nbegin routers\n', exit: 0 });
      expect(byName.get('ip -o addr')?.exit).toBeDefined();
      expect(byName.get('nft -j list ruleset')).toMatchObject({ exit: 1 });
      expect(byName.get('nft list ruleset')).toMatchObject({ exit: 0, stdout: 'table inet f {\n\tchain o {\n\t\ttype filter hook output priority 0; policy accept;\n\t}\n}\n' });

      const inputs = await acquireFromBundle(run.stdout, 'fake');
      expect(inputs.sections.find((s) => s.origin === 'iptables-save -c')?.text).toBe(tricky);
      expect(inputs.sections.find((s) => s.kind === 'nft-ruleset')).toMatchObject({ origin: 'nft list ruleset', detectedBy: expect.stringMatching(/\(bundle fake\) \(nft list ruleset text; nft -j failed\)$/) });
      expect(inputs.problems).toContainEqual({ what: 'ip6tables-save -c', message: 'permission denied (you must be root)' });
      expect(inputs.problems).toContainEqual({ what: 'exim -bP config', message: 'exited with status 1: exim: permission denied reading config; reading the file named by -bP configure_file instead' });
      expect(inputs.sections.find((s) => s.kind === 'exim-config')).toMatchObject({ origin: config, text: 'primary_hostname = fake.example\nbegin routers\n' });
      // not root for ip6tables: live mode stops after the first listing, so no nat listing problem
      expect(inputs.problems.filter((p) => p.what.startsWith('ip6tables -t nat'))).toEqual([]);
    });
  });
});
