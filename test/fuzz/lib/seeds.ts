// Real texts the mutators start from, read in place from ../shared (CC BY-NC-SA corpus: never
// copied into the repository). Small files feed the fast CI run; the large corpus dumps are
// used by fewer, slower runs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = '/work/shared';

export interface Seed {
  name: string;
  text: string;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function read(path: string): Seed {
  return { name: path.slice(SHARED.length + 1), text: readFileSync(path, 'utf8') };
}

/** The published body of a case file (what follows its header line). */
function caseSeed(path: string): Seed {
  const text = readFileSync(path, 'utf8');
  const end = text.indexOf('#### END-HEADER ####\n');
  return { name: path.slice(SHARED.length + 1), text: end < 0 ? text : text.slice(end + '#### END-HEADER ####\n'.length) };
}

const SMALL = 64 * 1024;

let cache: { firewall: Seed[]; bigFirewall: Seed[]; cases: Seed[]; exim: Seed[] } | undefined;

/** Why the shared material is missing, or null when it is there. */
export function seedsUnavailable(): string | null {
  return existsSync(join(SHARED, 'reference')) ? null : `${SHARED}/reference not found: the fuzz seeds come from the shared material`;
}

export function loadSeeds(): { firewall: Seed[]; bigFirewall: Seed[]; cases: Seed[]; exim: Seed[] } {
  if (cache) return cache;
  const listing = walk(join(SHARED, 'reference/listing-samples')).filter((p) => !p.endsWith('README.md'));
  const corpus = walk(join(SHARED, 'corpus/net-network')).filter((p) => !/LICENSE|README/i.test(p));
  const all = [...listing, ...corpus].map(read).filter((s) => s.text.trim() !== '');
  const cases = walk(join(SHARED, 'cases')).filter((p) => !p.endsWith('README.md')).map(caseSeed);
  const exim = walk(join(SHARED, 'reference/exim-samples')).filter((p) => /\.(txt|conf|inc)$/.test(p) && !p.endsWith('README.md')).map(read);
  cache = {
    firewall: all.filter((s) => s.text.length <= SMALL),
    bigFirewall: all.filter((s) => s.text.length > SMALL),
    cases,
    exim,
  };
  return cache;
}
