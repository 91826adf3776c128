// `mailleak check --allow DOMAIN [--probe a.com,b.com] [inputs]` for CI: mail must reach the
// allowed domains and nothing else. Exit 0 compliant, 1 violation (a probe leaks, or an allowed
// domain is blocked), 2 bad input or usage, 3 cannot decide. The check is src/analyses/check.
import type { Command } from 'commander';
import { chooseProbes, DEFAULT_PROBES, runCheck } from '../../analyses/check/check.js';
import { acquireInputs } from '../../input/node/acquire.js';
import { liveDns } from '../../mail/dns/live-resolver.js';
import { renderCheckJson } from '../../report/check-json.js';
import { renderCheckText } from '../../report/check-text.js';
import { paletteForStdout } from '../../report/color.js';
import { describeUnreadable } from '../../report/unreadable-text.js';
import { UsageError } from '../shared/exit.js';
import { addInputOptions, toAcquireOptions, type InputFlags } from '../shared/input-options.js';
import { checkTarget, collectList, colorOption, readSender, SENDER_HELP } from '../shared/options.js';

export function registerCheck(program: Command): void {
  addInputOptions(
    program
      .command('check')
      .description('For CI: asserts mail can reach only the allowed domains. Exit 0 compliant, 1 violation, 2 bad input, 3 cannot decide.')
      .option('--allow <domain>', 'a domain mail must reach (repeatable, comma-separated; required)', collectList, [])
      .option('--probe <domains>', `domains mail must NOT reach (comma-separated; default ${DEFAULT_PROBES.join(',')})`, collectList, [])
      .option('--sender <addr>', SENDER_HELP),
  ).action(async (flags: InputFlags & { allow: string[]; probe: string[]; sender?: string }, cmd: Command) => {
    if (flags.allow.length === 0) throw new UsageError('check needs --allow DOMAIN (the domain mail is meant to reach)');
    const probes = chooseProbes(flags.allow, flags.probe);
    for (const d of [...flags.allow, ...probes]) checkTarget(d, 'domain');
    const sender = readSender(flags.sender);
    const inputs = await acquireInputs(toAcquireOptions(flags));
    const check = await runCheck(inputs, flags.allow, probes, { liveDns, ...(sender !== undefined ? { sender } : {}) });
    if ('unreadable' in check) throw new UsageError(describeUnreadable(check.unreadable));
    process.stdout.write(flags.json ? renderCheckJson(check) : renderCheckText(check, paletteForStdout(colorOption(cmd))));
    process.exitCode = check.summary.exitCode;
  });
}
