// A Postfix configuration as mailleak reads it: main.cf and/or `postconf -n`/`postconf` output
// (later inputs win), master.cf or `postconf -M`, `postconf -P` overrides, and the files the
// configuration names (lookup table sources, list files) through an injected reader.
import type { Diagnostic } from '../../diagnostics.js';
import type { TextFileReader } from './maps.js';
/** A text and where it came from (src/input/read.ts InputText). */
type InputText = { origin: string; text: string };
import { mergeMainCf, readMainCf, type MainCf } from './main-cf.js';
import { readMasterCf, readPostconfP, type MasterCf } from './master-cf.js';

export interface PostfixConfig {
  main: MainCf;
  /** undefined when neither master.cf nor postconf -M/-P output was given */
  master?: MasterCf;
  /** files named by the configuration, by the path it names them with */
  readFile: TextFileReader;
  diagnostics: Diagnostic[];
}

/** A text with the origin's line it starts at (a section of a paste), 1 when whole. */
export type PostfixText = InputText & { firstLine?: number };

export interface PostfixTexts {
  main: PostfixText[];
  master: PostfixText[];
  postconfP: PostfixText[];
  readFile?: TextFileReader;
}

export function readPostfixConfig(texts: PostfixTexts): PostfixConfig {
  const mains = texts.main.map((t) => readMainCf(t.text, t.origin, t.firstLine));
  const main = mains.length > 0 ? mergeMainCf(mains) : { origin: 'defaults', params: new Map(), diagnostics: [] };
  let master: MasterCf | undefined;
  if (texts.master.length > 0 || texts.postconfP.length > 0) {
    master = { services: [], diagnostics: [] };
    for (const t of texts.master) {
      const read = readMasterCf(t.text, t.origin, t.firstLine);
      master.services.push(...read.services);
      master.diagnostics.push(...read.diagnostics);
    }
    for (const t of texts.postconfP) readPostconfP(t.text, t.origin, master, t.firstLine);
  }
  const out: PostfixConfig = { main, readFile: texts.readFile ?? (() => undefined), diagnostics: [...main.diagnostics, ...(master?.diagnostics ?? [])] };
  if (master) out.master = master;
  return out;
}
