// Live collection on the machine itself, read-only, with argument arrays only (run-command.ts).
// Whatever cannot be read (not root, a missing command, not Linux) is recorded exactly as a
// CollectionProblem, and collection goes on with what can be read.
import type { CollectionProblem, InputSection } from './collected.js';
import { collectExim, type ReadTextFile } from './live-exim.js';
import { collectFirewall } from './live-firewall.js';
import type { RunCommand, RunOptions } from './run-command.js';

export { routeTo, type RouteAnswer } from './route.js';

export interface LiveOptions extends RunOptions {
  run: RunCommand;
  readFile: ReadTextFile;
  /** process.platform, injectable for tests */
  platform: NodeJS.Platform;
}

export interface LiveCollected {
  sections: InputSection[];
  problems: CollectionProblem[];
  uid?: number;
  gid?: number;
  identityFrom?: string;
}

export async function collectLive(options: LiveOptions): Promise<LiveCollected> {
  const runOptions: RunOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const linux = options.platform === 'linux';
  const [v4, v6, exim] = await Promise.all([
    linux ? collectFirewall(4, options.run, runOptions) : undefined,
    linux ? collectFirewall(6, options.run, runOptions) : undefined,
    collectExim(options.run, options.readFile, runOptions),
  ]);
  const out: LiveCollected = { sections: [], problems: [] };
  if (!linux) out.problems.push({ what: 'iptables, ip6tables', message: `not a Linux machine (platform ${options.platform}): the firewall cannot be read here; run mailleak on the mail server or paste its iptables output` });
  for (const part of [v4, v6, exim]) {
    if (!part) continue;
    for (const s of part.sections) out.sections.push(s);
    for (const p of part.problems) out.problems.push(p);
  }
  if (exim.identity.uid !== undefined) out.uid = exim.identity.uid;
  if (exim.identity.gid !== undefined) out.gid = exim.identity.gid;
  if (exim.identity.from !== undefined) out.identityFrom = exim.identity.from;
  return out;
}
