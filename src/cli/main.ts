// The CLI only wires options to the core, picks a renderer and maps results to exit codes.
import { Command, CommanderError } from 'commander';
import { InputError } from '../input/errors.js';
import { EXIT, EXIT_MEANINGS, UsageError } from './shared/exit.js';
import { registerTrace } from './commands/trace.js';
import { registerRoute } from './commands/route.js';
import { registerExplain } from './commands/explain.js';
import { registerCheck } from './commands/check.js';
import { registerCollect } from './commands/collect.js';
import { registerFleet } from './commands/fleet.js';
import { registerEgress } from './commands/egress.js';
import { registerWeb } from './commands/web.js';

const EXIT_CODES_HELP = `\nExit codes:\n${EXIT_MEANINGS.map(([code, meaning]) => `  ${String(code).padEnd(3)}${meaning}`).join('\n')}`;

export function buildProgram(): Command {
  const program = new Command('mailleak')
    .description('Explains why outbound mail leaks through (or is blocked by) an iptables firewall.')
    .version('0.1.0')
    .option('--no-color', 'plain text output (also NO_COLOR=1)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerTrace(program);
  registerRoute(program);
  registerExplain(program);
  registerCheck(program);
  registerCollect(program);
  registerFleet(program);
  registerEgress(program);
  registerWeb(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // bad options (UsageError) and input that cannot be acquired (InputError): exit 2
    if (err instanceof UsageError || err instanceof InputError) {
      process.stderr.write(`mailleak: ${err.message}\n`);
      return EXIT.usage;
    }
    // An internal error is still reported as one line, never a stack trace (set MAILLEAK_DEBUG=1 for it).
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mailleak: internal error: ${message}\n`);
    if (process.env.MAILLEAK_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return EXIT.internal;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
