// The page's inputs become CollectedInputs through the CLI's own acquisition (acquireWith):
// the paste is what the CLI reads from stdin, each declared input a file its flag names, read
// from the texts the page holds (so main.cf finds master.cf and its tables by name). Nothing is
// run and nothing is fetched: there is no machine behind the page.
import { acquireWith, type AcquireOptions } from '../input/acquire.js';
import { looksLikeBundle } from '../input/bundle-format.js';
import type { CollectedInputs } from '../input/collected.js';
import { InputError } from '../input/errors.js';
import { classifyMailTarget, describeBadTarget } from '../mail/target.js';
import type { PageInputKind, PageState } from './page-state.js';

/** "./main.cf" and "main.cf" name the same text. */
function keyOf(path: string): string {
  return path.replace(/^(?:\.\/)+/, '');
}

/** The same refusal `mailleak explain` gives for a target that is not a mail domain or address. */
export function checkPageTarget(target: string, what = 'target'): string | undefined {
  return classifyMailTarget(target) === 'hostname' ? undefined : describeBadTarget(target, what);
}

function only(state: PageState, kind: PageInputKind, flag: string): string | undefined {
  const named = state.inputs.filter((i) => i.kind === kind);
  if (named.length > 1) throw new InputError(`${flag}: one input at a time, but ${named.length} are declared so (${named.map((i) => i.name).join(', ')})`);
  return named[0]?.name;
}

export function toPageAcquireOptions(state: PageState): AcquireOptions {
  const names = (kind: PageInputKind): string[] => state.inputs.filter((i) => i.kind === kind).map((i) => i.name);
  const paste = only(state, 'paste', 'paste');
  // a dropped bundle is the file `--bundle FILE` names (so its sections say "bundle FILE", not "bundle stdin")
  const bundle = paste === undefined ? undefined : state.inputs.find((i) => i.kind === 'paste' && looksLikeBundle(i.text))?.name;
  const options: AcquireOptions = { iptables: names('iptables'), ip6tables: names('ip6tables'), dns: names('dns'), stdinIsTTY: false, stdinIsNull: paste === undefined || bundle !== undefined, stdinGraceMs: 0 };
  if (bundle !== undefined) options.bundle = bundle;
  if (names('nft').length > 0) options.nft = names('nft');
  if (names('postconf').length > 0) options.postconf = names('postconf');
  const single: [PageInputKind, string, 'eximConfig' | 'eximBp' | 'eximBt' | 'postfixConfig'][] = [
    ['exim-config', '--exim-config', 'eximConfig'],
    ['exim-bp', '--exim-bp', 'eximBp'],
    ['exim-bt', '--exim-bt', 'eximBt'],
    ['postfix-config', '--postfix-config', 'postfixConfig'],
  ];
  for (const [kind, flag, key] of single) {
    const name = only(state, kind, flag);
    if (name !== undefined) options[key] = name;
  }
  if (paste !== undefined && bundle === undefined) options.pasteOrigin = paste;
  if (state.oif.trim() !== '') options.oif = state.oif.trim();
  if (state.src.trim() !== '') options.src = state.src.trim();
  if (state.uid.trim() !== '') options.uid = state.uid.trim();
  if (state.gid.trim() !== '') options.gid = state.gid.trim();
  if (state.family !== '') options.family = state.family === '6' ? 6 : 4;
  if (state.mtaContainer.length > 0) options.mtaContainer = state.mtaContainer;
  return options;
}

/** The page's inputs as the analysis reads them; InputError for what the CLI refuses with exit 2. */
export async function acquirePageInputs(state: PageState): Promise<CollectedInputs> {
  const files = new Map<string, string>();
  for (const input of state.inputs) if (input.kind !== 'paste' || looksLikeBundle(input.text)) files.set(keyOf(input.name), input.text);
  const paste = state.inputs.find((i) => i.kind === 'paste');
  return acquireWith(toPageAcquireOptions(state), {
    run: () => Promise.reject(new InputError('the page runs no commands')),
    readFile: (path) => {
      const text = files.get(keyOf(path));
      // the code describeReadError words as "no such file"
      return text === undefined ? Promise.reject(Object.assign(new Error('no such file'), { code: 'ENOENT' })) : Promise.resolve(text);
    },
    readStdin: () => Promise.resolve(paste?.text),
    platform: 'linux',
  });
}
