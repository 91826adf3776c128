// The lookup files the exim -be tier writes to its temporary directory: lsearch data with quoted
// keys, continuations, comments and defaults; wildcard keys; IP networks; a directory for dsearch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LSEARCH = [
  '# comment line',
  'alpha: one',
  'Beta   two words  ',
  'gamma:three',
  '  ignored continuation at the start',
  'delta: first',
  '  second part',
  '',
  '# a comment inside',
  '\tthird part',
  '"quoted key": quoted value',
  '"esc\\x41ped": hex',
  '*.example.test: star-domain',
  'sub.example.test: exact-sub',
  '*.b.c.d: partial-bcd',
  '*@domain.test: star-at',
  'user@domain.test: exact-user',
  'empty:',
  'colon :  spaced',
  'mixed.Example.TEST: mixed',
  'eps: e1',
  '# comment inside an entry',
  '  e2',
].join('\n') + '\n';

export const WILD = [
  '*.wild.test: suffix',
  '^re[0-9]+\\.test$: regex',
  'Literal.Test: literal',
  '\\N^an[a-c]hored\\N: expanded-regex',
].join('\n') + '\n';

export const STAR = ['foo: bar', '*: default-value'].join('\n') + '\n';

export const IPS = ['192.0.2.0/24: doc-net', '198.51.100.7: one-host', '"2001:db8::/32": v6-net', '203.0.113.0/25 low-half'].join('\n') + '\n';

export const DIR_ENTRIES = ['example.test', 'Other.Test', 'box'];

export interface LookupFiles {
  lsearch: string;
  wild: string;
  star: string;
  ips: string;
  dir: string;
  missing: string;
}

export function writeLookupFiles(dir: string): LookupFiles {
  const files: LookupFiles = {
    lsearch: join(dir, 'data.lsearch'),
    wild: join(dir, 'data.wild'),
    star: join(dir, 'data.star'),
    ips: join(dir, 'data.ips'),
    dir: join(dir, 'entries'),
    missing: join(dir, 'no-such-file'),
  };
  writeFileSync(files.lsearch, LSEARCH);
  writeFileSync(files.wild, WILD);
  writeFileSync(files.star, STAR);
  writeFileSync(files.ips, IPS);
  mkdirSync(files.dir);
  for (const e of DIR_ENTRIES) writeFileSync(join(files.dir, e), '');
  return files;
}
