// The Exim reference captures in ../shared (read-only; read in place, never copied into the repo).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLES_DIR = fileURLToPath(new URL('../../../../../shared/reference/exim-samples', import.meta.url));
export const samplesAvailable = existsSync(SAMPLES_DIR);
if (!samplesAvailable) console.warn(`skipping tests on the Exim reference samples: ${SAMPLES_DIR} not found`);

export function readSample(name: string): string {
  return readFileSync(`${SAMPLES_DIR}/${name}`, 'utf8');
}

/** The stdout part of a capture file (`--- stdout ---` … `--- stderr ---`). */
export function sampleStdout(name: string): string {
  const text = readSample(name);
  const m = /--- stdout ---\n([\s\S]*?)--- stderr ---/.exec(text);
  return m ? m[1]! : text;
}
