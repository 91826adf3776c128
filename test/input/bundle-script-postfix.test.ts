// The collection script on a Postfix host, under dash, with fake postconf/ss/readlink first on
// PATH: it records what live mode asks (postconf -n/-M/-P, the routing tables' sources, never
// the SASL password map; ss -ltnp; readlink -f /usr/sbin/sendmail), and the bundle replays to
// the same inputs live mode collects: Postfix's configuration, planned as Postfix.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireFromBundle } from '../../src/input/bundle-acquire.js';
import { parseBundle } from '../../src/input/bundle-read.js';
import { findShell, runScript } from './support/script-run.js';
import { POSTCONF_M, POSTCONF_P, SS_POSTFIX, TRANSPORT, VIRTUAL } from './support/postfix-samples.js';
import { MAILCOW_ID, MAILCOW_NET, MAILCOW_NETWORKS, MAILCOW_OPTIONS, MAILCOW_PS } from './support/docker-samples.js';

const dash = findShell('dash');
if (!dash) console.warn('skipping Postfix collection script tests: dash is not installed (Debian package dash)');

describe.skipIf(!dash)('the collection script on a Postfix host (dash)', () => {
  let dir = '';
  const tool = (name: string, body: string): void => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ml-postfix-'));
    writeFileSync(join(dir, 'transport'), TRANSPORT);
    writeFileSync(join(dir, 'virtual'), VIRTUAL);
    writeFileSync(join(dir, 'sasl_passwd'), '[relay.test]:587 user:secret\n');
    const main = `transport_maps = hash:${dir}/transport\nvirtual_alias_maps = hash:${dir}/virtual\nsmtp_sasl_password_maps = hash:${dir}/sasl_passwd\nmyhostname = mail.example.test\n`;
    writeFileSync(join(dir, 'main'), main);
    writeFileSync(join(dir, 'master'), POSTCONF_M);
    writeFileSync(join(dir, 'p'), POSTCONF_P);
    writeFileSync(join(dir, 'ss.out'), SS_POSTFIX);
    // postconf -x -h NAMES prints one value per name (the defaults for the rest), as Postfix does
    tool('postconf', [
      `case "$1" in -n) exec cat "${dir}/main";; -M) exec cat "${dir}/master";; -P) exec cat "${dir}/p";; esac`,
      '[ "$1" = -x ] && shift',
      '[ "$1" = -h ] || { echo "unexpected: $*" >&2; exit 1; }',
      'shift',
      'for n in "$@"; do case $n in',
      `  transport_maps) echo "hash:${dir}/transport";;`,
      `  virtual_alias_maps|virtual_alias_domains) echo "hash:${dir}/virtual";;`,
      '  mydestination) echo "mail.example.test, localhost";;',
      '  *) echo;;',
      'esac; done',
    ].join('\n'));
    tool('ss', `[ "$*" = -ltnp ] && exec cat "${dir}/ss.out"; exit 1`);
    tool('readlink', '[ "$*" = "-f /usr/sbin/sendmail" ] && { echo /usr/sbin/sendmail; exit 0; }; exit 1');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records postconf, the routing tables (not the SASL map), ss and sendmail; the bundle is read as Postfix', async () => {
    const run = runScript(dash!, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/unexpected|user:secret/);
    const names = parseBundle(run.stdout, 'fake').records.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['postconf -n', 'postconf -M', 'postconf -P', `${dir}/transport`, `${dir}/virtual`, 'ss -ltnp', 'readlink -f /usr/sbin/sendmail']));
    expect(names).not.toContain(`${dir}/sasl_passwd`);
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mta).toMatchObject({ mta: 'postfix', evidence: { code: 'listens', process: 'master' } });
    expect(inputs.sections.filter((s) => s.kind.startsWith('postfix') || s.kind === 'postconf-p').map((s) => [s.kind, s.origin])).toEqual([
      ['postfix-main-cf', 'postconf -n'],
      ['postfix-master-cf', 'postconf -M'],
      ['postconf-p', 'postconf -P'],
      ['postfix-map', `${dir}/transport`],
      ['postfix-map', `${dir}/virtual`],
    ]);
    expect(inputs.sections.find((s) => s.origin === `${dir}/transport`)?.text).toBe(TRANSPORT);
    expect(inputs.sections[0]?.detectedBy).toMatch(/^collected on /);
    expect(inputs.problems.filter((p) => /postconf|postfix/.test(p.what))).toEqual([]);
  });

  it('a container that publishes SMTP: docker exec ID postconf …, its tables through docker exec ID cat, read as its Postfix', async () => {
    const ddir = mkdtempSync(join(tmpdir(), 'ml-docker-'));
    writeFileSync(join(ddir, 'ps'), MAILCOW_PS);
    writeFileSync(join(ddir, 'networks'), MAILCOW_NETWORKS);
    writeFileSync(join(ddir, 'options'), MAILCOW_OPTIONS);
    writeFileSync(join(ddir, 'transport'), TRANSPORT);
    writeFileSync(join(ddir, 'main'), 'transport_maps = texthash:/etc/postfix/transport\nsmtp_sasl_password_maps = texthash:/etc/postfix/sasl_passwd\n');
    const body = [
      `printf '%s|' "$@" >>"${ddir}/log"; echo >>"${ddir}/log"`,
      `case "$*" in 'ps --no-trunc --format {"ID":'*) exec cat "${ddir}/ps" ;; esac`,
      `[ "$*" = "inspect --format {{json .NetworkSettings.Networks}} ${MAILCOW_ID}" ] && exec cat "${ddir}/networks"`,
      `[ "$*" = "network inspect --format {{json .Options}} ${MAILCOW_NET}" ] && exec cat "${ddir}/options"`,
      `[ "$*" = "exec ${MAILCOW_ID} postconf -n" ] && exec cat "${ddir}/main"`,
      `[ "$*" = "exec ${MAILCOW_ID} postconf -M" ] && exec cat "${dir}/master"`,
      `[ "$*" = "exec ${MAILCOW_ID} postconf -P" ] && exit 0`,
      `case "$*" in "exec ${MAILCOW_ID} postconf -x -h "*) echo texthash:/etc/postfix/transport; exit 0;; esac`,
      `[ "$*" = "exec ${MAILCOW_ID} cat -- /etc/postfix/transport" ] && exec cat "${ddir}/transport"`,
      'echo "unexpected: $*" >&2; exit 1',
    ].join('\n');
    writeFileSync(join(ddir, 'docker'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(ddir, 'docker'), 0o755);
    // no Postfix on the host, and nothing of the host's listening on 25
    const run = runScript(dash!, { env: { ...process.env, PATH: `${ddir}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/unexpected/);
    const inputs = await acquireFromBundle(run.stdout, 'fake');
    expect(inputs.mta).toMatchObject({ mta: 'postfix', evidence: { code: 'container', container: 'mailcowdockerized-postfix-mailcow-1' } });
    expect(inputs.sections.filter((s) => s.kind === 'postfix-main-cf' || s.kind === 'postfix-map').map((s) => s.origin)).toEqual([
      `docker exec ${MAILCOW_ID} postconf -n`,
      'mailcowdockerized-postfix-mailcow-1:/etc/postfix/transport',
    ]);
    expect(inputs.uid).toBeUndefined();
    rmSync(ddir, { recursive: true, force: true });
  });
});
