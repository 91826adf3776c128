// `mailleak route` for Postfix: --postfix-config (main.cf or its directory, with master.cf and
// the routing tables it names) and --postconf outputs become one PostfixConfig. Files that
// cannot be read are problems the route report shows as unknowns, never guesses.
import type { CollectionProblem, InputSection } from '../../input/collected.js';
import { detectPostfixKindFor, readNamedFiles, readPostfixDirectory } from '../../input/postfix-files.js';
import { readPostfixConfig, type PostfixConfig } from '../../mail/postfix/config.js';

export interface PostfixFlags {
  postfixConfig?: string;
  postconf: string[];
}

export async function readRoutePostfix(flags: PostfixFlags, readText: (path: string) => Promise<string>): Promise<{ config: PostfixConfig; problems: CollectionProblem[] }> {
  const sections: InputSection[] = [];
  const problems: CollectionProblem[] = [];
  for (const path of flags.postconf) {
    const text = await readText(path);
    sections.push({ kind: detectPostfixKindFor(text), origin: path === '-' ? 'stdin' : path, firstLine: 1, text, detectedBy: 'declared by --postconf' });
  }
  const more = flags.postfixConfig !== undefined ? await readPostfixDirectory(flags.postfixConfig, readText) : await readNamedFiles(sections, undefined, readText);
  sections.push(...more.sections);
  problems.push(...more.problems);
  const of = (kind: InputSection['kind']) => sections.filter((s) => s.kind === kind).map((s) => ({ origin: s.origin, text: s.text }));
  const maps = sections.filter((s) => s.kind === 'postfix-map');
  // --postfix-config's main.cf first, so what postconf printed (the running values) wins
  const main = [...sections.filter((s) => s.kind === 'postfix-main-cf' && s.detectedBy !== 'declared by --postconf'), ...sections.filter((s) => s.kind === 'postfix-main-cf' && s.detectedBy === 'declared by --postconf')];
  const config = readPostfixConfig({ main: main.map((s) => ({ origin: s.origin, text: s.text })), master: of('postfix-master-cf'), postconfP: of('postconf-p'), readFile: (path) => maps.find((m) => m.path === path)?.text });
  return { config, problems };
}
