// --demo: the ServerFault 930157 listing as if piped, with the gmail.com (and domain.com) zone
// as DNS, no Exim configuration and no uid. The fixtures are found relative to this module
// (dist/mailleak.js → ../fixtures/demo; src/input/node/demo.ts → ../../../fixtures/demo), so the
// demo works from any working directory.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectedInputs, InputSection } from '../collected.js';
import { splitPaste } from '../split-paste.js';

export const DEMO_LISTING = 'serverfault-930157.txt';
export const DEMO_ZONES = ['gmail.com.zone', 'domain.com.zone'];
export const DEMO_TARGET = 'gmail.com';

export function findDemoDir(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'demo');
    if (existsSync(join(candidate, DEMO_LISTING))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export async function loadDemoInputs(dir: string): Promise<CollectedInputs> {
  const listing = await readFile(join(dir, DEMO_LISTING), 'utf8');
  const split = splitPaste(listing, { origin: DEMO_LISTING });
  const zones: InputSection[] = [];
  for (const name of DEMO_ZONES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    zones.push({ kind: 'dns-records', origin: name, firstLine: 1, text: await readFile(path, 'utf8'), detectedBy: 'bundled demo zone' });
  }
  return { sections: [...split.sections, ...zones], problems: split.problems, mode: 'demo' };
}
