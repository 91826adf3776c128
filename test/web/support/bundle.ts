// A real `mailleak collect` bundle: the collection script (src/input/bundle-script.ts) run under
// dash as `… | ssh host sh` runs it, with fake firewall and Exim tools first on PATH that print
// fixture files (so the bundle says what the fixtures say, whatever this machine's firewall is).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectScript } from '../../../src/input/bundle-script.js';

export const DASH = ['/usr/bin/dash', '/bin/dash'].find((p) => existsSync(p));

/** The bundle's text: mx-not-covered's rulesets (nf_tables backend, no native nft table) and mta-refuses' Exim. */
export function collectFakeBundle(root: string): string {
  if (!DASH) throw new Error('dash is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'mailleak-fake-host-'));
  const tool = (name: string, body: string): void => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  tool('iptables', `[ "$1" = -V ] && { echo 'iptables v1.8.9 (nf_tables)'; exit 0; }\necho "unexpected: $*" >&2; exit 1`);
  tool('iptables-save', `cat "${root}/fixtures/mx-not-covered/iptables.save"`);
  tool('ip6tables-save', `cat "${root}/fixtures/mx-not-covered/ip6tables.save"`);
  tool('ip6tables', `echo "unexpected: $*" >&2; exit 1`);
  for (const legacy of ['iptables-legacy-save', 'ip6tables-legacy-save']) tool(legacy, 'exit 0');
  tool('nft', 'exit 0');
  tool('exim', `case "$2" in config) cat "${root}/fixtures/mta-refuses/exim.conf";; exim_user) printf 'exim_user = Debian-exim\\nexim_group = Debian-exim\\n';; *) exit 1;; esac`);
  // no docker or podman on this fake host: only the fakes and the base system on PATH (the script adds the sbin folders)
  const r = spawnSync(DASH, [], { input: collectScript(), encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin`, LANG: 'C' }, timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`the collection script failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
