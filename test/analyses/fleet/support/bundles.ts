// Bundles made from the repository's fixtures, as the collection script would have written them
// on a host with that ruleset (and Exim configuration file, when the fixture has one).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBundle, type BundleRecord } from '../../../../src/input/bundle-format.js';
import { ROOT } from './build.js';

type Rec = Omit<BundleRecord, 'line'>;

/** mailnull (uid 47, gid 12) as on CentOS: the uid owner-match fixtures are written for */
export const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nmailnull:x:47:12::/var/spool/mqueue:/sbin/nologin\n';
export const GROUP = 'root:x:0:\nmail:x:12:\n';

const ok = (type: Rec['type'], name: string, stdout: string): Rec => ({ type, name, stdout, stderr: '', exit: 0 });
const notFound = (name: string): Rec => ({ type: 'cmd', name, stdout: '', stderr: `${name.split(' ')[0]}: command not found`, exit: 127, word: 'not-found' });

export function fixturePath(name: string, file: string): string {
  return join(ROOT, 'fixtures', name, file);
}

/** The records a host with this fixture's files would give; `root: false` as a non-root login. */
export function fixtureRecords(name: string, options: { root?: boolean } = {}): Rec[] {
  return hostRecords((file) => (existsSync(fixturePath(name, file)) ? readFileSync(fixturePath(name, file), 'utf8') : undefined), options);
}

/** The records of a host whose files (`iptables.save`, `ip6tables.save`, `exim.conf`) `read` gives. */
function hostRecords(read: (file: string) => string | undefined, options: { root?: boolean } = {}): Rec[] {
  const records: Rec[] = [];
  for (const [tool, file] of [['iptables', 'iptables.save'], ['ip6tables', 'ip6tables.save']] as const) {
    const text = read(file);
    if (options.root === false) {
      const denied = `${tool}-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n`;
      records.push({ type: 'cmd', name: `${tool}-save -c`, stdout: '', stderr: denied, exit: 4 });
    } else records.push(text === undefined ? notFound(`${tool}-save -c`) : ok('cmd', `${tool}-save -c`, text));
  }
  const exim = read('exim.conf');
  if (exim === undefined) records.push(notFound('exim -bP config'), notFound('exim4 -bP config'));
  else {
    records.push({ type: 'cmd', name: 'exim -bP config', stdout: '', stderr: 'exim: unknown option config\n', exit: 1 });
    records.push(ok('cmd', 'exim -bP configure_file', 'configure_file = /etc/exim.conf\n'), ok('file', '/etc/exim.conf', exim));
    records.push(ok('cmd', 'exim -bP exim_user exim_group', 'exim_user = mailnull\nexim_group = mail\n'));
  }
  records.push(ok('file', '/etc/passwd', PASSWD), ok('file', '/etc/group', GROUP));
  records.push(ok('cmd', 'ip route', 'default via 192.0.2.1 dev eth0\n'));
  return records;
}

export function fixtureBundle(name: string, hostname: string, options: { root?: boolean } = {}): string {
  return formatBundle({ hostname, date: '2026-11-26T21:00:00Z', system: 'Linux', backend: 'nf_tables' }, fixtureRecords(name, options), `mlb${hostname.length}x42`);
}

/** A bundle of a host whose files are given here (`iptables.save`, `ip6tables.save`, `exim.conf`). */
export function filesBundle(files: Record<string, string>, hostname: string): string {
  return formatBundle({ hostname, date: '2026-11-26T21:00:00Z', system: 'Linux', backend: 'nf_tables' }, hostRecords((file) => files[file]), `mlb${hostname.length}x42`);
}
