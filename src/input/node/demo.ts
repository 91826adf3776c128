// --demo: the fixtures are found relative to this module (dist/mailleak.js → ../fixtures/demo;
// src/input/node/demo.ts → ../../../fixtures/demo), so the demo works from any working
// directory. What the demo's inputs are is ../demo.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectedInputs } from '../collected.js';
import { DEMO_LISTING, DEMO_ZONES, demoInputsFrom } from '../demo.js';

export { DEMO_LISTING, DEMO_TARGET, DEMO_ZONES } from '../demo.js';

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
  const zones: { name: string; text: string }[] = [];
  for (const name of DEMO_ZONES) {
    const path = join(dir, name);
    if (existsSync(path)) zones.push({ name, text: await readFile(path, 'utf8') });
  }
  return demoInputsFrom(listing, zones);
}
