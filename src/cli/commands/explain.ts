// `mailleak explain DOMAIN|ADDRESS`: wires options to acquisition and the analysis core, picks
// a renderer, and maps the outcome to an exit code (0 whenever an analysis was produced).
import type { Command } from 'commander';
import { analyse } from '../../analyses/explain/analyse.js';
import { acquireInputs } from '../../input/node/acquire.js';
import { liveDns } from '../../mail/dns/live-resolver.js';
import { paletteForStdout } from '../../report/color.js';
import { renderExplainJson } from '../../report/explain-json.js';
import { renderExplainText } from '../../report/explain-text.js';
import { EXIT } from '../shared/exit.js';
import { addInputOptions, assertReadable, demoInputs, toAcquireOptions, type InputFlags } from '../shared/input-options.js';
import { checkTarget, collectList, colorOption, readSender, SENDER_HELP } from '../shared/options.js';

export function registerExplain(program: Command): void {
  addInputOptions(
    program
      .command('explain')
      .argument('<target>', 'a mail domain (gmail.com) or address (user@gmail.com)')
      .description('Explains why mail to TARGET leaks through (or is blocked by) the firewall: the delivery plan joined with a trace of every connection attempt.')
      .option('--allow <domain>', 'the domain(s) mail is meant to reach (repeatable, comma-separated): checks their MX hosts are covered', collectList, [])
      .option('--sender <addr>', SENDER_HELP)
      .option('--demo', 'run the bundled ServerFault 930157 example (CSF listing, gmail.com zone)'),
  ).action(async (target: string, flags: InputFlags & { allow: string[]; demo?: boolean; sender?: string }, cmd: Command) => {
    checkTarget(target);
    for (const d of flags.allow) checkTarget(d, '--allow');
    const sender = readSender(flags.sender);
    const inputs = flags.demo ? await demoInputs() : await acquireInputs(toAcquireOptions(flags));
    const report = await analyse(inputs, target, { allow: flags.allow, liveDns, ...(sender !== undefined ? { sender } : {}) });
    assertReadable(inputs, report);
    process.stdout.write(flags.json ? renderExplainJson(report) : renderExplainText(report, paletteForStdout(colorOption(cmd))));
    process.exitCode = EXIT.ok;
  });
}
