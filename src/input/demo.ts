// The bundled demo (ServerFault 930157): its listing read as a paste, with the gmail.com and
// domain.com zones as DNS, no Exim configuration and no uid. The texts come from node/demo.ts
// (fixtures/demo on disk) or from the web page (bundled into it at build time).
import type { CollectedInputs, InputSection } from './collected.js';
import { splitPaste } from './split-paste.js';

export const DEMO_LISTING = 'serverfault-930157.txt';
export const DEMO_ZONES = ['gmail.com.zone', 'domain.com.zone'];
export const DEMO_TARGET = 'gmail.com';

export function demoInputsFrom(listing: string, zones: { name: string; text: string }[]): CollectedInputs {
  const split = splitPaste(listing, { origin: DEMO_LISTING });
  const sections: InputSection[] = zones.map((z) => ({ kind: 'dns-records', origin: z.name, firstLine: 1, text: z.text, detectedBy: 'bundled demo zone' }));
  return { sections: [...split.sections, ...sections], problems: split.problems, mode: 'demo' };
}
