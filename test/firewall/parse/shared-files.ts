// Reading the shared reference material in place (never copied into the repository).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = '/work/shared';

/** Every file under `dir`, recursively. */
export function walkFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walkFiles(path) : [path];
  });
}

/** The published text of a case file: what follows its `#### END-HEADER ####` line. */
export function caseBody(path: string): string {
  return readFileSync(path, 'utf8').split('#### END-HEADER ####')[1] ?? '';
}
